//! Factur-X PDF: embed `factur-x.xml` as a PDF/A-3 attachment, and extract it.

pub mod embed;
pub mod extract;

pub use embed::embed;
pub use extract::extract;
