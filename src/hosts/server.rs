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
//! then be discarded and a new one made. In test builds (feature `selftest`), the
//! operation `selftest_panic` panics on purpose so hosts can test that.
//!
//! The operations, their arguments and their answers are `api::dispatch`'s (the table
//! there): this file only moves bytes.

use crate::api::{self, Answer, ErrorAnswer};
use crate::error::Error;
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
            None => error_answer(&Error::new(
                "input",
                format!(
                    "appel invalide : {op_len} + {in_len} octets demandés, le tampon d'entrée en a {}",
                    self.input.len()
                ),
                format!(
                    "invalid call: {op_len} + {in_len} bytes asked, the input buffer holds {}",
                    self.input.len()
                ),
            )),
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
    let answer = match std::str::from_utf8(op) {
        #[cfg(feature = "selftest")]
        Ok("selftest_panic") => panic!(
            "selftest_panic : panique volontaire pour tester la reprise / deliberate panic to test recovery"
        ),
        Ok(op) => api::dispatch(op, input),
        Err(_) => Err(Error::new(
            "input",
            "nom d'opération illisible (UTF-8 attendu)",
            "unreadable operation name (UTF-8 expected)",
        )),
    };
    match answer {
        Ok(Answer::Text(text)) => {
            let mut out = Vec::with_capacity(1 + text.len());
            out.push(TEXT);
            out.extend_from_slice(text.as_bytes());
            out
        }
        Ok(Answer::Json(json)) => {
            let mut out = Vec::with_capacity(json.len() + 7);
            out.extend_from_slice(br#"{"ok":"#);
            out.extend_from_slice(json.as_bytes());
            out.push(b'}');
            out
        }
        Err(e) => error_answer(&e),
    }
}

/// The first byte of a text answer; a JSON answer starts with `{`. Text (the XML, a PDF
/// in base64) would otherwise be escaped into JSON here and parsed back by the host.
pub const TEXT: u8 = 0;

fn error_answer(e: &Error) -> Vec<u8> {
    let mut out = br#"{"error":"#.to_vec();
    match serde_json::to_writer(&mut out, &ErrorAnswer::from(e)) {
        Ok(()) => {
            out.push(b'}');
            out
        }
        // Writing plain strings into a `Vec` cannot fail; were it to, the host still gets JSON.
        Err(_) => br#"{"error":{"kind":"internal","message_fr":"erreur interne du moteur","message_en":"engine internal error"}}"#.to_vec(),
    }
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

#[cfg(test)]
mod tests;
