//! Factur-X / ZUGFeRD CII (D16B) writer and reader.

pub mod reader;
pub mod writer;

pub use reader::read;
pub use writer::write;
