//! Embedding a fixed, valid invoice XML into arbitrary PDF bytes; what comes out
//! must give the same XML back.
#![no_main]

use libfuzzer_sys::fuzz_target;

const XML: &str = include_str!("../../tests/fixtures/pdf/factur-x.xml");

fuzz_target!(|data: &[u8]| {
    if let Ok(pdf) = chorus_guard::pdf(data, XML) {
        let back = chorus_guard::extract(&pdf);
        assert_eq!(
            back.as_deref(),
            Ok(XML),
            "embedded XML does not come back out"
        );
    }
});
