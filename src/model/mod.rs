//! The invoice as EN 16931 sees it, with exact decimal money.

pub mod amount;
pub mod date;
pub mod fr_ctc;
pub mod invoice;
mod limit;
pub mod totals;
pub mod written;

pub use date::Date;
pub use invoice::*;
pub use limit::amounts_within_limit;
