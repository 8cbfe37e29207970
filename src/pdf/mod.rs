//! Factur-X PDF: embed `factur-x.xml` as a PDF/A-3 attachment, and extract it.

pub mod embed;
pub mod extract;
mod guard;
mod icc;
mod inflate;
mod load;
mod md5;
mod names;
mod xmp;

pub use embed::embed;
pub use extract::extract;

#[cfg(test)]
mod sample;
#[cfg(test)]
mod tests;
