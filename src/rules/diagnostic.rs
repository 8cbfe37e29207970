//! What a rule says: `{rule, severity, field, bt, message_fr, message_en, fix?}`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Chorus Pro would reject the invoice: Confirm and Send are refused.
    Block,
    /// Likely a mistake; the invoice can still go.
    Warn,
    Info,
}

impl Severity {
    pub fn rank(self) -> u8 {
        match self {
            Severity::Block => 0,
            Severity::Warn => 1,
            Severity::Info => 2,
        }
    }
}

/// A contact offered by a fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: i64,
    pub display_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_code: Option<String>,
}

/// A machine-applicable change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Fix {
    /// Put `value` in the form field `field`.
    Set { field: String, value: String },
    /// Replace the customer (`partner_id`) with one of these contacts.
    PickPartner { field: String, choices: Vec<Choice> },
    /// Run one of the form's own steps: `chorus_send` (« Envoyer à Chorus »),
    /// `chorus_update_flow` (« Mettre à jour l'état du flux »), `chorus_detach_rejected`
    /// (unlink a rejected flow so the invoice can be sent again), `credit_note`
    /// (« Ajouter un avoir »). The host knows how; the engine says which.
    Button { name: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Stable id: `CHORUS-CONTACT`, `BR-CO-15`...
    pub rule: String,
    pub severity: Severity,
    /// The Odoo form field the problem is on (`partner_id`, `ref`, `invoice_line_ids`...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The EN 16931 business term, when there is one (`BT-10`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bt: Option<String>,
    pub message_fr: String,
    pub message_en: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
    /// The form field this diagnostic is about has not been entered yet (a new
    /// invoice, a customer just chosen): the form shows it as « à compléter » until
    /// the accountant leaves that field or tries to confirm, instead of a red error on
    /// an empty form. It still blocks Confirm and Send.
    #[serde(default, skip_serializing_if = "is_false")]
    pub pending: bool,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// Longest user text a message quotes whole.
const MAX_QUOTED_CHARS: usize = 120;

/// Messages quote what the user typed between « and »; a hostile or mistaken input
/// can put megabytes there (a 16 MB invoice number). Each quote keeps its start only.
fn short_quotes(message: String) -> String {
    if message.len() <= MAX_QUOTED_CHARS {
        return message;
    }
    let mut out = String::with_capacity(message.len().min(4096));
    let mut rest = message.as_str();
    while let Some(open) = rest.find('«') {
        let (before, from_open) = rest.split_at(open + '«'.len_utf8());
        out.push_str(before);
        let Some(close) = from_open.find('»') else {
            rest = from_open;
            break;
        };
        let (quoted, after) = from_open.split_at(close);
        if quoted.chars().count() > MAX_QUOTED_CHARS {
            out.extend(quoted.chars().take(MAX_QUOTED_CHARS));
            out.push_str("… ");
        } else {
            out.push_str(quoted);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

impl Diagnostic {
    pub fn new(
        rule: &str,
        severity: Severity,
        message_fr: impl Into<String>,
        message_en: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            rule: rule.to_string(),
            severity,
            field: None,
            bt: None,
            message_fr: short_quotes(message_fr.into()),
            message_en: short_quotes(message_en.into()),
            fix: None,
            pending: false,
        }
    }

    pub fn block(rule: &str, fr: impl Into<String>, en: impl Into<String>) -> Diagnostic {
        Diagnostic::new(rule, Severity::Block, fr, en)
    }

    pub fn warn(rule: &str, fr: impl Into<String>, en: impl Into<String>) -> Diagnostic {
        Diagnostic::new(rule, Severity::Warn, fr, en)
    }

    pub fn info(rule: &str, fr: impl Into<String>, en: impl Into<String>) -> Diagnostic {
        Diagnostic::new(rule, Severity::Info, fr, en)
    }

    pub fn field(mut self, field: &str) -> Diagnostic {
        self.field = Some(field.to_string());
        self
    }

    pub fn bt(mut self, bt: &str) -> Diagnostic {
        self.bt = Some(bt.to_string());
        self
    }

    pub fn fix(mut self, fix: Fix) -> Diagnostic {
        self.fix = Some(fix);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_quoted_value_is_cut_short() {
        let number = "A".repeat(1_000_000);
        let d = Diagnostic::block("R", format!("Le numéro « {number} » est trop long."), "en");
        assert!(d.message_fr.len() < 300, "{} bytes", d.message_fr.len());
        assert!(
            d.message_fr.ends_with("AAA… » est trop long."),
            "{}",
            d.message_fr
        );
        let plain = "Le client « Aix Marseille Université » est la société principale (« Vous devez sélectionner un contact comme adresse de facturation »).";
        assert_eq!(Diagnostic::block("R", plain, "en").message_fr, plain);
    }
}
