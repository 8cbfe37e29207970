//! `check` on forms built from the fuzzer's bytes field by field (a JSON fuzzer seldom
//! writes a whole valid form): every rule runs on odd but well-typed forms. The
//! invoice each maps to must write XML that reads back.
#![no_main]

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};

fn pick<'a>(u: &mut Unstructured, from: &[&'a str]) -> Result<&'a str> {
    u.choose(from).copied()
}

/// A string that is often one of `usual`, sometimes anything.
fn text(u: &mut Unstructured, usual: &[&str]) -> Result<Value> {
    Ok(match u.int_in_range(0..=5u8)? {
        0 => Value::Null,
        1 => Value::String(u.arbitrary::<String>()?),
        _ if !usual.is_empty() => Value::String(pick(u, usual)?.to_string()),
        _ => Value::String(u.arbitrary::<String>()?),
    })
}

/// A decimal string of any sign and scale (within the engine's range, mostly).
fn decimal(u: &mut Unstructured) -> Result<String> {
    let units = u.int_in_range(-10_000_000_000i64..=10_000_000_000)?;
    let scale = u.int_in_range(0..=6u32)?;
    Ok(rust_decimal::Decimal::new(units, scale).to_string())
}

fn date(u: &mut Unstructured) -> Result<Value> {
    Ok(match u.int_in_range(0..=3u8)? {
        0 => Value::Null,
        _ => json!(format!(
            "{:04}-{:02}-{:02}",
            u.int_in_range(1990..=2100u16)?,
            u.int_in_range(1..=12u8)?,
            u.int_in_range(1..=28u8)?
        )),
    })
}

fn address(u: &mut Unstructured) -> Result<Value> {
    Ok(json!({
        "line1": text(u, &["58 bd Charles Livon", ""])?,
        "city": text(u, &["Marseille", ""])?,
        "postcode": text(u, &["13007", "1300", ""])?,
        "country": text(u, &["FR", "BE", "fr", ""])?,
    }))
}

fn service(u: &mut Unstructured) -> Result<Value> {
    if u.ratio(1, 3)? {
        return Ok(Value::Null);
    }
    Ok(json!({
        "code": pick(u, &["04AMIDEX", "", "SERVICE-INFO-42", "x"])?,
        "active": u.arbitrary::<bool>()?,
        "engagement_required": u.arbitrary::<bool>()?,
    }))
}

fn partner(u: &mut Unstructured, id: i64, parent: Option<i64>) -> Result<Value> {
    Ok(json!({
        "id": id,
        "display_name": pick(u, &["Aix Marseille Université, AIX MARSEILLE UNIVERSITE", "Aix Marseille Université", ""])?,
        "parent_id": parent,
        "is_company": parent.is_none(),
        "active": u.arbitrary::<bool>()?,
        "service": service(u)?,
        "siret": text(u, &["13001533200013", "13001533200014", "130015332"])?,
        "address": address(u)?,
    }))
}

fn line(u: &mut Unstructured) -> Result<Value> {
    let mut taxes = Vec::new();
    for _ in 0..u.int_in_range(0..=2u8)? {
        taxes.push(json!({
            "rate": pick(u, &["20", "10", "5.5", "2.1", "0", "-5", "100"])?,
            "category": pick(u, &["S", "Z", "E", "AE", "K", "G", "O", "L", "X"])?,
            "exemption_reason": text(u, &["Autoliquidation"])?,
        }));
    }
    Ok(json!({
        "name": u.arbitrary::<String>()?,
        "quantity": decimal(u)?,
        "uom_code": text(u, &["C62", "HUR", "DAY", "ZZZ"])?,
        "price_unit": decimal(u)?,
        "discount": if u.arbitrary::<bool>()? { Value::Null } else { json!(decimal(u)?) },
        "taxes": taxes,
    }))
}

fn form(u: &mut Unstructured) -> Result<Value> {
    let contact = partner(u, 11, Some(10))?;
    let mut lines = Vec::new();
    for _ in 0..u.int_in_range(0..=4u8)? {
        lines.push(line(u)?);
    }
    Ok(json!({
        "move_type": pick(u, &["out_invoice", "out_refund", "in_invoice", "entry"])?,
        "state": pick(u, &["draft", "posted", "cancel"])?,
        "name": text(u, &["INV/2026/04/0003", "/"])?,
        "partner": if u.arbitrary::<bool>()? { contact.clone() } else { partner(u, 10, None)? },
        "commercial_partner": {
            "id": 10,
            "name": pick(u, &["Aix Marseille Université", ""])?,
            "fr_chorus_required": pick(u, &["none", "service", "engagement", "service_or_engagement", "service_and_engagement"])?,
            "siret": text(u, &["13001533200013"])?,
            "address": address(u)?,
            "contacts": if u.arbitrary::<bool>()? { vec![contact] } else { vec![] },
        },
        "transmit_method_code": text(u, &["fr-chorus", "mail"])?,
        "ref": text(u, &["04AMIDEX", "EJ-2026-0815"])?,
        "engagement": text(u, &["EJ-2026-0815"])?,
        "payment_mode": if u.arbitrary::<bool>()? { Value::Null } else { json!({
            "code": text(u, &["30", "58", "49", "1"])?,
            "iban": text(u, &["FR76 1382 5002 0008 0132 8023 592", "FR7630006000011234567890189", "FR00"])?,
        }) },
        "company": {
            "name": pick(u, &["SCIC UdN", ""])?,
            "siret": text(u, &["85214736200010"])?,
            "vat": text(u, &["FR17852147362"])?,
            "address": address(u)?,
            "ref_mode": pick(u, &["service_code", "engagement"])?,
        },
        "invoice_date": date(u)?,
        "invoice_date_due": date(u)?,
        "currency": pick(u, &["EUR", "USD", "", "eur"])?,
        "narration": text(u, &[])?,
        "reversed_entry": if u.arbitrary::<bool>()? { Value::Null } else { json!({"name": "INV/2026/0001", "invoice_date": date(u)?}) },
        "lines": lines,
        "last_sent_fingerprint": text(u, &[])?,
    }))
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(value) = form(&mut u) else {
        return;
    };
    let Ok(input) = chorus_guard::input::from_value(value) else {
        return;
    };
    let _ = chorus_guard::check(&input);
    let invoice = chorus_guard::invoice_of(&input);
    let _ = invoice.completed();
    if let Ok(xml) = chorus_guard::xml(&invoice, None) {
        if let Err(e) = chorus_guard::read(&xml) {
            panic!("the engine's own XML does not read back: {}", e.message_en);
        }
    }
});
