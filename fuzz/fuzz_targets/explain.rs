//! Chorus Pro rejection texts: any text gets an explanation, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = chorus_guard::explain(&text);
});
