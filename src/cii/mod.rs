//! Factur-X / ZUGFeRD CII (D16B) writer and reader.

mod dom;
pub mod names;
mod profiles;
pub mod reader;
pub mod writer;
pub(crate) mod xmlout;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

pub use reader::read;
pub use writer::write;
