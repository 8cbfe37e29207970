//! The engine for the Odoo server: a plain C ABI, JSON in and JSON out, for a
//! WebAssembly module that imports nothing (run by the PyPI package `wasmtime`, from
//! 12.0.0 on Python 3.6 to 25 on Python 3.8; see
//! `odoo_addon/l10n_fr_chorus_guard/engine/wasm_engine.py`).
//!
//! Built for `wasm32-unknown-unknown` without wasm-bindgen
//! (`tests/tools/build-server-wasm.sh`), with Rust's own allocator.
//!
//! The ABI (all integers are wasm `i32`/`i64`; pointers are offsets in the exported
//! `memory`). The module keeps its input buffer and its last answer, so the host never
//! allocates nor frees in the module: nothing of the module's memory can leak from Python,
//! and an operation is one call (`cg_call`) after the first.
//! - `cg_input(capacity) -> ptr`: the module's input buffer, at least `capacity` bytes,
//!   kept across calls. The host calls it on a fresh instance and whenever a request
//!   outgrows the capacity it last asked for (the old buffer is then gone); the
//!   pointer stays valid until the next `cg_input`. 0 when the module is out of
//!   memory. It also releases the last result.
//! - `cg_call(op_len, in_len) -> u64`: runs the operation whose UTF-8 name is the
//!   first `op_len` bytes of the input buffer, on the JSON in the `in_len` bytes that
//!   follow. The answer is packed as `ptr << 32 | len` (0 only if it cannot be
//!   addressed) and stays the module's: the host reads it before its next call
//!   (`cg_call` or `cg_input`), which releases it, and never frees it. Its first byte
//!   says what it is: 0 (`TEXT`) when the result is a string (the XML, a PDF in base64,
//!   a fingerprint, the version), whose UTF-8 bytes follow as they are; otherwise the
//!   answer is UTF-8 JSON, `{"ok": <result>}` or
//!   `{"error": {"kind", "message_fr", "message_en"}}` — also when `op_len + in_len` is
//!   more than the buffer holds.
//! - `cg_last_panic() -> u64`: after a trap, the panic's message (packed the same
//!   way, 0 if none), read from the trapped instance before it is thrown away. It points
//!   at the module's own storage too.
//!
//! A panic is a trap (`wasm32-unknown-unknown` aborts on panic); the instance must
//! then be discarded and a new one made. `selftest_panic` panics on purpose so hosts
//! can test that.
//!
//! Operations and their JSON input (an object; unknown keys are refused):
//!
//! | op | input | result |
//! |---|---|---|
//! | `check` | `{"input": form or invoice}` | `Diagnostic[]`, blocking first |
//! | `xml` | `{"input": ..., "profile"?: "en16931"\|"basic"\|...}` | the XML (string) |
//! | `to_invoice` | `{"input": ..., "completed"?: bool}` | the invoice (object, amounts as strings) |
//! | `read` | `{"xml": string}` | the invoice |
//! | `pdf` | `{"pdf": base64, "xml": string}` | the Factur-X PDF, base64 |
//! | `extract` | `{"pdf": base64}` | the embedded XML (string) |
//! | `explain` | `{"text": string}` | `{case, field, steps_fr, steps_en, rule, ...}` |
//! | `fingerprint` | `{"xml": string}` | SHA-256 hex (string) |
//! | `version` | anything (may be empty) | the engine's version (string) |
//! | `selftest_panic` | anything | never answers: traps |

use crate::input;
use crate::{Error, Profile};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{json, Value};
use std::sync::{Mutex, MutexGuard, Once, PoisonError};

/// The module's input buffer, at least `capacity` bytes; see the module's documentation.
#[no_mangle]
pub extern "C" fn cg_input(capacity: u32) -> *mut u8 {
    let mut buffers = lock(&BUFFERS);
    match buffers.input(capacity as usize) {
        Some(buffer) => buffer.as_mut_ptr(),
        None => std::ptr::null_mut(),
    }
}

