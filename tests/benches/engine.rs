//! Native benchmarks of the engine's public API (issue 5): `check`, `xml`, `read`,
//! `pdf` (embed) and `extract`, on the 1-, 50- and 1000-line bench invoice.
//! Run with `npm run bench` (everything) or `cargo bench --bench engine`.

use chorus_guard::{Input, Profile};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::time::Duration;

mod fixtures;
use fixtures::SIZES;

/// The demo's base PDF: the one the browser attaches the XML to.
const BASE_PDF: &[u8] = include_bytes!("../../www/sample-invoice.pdf");

fn bench_check(c: &mut Criterion) {
    let mut group = c.benchmark_group("check");
    for n in SIZES {
        group.throughput(Throughput::Elements(n as u64));
        // What the form sends on each keystroke: form rules, then invoice rules.
        let form = Input::Form(Box::new(fixtures::form_state(n)));
        group.bench_with_input(BenchmarkId::new("form", n), &form, |b, input| {
            b.iter(|| chorus_guard::check(black_box(input)))
        });
        let invoice = Input::Invoice(Box::new(fixtures::invoice(n)));
        group.bench_with_input(BenchmarkId::new("invoice", n), &invoice, |b, input| {
            b.iter(|| chorus_guard::check(black_box(input)))
        });
        // The French reform's rules on top of EN 16931 (`check --profile fr-ctc`).
        let fr_ctc = chorus_guard::CheckOptions::fr_ctc();
        let plain = fixtures::invoice(n);
        group.bench_with_input(
            BenchmarkId::new("invoice-fr-ctc", n),
            &plain,
            |b, invoice| b.iter(|| chorus_guard::check_invoice(black_box(invoice), &fr_ctc)),
        );
    }
    group.finish();
}

fn bench_xml(c: &mut Criterion) {
    let mut group = c.benchmark_group("xml");
    for n in SIZES {
        group.throughput(Throughput::Elements(n as u64));
        let invoice = fixtures::invoice(n);
        group.bench_with_input(BenchmarkId::from_parameter(n), &invoice, |b, invoice| {
            b.iter(|| chorus_guard::xml(black_box(invoice), Some(Profile::En16931)))
        });
    }
    group.finish();
}

/// The whole engine side of one keystroke, as the browser does it: the form's JSON
/// text parsed, then `check_and_xml` (checked, and its XML written, from one reading).
fn bench_keystroke(c: &mut Criterion) {
    let mut group = c.benchmark_group("keystroke");
    for n in SIZES {
        group.throughput(Throughput::Elements(n as u64));
        let text = fixtures::form_json(n).to_string();
        group.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| {
            b.iter(|| {
                let input = chorus_guard::parse_json(black_box(text)).ok()?;
                let both = chorus_guard::check_and_xml(&input, None);
                Some((both.diagnostics.len(), both.xml.ok()?.len()))
            })
        });
        // Under the company's reform setting (issue 14): a B2B form, EN 16931 + BR-FR
        // live, its file written as fr-ctc.
        let reform = fixtures::reform_form_json(n).to_string();
        group.bench_with_input(BenchmarkId::new("reform", n), &reform, |b, text| {
            b.iter(|| {
                let input = chorus_guard::parse_json(black_box(text)).ok()?;
                let both = chorus_guard::check_and_xml(&input, None);
                Some((both.diagnostics.len(), both.xml.ok()?.len()))
            })
        });
    }
    group.finish();
}

/// What one call from a host does (the browser, wasmtime): the JSON text parsed, then
/// `check` of the form or `xml` of the invoice; the server and browser figures compare
/// with these.
fn bench_json(c: &mut Criterion) {
    let mut group = c.benchmark_group("json");
    for n in SIZES {
        group.throughput(Throughput::Elements(n as u64));
        let form = fixtures::form_json(n).to_string();
        group.bench_with_input(BenchmarkId::new("check_form", n), &form, |b, text| {
            b.iter(|| chorus_guard::parse_json(black_box(text)).map(|i| chorus_guard::check(&i)))
        });
        let invoice = serde_json::to_string(&fixtures::invoice(n).completed()).unwrap_or_default();
        group.bench_with_input(BenchmarkId::new("xml_invoice", n), &invoice, |b, text| {
            b.iter(|| {
                chorus_guard::parse_json(black_box(text))
                    .and_then(|i| chorus_guard::xml_of(i, None))
            })
        });
    }
    group.finish();
}

fn bench_read(c: &mut Criterion) {
    let mut group = c.benchmark_group("read");
    for n in SIZES {
        let xml = chorus_guard::xml(&fixtures::invoice(n), None).unwrap_or_default();
        group.throughput(Throughput::Bytes(xml.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &xml, |b, xml| {
            b.iter(|| chorus_guard::read(black_box(xml)))
        });
    }
    group.finish();
}

fn bench_pdf(c: &mut Criterion) {
    let mut group = c.benchmark_group("pdf_embed");
    for n in SIZES {
        let xml = chorus_guard::xml(&fixtures::invoice(n), None).unwrap_or_default();
        group.throughput(Throughput::Bytes(xml.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &xml, |b, xml| {
            b.iter(|| chorus_guard::pdf(black_box(BASE_PDF), black_box(xml)))
        });
    }
    group.finish();
}

fn bench_extract(c: &mut Criterion) {
    let mut group = c.benchmark_group("extract");
    for n in SIZES {
        let xml = chorus_guard::xml(&fixtures::invoice(n), None).unwrap_or_default();
        let pdf = chorus_guard::pdf(BASE_PDF, &xml).unwrap_or_default();
        group.throughput(Throughput::Bytes(xml.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &pdf, |b, pdf| {
            b.iter(|| chorus_guard::extract(black_box(pdf)))
        });
    }
    group.finish();
}

/// Short runs: the machine is shared, and medians over many short samples are what
/// the figures report; `npm run bench` must stay within a few minutes.
fn config() -> Criterion {
    Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args()
}

criterion_group! {
    name = benches;
    config = config();
    targets = bench_check, bench_xml, bench_keystroke, bench_json, bench_read, bench_pdf, bench_extract
}
criterion_main!(benches);
