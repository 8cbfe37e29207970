//! Extraction from arbitrary PDF bytes: the XML or an error, never a panic, a hang
//! or an allocation beyond the documented limits.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(xml) = chorus_guard::extract(data) {
        let _ = chorus_guard::read(&xml);
    }
});
