//! The whole pipeline on whatever JSON parses: check, map a form to an invoice,
//! complete it, write its XML and read that XML back.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(input) = chorus_guard::parse_json(text) else {
        return;
    };
    let _ = chorus_guard::check(&input);
    let invoice = chorus_guard::invoice_of(&input);
    if let Ok(xml) = chorus_guard::xml(&invoice, None) {
        if let Err(e) = chorus_guard::read(&xml) {
            panic!("the engine's own XML does not read back: {}", e.message_en);
        }
    }
});
