//! FlateDecode within a bound: lopdf inflates with `read_to_end`, which follows a
//! compression bomb to the end of memory. Here output stops at a limit instead.

use flate2::read::ZlibDecoder;
use std::io::Read;

/// Whether `data` starts with a zlib header (deflate, valid check bits): only
/// such data can inflate in lopdf, whose FlateDecode expects zlib.
pub fn is_zlib(data: &[u8]) -> bool {
    match data {
        [cmf, flg, ..] => cmf & 0x0f == 8 && (u16::from(*cmf) * 256 + u16::from(*flg)) % 31 == 0,
        _ => false,
    }
}

/// How many bytes `data` inflates to, or `None` beyond `limit`. Inflation stops
/// at the end of the zlib stream or at the first corrupt byte, as lopdf's does.
pub fn inflated_len(data: &[u8], limit: usize) -> Option<usize> {
    let mut decoder = ZlibDecoder::new(data).take(limit as u64 + 1);
    let mut buf = [0u8; 16 * 1024];
    let mut total = 0usize;
    loop {
        match decoder.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => total += n,
        }
        if total > limit {
            return None;
        }
    }
    Some(total)
}

pub enum Inflated {
    Done(Vec<u8>),
    TooLarge,
    Corrupt(String),
}

/// The inflated bytes of `data`, at most `limit` of them.
pub fn inflate(data: &[u8], limit: usize) -> Inflated {
    let mut out = Vec::new();
    let mut decoder = ZlibDecoder::new(data).take(limit as u64 + 1);
    match decoder.read_to_end(&mut out) {
        Ok(_) if out.len() > limit => Inflated::TooLarge,
        Ok(_) => Inflated::Done(out),
        Err(e) => Inflated::Corrupt(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::ZlibEncoder;
    use flate2::Compression;
    use std::io::Write;

    fn zlib(bytes: &[u8]) -> Vec<u8> {
        let mut e = ZlibEncoder::new(Vec::new(), Compression::best());
        assert!(e.write_all(bytes).is_ok());
        e.finish().unwrap_or_default()
    }

    #[test]
    fn a_bomb_stops_at_the_limit() {
        let bomb = zlib(&vec![0u8; 10_000_000]);
        assert!(bomb.len() < 20_000, "{}", bomb.len());
        assert!(is_zlib(&bomb));
        assert_eq!(inflated_len(&bomb, 1_000_000), None);
        assert_eq!(inflated_len(&bomb, 10_000_000), Some(10_000_000));
        assert!(matches!(inflate(&bomb, 1_000), Inflated::TooLarge));
    }

    #[test]
    fn ordinary_data_inflates_and_garbage_is_not_zlib() {
        let data = zlib(b"<rsm:CrossIndustryInvoice/>");
        assert!(
            matches!(inflate(&data, 100), Inflated::Done(d) if d == b"<rsm:CrossIndustryInvoice/>")
        );
        assert!(!is_zlib(b"%PDF"));
        assert!(!is_zlib(b"x"));
        let mut cut = data.clone();
        cut.truncate(data.len() / 2);
        assert!(matches!(inflate(&cut, 100), Inflated::Corrupt(_)));
    }
}
