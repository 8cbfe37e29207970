//! The hosts: transport only, each behind its feature. They turn their own world's
//! values into the engine's (JS values, pointer and length, argv and files) and back;
//! what they run is the engine's public API.
//! - `server`: the C-ABI module the Odoo server runs through Python's wasmtime;
//! - `wasm`: the wasm-bindgen surface of the browser's two modules.
//!
//! The CLI is the third host (`src/bin/chorus-guard.rs`).

// Also under test, so that `cargo test` covers the server's JSON surface natively.
#[cfg(any(feature = "server", test))]
pub mod server;
#[cfg(any(feature = "wasm", feature = "wasm-pdf"))]
pub mod wasm;