/// Runs one operation on the input buffer; see the module's documentation.
#[no_mangle]
pub extern "C" fn cg_call(op_len: u32, in_len: u32) -> u64 {
    install_panic_hook();
    let mut buffers = lock(&BUFFERS);
    let answer = buffers.call(op_len as usize, in_len as usize);
    pack(answer.as_ptr(), answer.len())
}

/// The last panic's message, for the host to read after a trap.
#[no_mangle]
pub extern "C" fn cg_last_panic() -> u64 {
    match LAST_PANIC.try_lock() {
        Ok(message) if !message.is_empty() => pack(message.as_ptr(), message.len()),
        _ => 0,
    }
}

/// What the module keeps between two calls of the host.
#[derive(Debug, Default)]
pub struct Buffers {
    input: Vec<u8>,
    output: Vec<u8>,
}

impl Buffers {
    pub const fn new() -> Self {
        Buffers {
            input: Vec::new(),
            output: Vec::new(),
        }
    }

    /// The input buffer, grown to `capacity` bytes if it is smaller; `None` when there
    /// is no memory for it. The host has read the last answer by now: it goes.
    pub fn input(&mut self, capacity: usize) -> Option<&mut [u8]> {
        self.output = Vec::new();
        if self.input.len() < capacity {
            // Nothing in the old buffer is kept: let its memory serve the new one.
            self.input = Vec::new();
            let mut buffer = Vec::new();
            buffer.try_reserve_exact(capacity).ok()?;
            // Zeroed once per growth, so that the host writes into initialised bytes.
            buffer.resize(capacity, 0);
            self.input = buffer;
        }
        Some(&mut self.input)
    }

    /// Runs the operation named by the first `op_len` bytes of the input buffer on the
    /// `in_len` bytes after them; the answer lives until the next call.
    pub fn call(&mut self, op_len: usize, in_len: usize) -> &[u8] {
        // Freed before the work, which may need the room.
        self.output = Vec::new();
        let answer = match op_len
            .checked_add(in_len)
            .and_then(|end| self.input.get(..end))
        {
            Some(request) => {
                let (op, input) = request.split_at(op_len);
                respond(op, input)
            }
            None => encode(&error_value(&Error::new(
                "input",
                format!(
                    "appel invalide : {op_len} + {in_len} octets demandés, le tampon d'entrée en a {}",
                    self.input.len()
                ),
                format!(
                    "invalid call: {op_len} + {in_len} bytes asked, the input buffer holds {}",
                    self.input.len()
                ),
            ))),
        };
        self.output = answer;
        &self.output
    }
}

static BUFFERS: Mutex<Buffers> = Mutex::new(Buffers::new());

/// A poisoned lock only follows a panic, after which the host throws the instance away;
/// native tests go on with what is there.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// `ptr << 32 | len`. Pointers and lengths always fit in 32 bits on wasm32; a native
/// build (tests only) answers 0 when they do not rather than a wrong pointer.
fn pack(ptr: *const u8, len: usize) -> u64 {
    match (u32::try_from(ptr as usize), u32::try_from(len)) {
        (Ok(ptr), Ok(len)) => (u64::from(ptr) << 32) | u64::from(len),
        _ => 0,
    }
}

/// The message of the last panic, kept where the host can read it after the trap.
static LAST_PANIC: Mutex<String> = Mutex::new(String::new());
static HOOK: Once = Once::new();

fn install_panic_hook() {
    HOOK.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            if let Ok(mut slot) = LAST_PANIC.try_lock() {
                slot.clear();
                let payload = info.payload();
                let message = payload
                    .downcast_ref::<&str>()
                    .copied()
                    .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
                    .unwrap_or("panic");
                slot.push_str(message);
                if let Some(location) = info.location() {
                    slot.push_str(&format!(" ({location})"));
                }
            }
        }));
    });
}

/// The answer to one call: a text result (`TEXT`, then its UTF-8 bytes) or JSON,
/// `{"ok": ...}` or `{"error": {...}}`.
pub fn respond(op: &[u8], input: &[u8]) -> Vec<u8> {
    match run(op, input) {
        Ok(Answer::Text(text)) => {
            let mut out = Vec::with_capacity(1 + text.len());
            out.push(TEXT);
            out.extend_from_slice(text.as_bytes());
            out
        }
        Ok(Answer::Json(out)) => out,
        Err(e) => encode(&error_value(&e)),
    }
}

