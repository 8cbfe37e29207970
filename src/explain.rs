//! Chorus Pro rejection texts → the field and the steps of the accountants' guide.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    /// The guide's case: `service_code_missing`, `contact_required`, `server_auth`,
    /// `missing_element`, `unknown`.
    pub case: String,
    /// The Odoo field to fix, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    pub steps_fr: Vec<String>,
    pub steps_en: Vec<String>,
}

pub fn explain(_text: &str) -> Explanation {
    Explanation {
        case: "unknown".into(),
        field: None,
        steps_fr: vec![],
        steps_en: vec![],
    }
}
