//! The CII reader on arbitrary text: an error or an invoice, never a panic. An
//! invoice it accepts must also survive being written back.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(invoice) = chorus_guard::read(text) {
        let _ = chorus_guard::check_invoice(&invoice, &Default::default());
        let _ = chorus_guard::xml(&invoice, None);
    }
});