/// What an operation answers: text, or the whole `{"ok": …}` JSON.
enum Answer {
    Text(String),
    Json(Vec<u8>),
}

/// `{"ok": value}`, written straight from the value (not through a `serde_json::Value`).
fn ok<T: serde::Serialize + ?Sized>(value: &T) -> Result<Answer, Error> {
    let mut out = br#"{"ok":"#.to_vec();
    serde_json::to_writer(&mut out, value).map_err(|e| internal(&e))?;
    out.push(b'}');
    Ok(Answer::Json(out))
}

/// The first byte of a text answer; a JSON answer starts with `{`. Text (the XML, a PDF
/// in base64) would otherwise be escaped into JSON here and parsed back by the host:
/// 1.4 MB for a 1000-line XML.
pub const TEXT: u8 = 0;

fn encode(answer: &Value) -> Vec<u8> {
    match serde_json::to_vec(answer) {
        Ok(out) => out,
        // Writing a `Value` into a `Vec` cannot fail; were it to, the host still gets JSON.
        Err(_) => br#"{"error":{"kind":"internal","message_fr":"erreur interne du moteur","message_en":"engine internal error"}}"#.to_vec(),
    }
}

fn error_value(e: &Error) -> Value {
    json!({ "error": {
        "kind": e.kind,
        "message_fr": e.message_fr,
        "message_en": e.message_en,
    }})
}

/// The named arguments of every operation; each takes the ones it needs.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Args<'a> {
    /// Kept as text and read as the CLI and the browser read it (`input::parse_json`):
    /// through a `serde_json::Value` it cost twice the checks themselves.
    #[serde(borrow)]
    input: Option<&'a RawValue>,
    profile: Option<Value>,
    completed: bool,
    xml: Option<String>,
    pdf: Option<String>,
    text: Option<String>,
}

fn run(op: &[u8], input: &[u8]) -> Result<Answer, Error> {
    let op = std::str::from_utf8(op).map_err(|_| {
        Error::new(
            "input",
            "nom d'opération illisible (UTF-8 attendu)",
            "unreadable operation name (UTF-8 expected)",
        )
    })?;
    match op {
        "version" => return Ok(Answer::Text(crate::version().to_string())),
        "selftest_panic" => panic!(
            "selftest_panic : panique volontaire pour tester la reprise / deliberate panic to test recovery"
        ),
        _ => {}
    }
    let args = args_of(input)?;
    let raw = args.input;
    let the_input = || input_of(raw);
    match op {
        "check" => ok(&crate::check(&the_input()?)),
        "xml" => {
            let profile = profile_of(args.profile)?;
            crate::xml_of(the_input()?, profile).map(Answer::Text)
        }
        "to_invoice" => {
            let invoice = crate::invoice_of(&the_input()?);
            if args.completed {
                ok(&invoice.completed())
            } else {
                ok(&invoice)
            }
        }
        "read" => ok(&crate::read(&required(args.xml, "xml")?)?),
        "pdf" => {
            let pdf = base64::decode(&required(args.pdf, "pdf")?)?;
            let xml = required(args.xml, "xml")?;
            crate::pdf(&pdf, &xml).map(|bytes| Answer::Text(base64::encode(&bytes)))
        }
        "extract" => {
            let pdf = base64::decode(&required(args.pdf, "pdf")?)?;
            crate::extract(&pdf).map(Answer::Text)
        }
        "explain" => {
            let mut value = to_value(&crate::explain(&required(args.text, "text")?))?;
            // Hosts read these keys whether or not the engine had something to say.
            if let Some(object) = value.as_object_mut() {
                for key in ["field", "rule"] {
                    object.entry(key).or_insert(Value::Null);
                }
            }
            ok(&value)
        }
        "fingerprint" => Ok(Answer::Text(crate::fingerprint(&required(
            args.xml, "xml",
        )?))),
        other => Err(Error::new(
            "input",
            format!("opération inconnue « {other} »"),
            format!("unknown operation `{other}`"),
        )),
    }
}

