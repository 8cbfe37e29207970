use crate::Error;

pub fn extract(_pdf: &[u8]) -> Result<Vec<u8>, Error> {
    Err(Error::new("todo", "pas encore écrit", "not written yet"))
}
