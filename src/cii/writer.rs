//! The CII writer.

use crate::model::{Invoice, Profile};
use crate::Error;

pub fn write(_invoice: &Invoice, _profile: Profile) -> Result<String, Error> {
    Err(Error::new("todo", "pas encore écrit", "not written yet"))
}