fn args_of(input: &[u8]) -> Result<Args<'_>, Error> {
    if input.iter().all(u8::is_ascii_whitespace) {
        return Ok(Args::default());
    }
    serde_json::from_slice(input).map_err(|e| {
        Error::new(
            "input",
            format!("arguments illisibles : {e}"),
            format!("unreadable arguments: {e}"),
        )
    })
}

/// A form or an invoice, told apart the way the CLI and the browser do.
fn input_of(value: Option<&RawValue>) -> Result<input::Input, Error> {
    match value.map(RawValue::get) {
        None | Some("null") => Err(Error::new(
            "input",
            "aucune entrée : passez un formulaire ou une facture (« input »)",
            "no input: pass a form or an invoice (`input`)",
        )),
        Some(text) => input::parse_json(text),
    }
}

fn profile_of(value: Option<Value>) -> Result<Option<Profile>, Error> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(value) => {
            let shown = value.to_string();
            serde_json::from_value(value).map(Some).map_err(|_| {
                Error::new(
                    "input",
                    format!("profil Factur-X inconnu {shown} (minimum, basicwl, basic, en16931, extended)"),
                    format!("unknown Factur-X profile {shown} (minimum, basicwl, basic, en16931, extended)"),
                )
            })
        }
    }
}

fn required(value: Option<String>, name: &str) -> Result<String, Error> {
    value.ok_or_else(|| {
        Error::new(
            "input",
            format!("argument « {name} » manquant"),
            format!("missing argument `{name}`"),
        )
    })
}

fn to_value<T: serde::Serialize + ?Sized>(value: &T) -> Result<Value, Error> {
    serde_json::to_value(value).map_err(|e| internal(&e))
}

fn internal(e: &dyn std::fmt::Display) -> Error {
    Error::new(
        "internal",
        format!("erreur interne du moteur : {e}"),
        format!("engine internal error: {e}"),
    )
}

/// lopdf's encryption code draws random numbers through getrandom 0.3, which on
/// `wasm32-unknown-unknown` would import JavaScript's `crypto`. The server build picks
/// getrandom's `custom` backend (`--cfg getrandom_backend="custom"`, set by the build
/// script) and this source, which always fails, so the module imports nothing. That is
/// safe because the engine never encrypts: encrypted PDFs are refused before anything
/// is written, and decrypting needs no randomness. Were it ever reached, the failure
/// would be a panic, caught by the host as a trap, never a weak key.
///
/// The symbol is exported by the module too (`#[no_mangle]`); hosts ignore it.
/// (`getrandom_backend` is declared to rustc in Cargo.toml's `[lints.rust]`.)
mod random {
    #[cfg(all(target_arch = "wasm32", getrandom_backend = "custom"))]
    #[no_mangle]
    unsafe extern "Rust" fn __getrandom_v03_custom(
        _dest: *mut u8,
        _len: usize,
    ) -> Result<(), getrandom::Error> {
        Err(getrandom::Error::UNSUPPORTED)
    }
}

