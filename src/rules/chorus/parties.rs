//! CHORUS-SIRET-SELLER / CHORUS-SIRET-BUYER: Chorus Pro identifies both parties by
//! SIRET (BT-30, BT-47) under scheme 0002.

use crate::model::Party;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;
use crate::rules::ids::{compact, siret_valid};

const SIRENE_SCHEME: &str = "0002";

struct Who {
    rule: &'static str,
    bt: &'static str,
    fr: &'static str,
    en: &'static str,
}

const SELLER: Who = Who {
    rule: "CHORUS-SIRET-SELLER",
    bt: "BT-30",
    fr: "du vendeur (votre société)",
    en: "seller's (your company)",
};
const BUYER: Who = Who {
    rule: "CHORUS-SIRET-BUYER",
    bt: "BT-47",
    fr: "du client public",
    en: "public buyer's",
};

fn check_siret(party: &Party, who: &Who, out: &mut Vec<Diagnostic>) {
    let Some(raw) = party
        .legal_id
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    else {
        out.push(
            Diagnostic::block(
                who.rule,
                format!(
                    "Le SIRET {} manque : Chorus Pro identifie chaque partie par son SIRET.",
                    who.fr
                ),
                format!(
                    "The {} SIRET is missing: Chorus Pro identifies each party by its SIRET.",
                    who.en
                ),
            )
            .bt(who.bt),
        );
        return;
    };
    match party.legal_id_scheme.as_deref().map(str::trim) {
        Some(SIRENE_SCHEME) => {}
        Some(other) => {
            // Not a SIRET (a foreign registration, a SIREN under another scheme):
            // its digits follow other rules.
            out.push(
                Diagnostic::warn(
                    who.rule,
                    format!(
                        "L'identifiant {} « {raw} » est déclaré sous le schéma « {other} » : Chorus Pro attend un \
                         SIRET sous le schéma 0002.",
                        who.fr
                    ),
                    format!(
                        "The {} identifier « {raw} » is declared under scheme « {other} »: Chorus Pro expects a \
                         SIRET under scheme 0002.",
                        who.en
                    ),
                )
                .bt(who.bt),
            );
            return;
        }
        None => out.push(
            Diagnostic::warn(
                who.rule,
                format!(
                    "Le SIRET {} « {raw} » n'indique pas son schéma : Chorus Pro attend 0002.",
                    who.fr
                ),
                format!(
                    "The {} SIRET « {raw} » has no scheme: Chorus Pro expects 0002.",
                    who.en
                ),
            )
            .bt(who.bt),
        ),
    }
    let digits = compact(raw);
    let fourteen_digits = digits.len() == 14 && digits.bytes().all(|b| b.is_ascii_digit());
    if !fourteen_digits {
        out.push(
            Diagnostic::block(
                who.rule,
                format!(
                    "Le SIRET {} « {raw} » n'est pas un SIRET : 14 chiffres attendus ({} caractères trouvés).",
                    who.fr,
                    digits.chars().count()
                ),
                format!(
                    "The {} SIRET « {raw} » is not a SIRET: 14 digits expected ({} characters found).",
                    who.en,
                    digits.chars().count()
                ),
            )
            .bt(who.bt),
        );
    } else if !siret_valid(&digits) {
        out.push(
            Diagnostic::block(
                who.rule,
                format!("Le SIRET {} « {raw} » a une clé de contrôle fausse : vérifiez-le (faute de frappe ?).", who.fr),
                format!("The {} SIRET « {raw} » fails its checksum: check it (typo?).", who.en),
            )
            .bt(who.bt),
        );
    }
}

/// The seller's SIRET (BT-30): present, 14 digits, valid key, scheme 0002.
pub fn chorus_siret_seller(invoice: &Facts, out: &mut Vec<Diagnostic>) {
    check_siret(&invoice.seller, &SELLER, out);
}

/// The buyer's SIRET (BT-47): present, 14 digits, valid key, scheme 0002.
pub fn chorus_siret_buyer(invoice: &Facts, out: &mut Vec<Diagnostic>) {
    check_siret(&invoice.buyer, &BUYER, out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::chorus::fixtures::*;
    use crate::rules::diagnostic::Severity;
    use serde_json::json;

    #[test]
    fn the_guides_sirets_are_silent() {
        assert!(run(chorus_siret_seller, invoice()).is_empty());
        assert!(run(chorus_siret_buyer, invoice()).is_empty());
    }

    #[test]
    fn a_missing_seller_siret_blocks() {
        let mut v = invoice();
        v["seller"] = json!({"name": "SCIC UdN"});
        let out = run(chorus_siret_seller, v);
        assert_eq!(ids(&out), ["CHORUS-SIRET-SELLER"]);
        assert_eq!(out[0].bt.as_deref(), Some("BT-30"));
        assert_eq!(out[0].severity, Severity::Block);
    }

    #[test]
    fn a_mistyped_buyer_siret_is_named() {
        let mut v = invoice();
        v["buyer"]["legal_id"] = json!("13001533200014");
        let out = run(chorus_siret_buyer, v);
        assert_eq!(ids(&out), ["CHORUS-SIRET-BUYER"]);
        assert_eq!(out[0].bt.as_deref(), Some("BT-47"));
        assert!(
            out[0].message_fr.contains("« 13001533200014 »"),
            "{}",
            out[0].message_fr
        );
        assert!(out[0].message_fr.contains("clé de contrôle"));
    }

    #[test]
    fn a_siren_is_not_a_siret() {
        let mut v = invoice();
        v["buyer"]["legal_id"] = json!("130015332");
        let out = run(chorus_siret_buyer, v);
        assert_eq!(ids(&out), ["CHORUS-SIRET-BUYER"]);
        assert!(
            out[0]
                .message_fr
                .contains("14 chiffres attendus (9 caractères trouvés)"),
            "{}",
            out[0].message_fr
        );
    }

    #[test]
    fn la_poste_is_accepted() {
        let mut v = invoice();
        v["buyer"]["legal_id"] = json!("35600000049837");
        assert!(run(chorus_siret_buyer, v).is_empty());
    }

    #[test]
    fn a_missing_or_other_scheme_warns() {
        let mut v = invoice();
        v["seller"]["legal_id_scheme"] = json!(null);
        let out = run(chorus_siret_seller, v);
        assert_eq!(ids(&out), ["CHORUS-SIRET-SELLER"]);
        assert_eq!(out[0].severity, Severity::Warn);
        let mut v = invoice();
        v["seller"]["legal_id"] = json!("DE123456789");
        v["seller"]["legal_id_scheme"] = json!("0088");
        let out = run(chorus_siret_seller, v);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].severity, Severity::Warn);
        assert!(out[0].message_fr.contains("« 0088 »"));
    }
}
