//! What the Odoo 14 invoice form holds, and how it maps to the invoice model.

pub mod map;
pub mod reform;
pub mod state;

pub use map::to_invoice;
pub use state::*;

#[cfg(test)]
mod reform_tests;