/// Standard base64 (RFC 4648, with padding): how PDF bytes cross the JSON boundary.
mod base64 {
    use crate::Error;

    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    pub fn encode(bytes: &[u8]) -> String {
        let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
        for chunk in bytes.chunks(3) {
            let b = [
                chunk.first().copied().unwrap_or(0),
                chunk.get(1).copied().unwrap_or(0),
                chunk.get(2).copied().unwrap_or(0),
            ];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for (i, shift) in [18u32, 12, 6, 0].into_iter().enumerate() {
                if i <= chunk.len() {
                    out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    fn value(c: u8) -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some(u32::from(c - b'A')),
            b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    }

    /// Whitespace (line breaks of MIME-style base64) is skipped; anything else that is
    /// not base64 is refused with its offset.
    pub fn decode(text: &str) -> Result<Vec<u8>, Error> {
        let mut out = Vec::with_capacity(text.len() / 4 * 3);
        let mut acc = 0u32;
        let mut count = 0u32;
        let mut padding = 0u32;
        for (offset, c) in text.bytes().enumerate() {
            if c.is_ascii_whitespace() {
                continue;
            }
            if c == b'=' {
                padding += 1;
                continue;
            }
            let v = match value(c) {
                Some(v) if padding == 0 => v,
                _ => return Err(invalid(offset)),
            };
            acc = (acc << 6) | v;
            count += 1;
            if count == 4 {
                out.extend_from_slice(&[(acc >> 16) as u8, (acc >> 8) as u8, acc as u8]);
                acc = 0;
                count = 0;
            }
        }
        match (count, padding) {
            (0, 0) => {}
            (2, 0..=2) => out.push((acc >> 4) as u8),
            (3, 0..=1) => out.extend_from_slice(&[(acc >> 10) as u8, (acc >> 2) as u8]),
            _ => return Err(invalid(text.len())),
        }
        Ok(out)
    }

    fn invalid(offset: usize) -> Error {
        Error::new(
            "input",
            format!("PDF en base64 invalide (caractère {offset})"),
            format!("invalid base64 PDF (character {offset})"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(op: &str, input: &str) -> Value {
        answer_of(&respond(op.as_bytes(), input.as_bytes()))
    }

    /// What a host reads: text answers as `{"ok": text}`, like the JSON ones.
    fn answer_of(bytes: &[u8]) -> Value {
        match bytes.split_first() {
            Some((&TEXT, text)) => json!({ "ok": std::str::from_utf8(text).unwrap() }),
            _ => serde_json::from_slice(bytes).unwrap(),
        }
    }

    fn seed(name: &str) -> Value {
        let path = format!("{}/examples/seed/{name}", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    #[test]
    fn check_of_the_parent_company_blocks_on_the_contact() {
        let answer = call(
            "check",
            &json!({ "input": seed("form-parent-company.json") }).to_string(),
        );
        let diagnostics = answer["ok"].as_array().unwrap();
        assert!(diagnostics
            .iter()
            .any(|d| d["rule"] == "CHORUS-CONTACT" && d["severity"] == "block"));
    }

    #[test]
    fn xml_is_the_same_as_the_library_writes() {
        let form = seed("form-ok.json");
        let answer = call(
            "xml",
            &json!({ "input": form, "profile": null }).to_string(),
        );
        let input = input::from_value(form).unwrap();
        let expected = crate::xml(&crate::invoice_of(&input), None).unwrap();
        assert_eq!(answer["ok"], Value::String(expected));
    }

    #[test]
    fn xml_read_fingerprint_round_trip() {
        let xml = call("xml", &json!({ "input": seed("invoice.json") }).to_string())["ok"]
            .as_str()
            .unwrap()
            .to_string();
        let read = call("read", &json!({ "xml": xml }).to_string());
        assert_eq!(read["ok"]["number"], seed("invoice.json")["number"]);
        let fp = call("fingerprint", &json!({ "xml": xml }).to_string());
        assert_eq!(fp["ok"], Value::String(crate::fingerprint(&xml)));
    }

    #[test]
    fn errors_are_french_first_with_a_kind() {
        let answer = call(
            "xml",
            r#"{"input": {"number": "F1", "lines": [{"quantity": 1.5}]}}"#,
        );
        assert_eq!(answer["error"]["kind"], "json");
        assert!(answer["error"]["message_fr"]
            .as_str()
            .unwrap()
            .contains("flottant"));
        let unknown = call("frobnicate", "{}");
        assert_eq!(
            unknown["error"]["message_fr"],
            "opération inconnue « frobnicate »"
        );
        let bad_profile = call("xml", r#"{"input": {}, "profile": "gold"}"#);
        assert!(bad_profile["error"]["message_fr"]
            .as_str()
            .unwrap()
            .starts_with("profil Factur-X inconnu"));
        let typo = call("read", r#"{"xlm": "<x/>"}"#);
        assert_eq!(typo["error"]["kind"], "input");
        let missing = call("read", "{}");
        assert_eq!(missing["error"]["message_fr"], "argument « xml » manquant");
    }

    /// What a host does: the op name then the JSON into the buffer, one call.
    fn host_call(buffers: &mut Buffers, op: &str, input: &str) -> Value {
        let needed = op.len() + input.len();
        let buffer = buffers.input(needed).unwrap();
        assert!(buffer.len() >= needed);
        buffer[..op.len()].copy_from_slice(op.as_bytes());
        buffer[op.len()..needed].copy_from_slice(input.as_bytes());
        answer_of(buffers.call(op.len(), input.len()))
    }

    #[test]
    fn a_larger_request_grows_the_buffer_and_a_smaller_one_reuses_it() {
        let mut buffers = Buffers::new();
        let small = json!({ "input": seed("invoice.json") }).to_string();
        let first = host_call(&mut buffers, "check", &small);
        assert_eq!(first, call("check", &small));
        let large = json!({ "input": seed("form-parent-company.json") }).to_string();
        assert!(large.len() > small.len());
        let xml = host_call(&mut buffers, "xml", &large);
        assert!(xml["ok"].as_str().unwrap().contains("CrossIndustryInvoice"));
        // The buffer keeps its size: a shorter request reads only its own bytes.
        let again = host_call(&mut buffers, "check", &small);
        assert_eq!(again, first);
        assert_eq!(
            host_call(&mut buffers, "version", "")["ok"],
            crate::version()
        );
    }

    #[test]
    fn lengths_beyond_the_buffer_are_refused_not_read() {
        let mut buffers = Buffers::new();
        buffers.input(16).unwrap();
        let answer: Value = serde_json::from_slice(buffers.call(5, 12)).unwrap();
        assert_eq!(answer["error"]["kind"], "input");
        assert_eq!(
            answer["error"]["message_fr"],
            "appel invalide : 5 + 12 octets demandés, le tampon d'entrée en a 16"
        );
        let overflow: Value = serde_json::from_slice(buffers.call(usize::MAX, 1)).unwrap();
        assert_eq!(overflow["error"]["kind"], "input");
    }

    #[test]
    fn a_buffer_too_large_for_memory_is_none() {
        assert!(Buffers::new().input(usize::MAX).is_none());
    }

    #[test]
    fn version_needs_no_input() {
        assert_eq!(call("version", "")["ok"], crate::version());
    }

    #[test]
    fn explain_always_has_field_and_rule() {
        let answer = call("explain", r#"{"text": "texte sans rapport"}"#);
        let ok = answer["ok"].as_object().unwrap();
        assert!(ok.contains_key("field") && ok.contains_key("rule"));
    }

    #[test]
    fn base64_round_trips_and_matches_rfc_4648() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64::encode(plain.as_bytes()), encoded);
            assert_eq!(base64::decode(encoded).unwrap(), plain.as_bytes());
        }
        let all: Vec<u8> = (0..=255u8).collect();
        assert_eq!(base64::decode(&base64::encode(&all)).unwrap(), all);
        assert_eq!(base64::decode("Zm9v\r\nYmFy").unwrap(), b"foobar");
        assert!(base64::decode("Zm9v!").is_err());
        assert!(base64::decode("Z").is_err());
        assert!(base64::decode("Zg==Zg==").is_err());
    }

    #[test]
    fn a_pdf_that_is_not_base64_is_refused_with_its_offset() {
        let answer = call("extract", r#"{"pdf": "JVBER*"}"#);
        assert_eq!(
            answer["error"]["message_fr"],
            "PDF en base64 invalide (caractère 5)"
        );
    }

    #[test]
    fn pdf_then_extract_gives_the_xml_back() {
        let xml = call("xml", &json!({ "input": seed("invoice.json") }).to_string())["ok"]
            .as_str()
            .unwrap()
            .to_string();
        let sample = std::fs::read(format!(
            "{}/tests/fixtures/pdf/sample.pdf",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let pdf = call(
            "pdf",
            &json!({ "pdf": base64::encode(&sample), "xml": xml }).to_string(),
        );
        let pdf = pdf["ok"].as_str().unwrap();
        let extracted = call("extract", &json!({ "pdf": pdf }).to_string());
        assert_eq!(extracted["ok"], Value::String(xml));
    }
}
