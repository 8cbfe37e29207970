//! Chorus Pro rejection texts → the field and the steps of the accountants' guide
//! (« En cas de rejet »), and the Chorus Guard rule that would have caught it.

mod normalize;
mod paths;

use normalize::{plain, words};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    /// The guide's case: `service_code_missing`, `contact_required`, `server_auth`,
    /// `missing_element`, `engagement_missing`, `unknown`.
    pub case: String,
    /// The Odoo field to fix, when there is one (`null` in JSON otherwise: every host
    /// reads the key).
    #[serde(default)]
    pub field: Option<String>,
    pub steps_fr: Vec<String>,
    pub steps_en: Vec<String>,
    /// The Chorus Guard rule that stops this rejection before sending
    /// (`CHORUS-SERVICE-REF`, `CHORUS-CONTACT`...), `null` when none.
    #[serde(default)]
    pub rule: Option<String>,
    /// For `missing_element`: the CII path Chorus named (`...BuyerReference`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// Fixing anything means a new file: the one sent is built at posting, so the
/// invoice goes back to draft first and is sent again after (step 3 of the guide).
const RESET_FR: &str =
    "Cliquez sur « Remettre en brouillon » (sans cela, le fichier renvoyé reste l'ancien).";
const RESET_EN: &str = "Click « Reset to Draft » (otherwise the file sent again is the old one).";
const CONFIRM_FR: &str = "Cliquez sur « Confirmer ».";
const CONFIRM_EN: &str = "Click « Confirm ».";
const SEND_FR: &str =
    "Cliquez sur « Envoyer à Chorus » (Send to Chorus) : confirmer ne renvoie rien à Chorus Pro.";
const SEND_EN: &str = "Click « Send to Chorus »: confirming alone sends nothing to Chorus Pro.";
const STATUS_FR: &str = "Sur le flux Chorus, cliquez sur « Mettre à jour l'état du flux » \
     (Update Flow Status) jusqu'au statut INTEGRE.";
const STATUS_EN: &str = "On the Chorus flow, click « Update Flow Status » until it shows INTEGRE.";

/// Reset to draft, the fix, confirm, send, follow the flow.
fn correction(fix_fr: String, fix_en: String) -> (Vec<String>, Vec<String>) {
    (
        vec![
            RESET_FR.into(),
            fix_fr,
            CONFIRM_FR.into(),
            SEND_FR.into(),
            STATUS_FR.into(),
        ],
        vec![
            RESET_EN.into(),
            fix_en,
            CONFIRM_EN.into(),
            SEND_EN.into(),
            STATUS_EN.into(),
        ],
    )
}

fn explanation(
    case: &str,
    field: Option<&str>,
    rule: Option<&str>,
    steps: (Vec<String>, Vec<String>),
) -> Explanation {
    Explanation {
        case: case.into(),
        field: field.map(str::to_string),
        steps_fr: steps.0,
        steps_en: steps.1,
        rule: rule.map(str::to_string),
        path: None,
    }
}

/// What the Odoo invoice form calls a field, for the steps.
fn field_label(field: &str) -> (&'static str, &'static str) {
    match field {
        "ref" => (
            "la « Référence client » (onglet Autres informations)",
            "the « Customer Reference » (Other Info tab)",
        ),
        "partner_id" => (
            "le « Client » et sa fiche (sous-contact avec la virgule, SIRET, adresse)",
            "the « Customer » and its record (the comma contact, SIRET, address)",
        ),
        "company_id" => (
            "la fiche de votre société (SIRET, adresse)",
            "your company's record (SIRET, address)",
        ),
        "payment_mode_id" => (
            "le « Mode de paiement » (et le compte bancaire, IBAN)",
            "the « Payment Mode » (and its bank account, IBAN)",
        ),
        "invoice_date" => ("la « Date de facturation »", "the « Invoice Date »"),
        "invoice_date_due" => ("la « Date d'échéance »", "the « Due Date »"),
        "invoice_line_ids" => (
            "les « Lignes de facture » (produits, taxes)",
            "the « Invoice Lines » (products, taxes)",
        ),
        "currency_id" => ("la devise", "the currency"),
        "move_type" => (
            "le type de pièce (facture ou avoir)",
            "the document type (invoice or credit note)",
        ),
        "name" => ("le numéro de facture", "the invoice number"),
        "narration" => (
            "les conditions générales (notes)",
            "the terms and conditions (notes)",
        ),
        _ => ("le champ indiqué par Chorus", "the field Chorus names"),
    }
}

fn is_service_code_missing(p: &str) -> bool {
    p.contains("code service") && (p.contains("obligatoire") || p.contains("renseign"))
        || p.contains("codeservicedoitetrerenseigne")
}

fn is_contact_required(p: &str) -> bool {
    p.contains("selectionner un contact") || p.contains("contact comme adresse de facturation")
}

fn is_engagement_missing(p: &str) -> bool {
    p.contains("numero d'engagement")
        || p.contains("numero d engagement")
        || p.contains("engagement juridique")
        || p.contains("numero ej")
        || p.contains("numeroejdoitetrerenseigne")
}

/// HTTP 401/403 from PISTE or Chorus Pro: the server's credentials, not the invoice.
fn is_server_auth(p: &str) -> bool {
    let status = words(p).any(|w| w == "401" || w == "403");
    let http_context = [
        "http",
        "error",
        "erreur",
        "code",
        "status",
        "statut",
        "unauthorized",
        "forbidden",
    ];
    (status && http_context.iter().any(|w| p.contains(w)))
        || p.contains("unauthorized")
        || p.contains("forbidden")
        || p.contains("non autorise")
}

/// The guide's answer to a Chorus Pro rejection text.
pub fn explain(text: &str) -> Explanation {
    let p = plain(text);
    if is_service_code_missing(&p) {
        return explanation(
            "service_code_missing",
            Some("ref"),
            Some("CHORUS-SERVICE-REF"),
            correction(
                "Onglet « Autres informations » : renseignez la « Référence client » avec le code service Chorus du \
                 contact (entre crochets sur sa fiche, section Divers, ex. 04AMIDEX)."
                    .into(),
                "Other Info tab: fill the « Customer Reference » with the contact's Chorus service code (in brackets \
                 on its record, Misc section, e.g. 04AMIDEX)."
                    .into(),
            ),
        );
    }
    if is_contact_required(&p) {
        return explanation(
            "contact_required",
            Some("partner_id"),
            Some("CHORUS-CONTACT"),
            correction(
                "Dans le champ « Client », choisissez le sous-contact (avec la virgule, ex. « Aix Marseille \
                 Université, AIX MARSEILLE UNIVERSITE »), celui qui porte le code service."
                    .into(),
                "In the « Customer » field, choose the sub-contact (with the comma, e.g. « Aix Marseille Université, \
                 AIX MARSEILLE UNIVERSITE »), the one holding the service code."
                    .into(),
            ),
        );
    }
    if is_engagement_missing(&p) {
        return explanation(
            "engagement_missing",
            Some("ref"),
            Some("CHORUS-ENGAGEMENT"),
            correction(
                "Renseignez le numéro d'engagement (engagement juridique, donné par le client public sur son bon de \
                 commande) dans la « Référence client » (onglet Autres informations)."
                    .into(),
                "Enter the engagement number (engagement juridique, given by the public buyer on its purchase \
                 order) in the « Customer Reference » (Other Info tab)."
                    .into(),
            ),
        );
    }
    if p.contains("fichierxml") {
        return missing_element(text);
    }
    if is_server_auth(&p) {
        return explanation(
            "server_auth",
            None,
            None,
            (
                vec![
                    "Contactez l'administrateur Odoo — problème technique côté serveur (accès à Chorus Pro refusé)."
                        .into(),
                    "La facture n'est pas en cause : ne la modifiez pas.".into(),
                ],
                vec![
                    "Contact the Odoo administrator — a technical problem on the server side (access to Chorus Pro \
                     refused)."
                        .into(),
                    "The invoice is not at fault: do not change it.".into(),
                ],
            ),
        );
    }
    explanation(
        "unknown",
        None,
        None,
        (
            vec![
                "Lisez le message de Chorus Pro (notes du flux Chorus) pour trouver ce qui est refusé.".into(),
                RESET_FR.into(),
                "Corrigez la facture, ou la fiche du client ou de votre société.".into(),
                CONFIRM_FR.into(),
                SEND_FR.into(),
                STATUS_FR.into(),
            ],
            vec![
                "Read Chorus Pro's message (notes of the Chorus flow) to find what is refused.".into(),
                RESET_EN.into(),
                "Fix the invoice, or the customer's or your company's record.".into(),
                CONFIRM_EN.into(),
                SEND_EN.into(),
                STATUS_EN.into(),
            ],
        ),
    )
}

/// « L'element FichierXml.<path>.value est obligatoire. »
fn missing_element(text: &str) -> Explanation {
    let path = paths::xml_path(text);
    let target = path.as_deref().and_then(paths::target);
    let field = target.map(|t| t.field);
    let (label_fr, label_en) = field_label(field.unwrap_or_default());
    let shown = path.as_deref().unwrap_or("?");
    let mut out = explanation(
        "missing_element",
        field,
        target.and_then(|t| t.rule),
        correction(
            format!("Complétez {label_fr} : Chorus Pro n'a pas trouvé l'élément {shown} dans le fichier."),
            format!("Fill in {label_en}: Chorus Pro did not find the element {shown} in the file."),
        ),
    );
    out.path = path;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_code_missing_in_any_spelling() {
        for text in [
            "Le code service doit être obligatoirement renseigné",
            "LE CODE SERVICE DOIT ETRE OBLIGATOIREMENT RENSEIGNE",
            "  Erreur :  le   code service doit etre\nobligatoirement renseigné. ",
        ] {
            let e = explain(text);
            assert_eq!(e.case, "service_code_missing", "{text}");
            assert_eq!(e.field.as_deref(), Some("ref"));
            assert_eq!(e.rule.as_deref(), Some("CHORUS-SERVICE-REF"));
        }
        let e = explain("Le code service doit être obligatoirement renseigné");
        assert_eq!(e.steps_fr.first().map(String::as_str), Some(RESET_FR));
        assert!(e.steps_fr.iter().any(|s| s.contains("Référence client")));
        assert!(e
            .steps_fr
            .iter()
            .any(|s| s.contains("« Envoyer à Chorus »")));
        assert!(e
            .steps_fr
            .iter()
            .any(|s| s.contains("« Mettre à jour l'état du flux »")));
        assert_eq!(e.steps_en.len(), e.steps_fr.len());
        assert!(e.steps_en.iter().any(|s| s.contains("Customer Reference")));
    }

    #[test]
    fn contact_required() {
        let e = explain("Vous devez sélectionner un contact comme adresse de facturation");
        assert_eq!(e.case, "contact_required");
        assert_eq!(e.field.as_deref(), Some("partner_id"));
        assert_eq!(e.rule.as_deref(), Some("CHORUS-CONTACT"));
        assert!(e
            .steps_fr
            .iter()
            .any(|s| s.contains("sous-contact (avec la virgule")));
        assert_eq!(
            explain("vous devez selectionner un contact comme adresse de facturation").case,
            "contact_required"
        );
    }

    #[test]
    fn http_401_and_403_are_for_the_administrator() {
        for text in [
            "HTTP error code 403",
            "401 Unauthorized",
            "Erreur HTTP 401",
            "403 Client Error: Forbidden",
        ] {
            let e = explain(text);
            assert_eq!(e.case, "server_auth", "{text}");
            assert_eq!(e.field, None);
            assert!(e.steps_fr[0]
                .starts_with("Contactez l'administrateur Odoo — problème technique côté serveur"));
        }
        // A 403 inside an invoice number is no HTTP status.
        assert_ne!(explain("Facture INV4030 en doublon").case, "server_auth");
    }

    #[test]
    fn a_missing_element_names_the_field_behind_the_path() {
        let e = explain(
            "L'element FichierXml.SupplyChainTradeTransaction.ApplicableHeaderTradeAgreement.BuyerReference.value \
             est obligatoire.",
        );
        assert_eq!(e.case, "missing_element");
        assert_eq!(e.field.as_deref(), Some("ref"));
        assert_eq!(e.rule.as_deref(), Some("CHORUS-SERVICE-REF"));
        assert_eq!(
            e.path.as_deref(),
            Some("SupplyChainTradeTransaction.ApplicableHeaderTradeAgreement.BuyerReference")
        );
        assert!(e.steps_fr.iter().any(|s| s.contains("Référence client")));

        let e = explain(
            "L’élément FichierXml.SupplyChainTradeTransaction.ApplicableHeaderTradeSettlement.\
             SpecifiedTradeSettlementPaymentMeans.TypeCode.value est obligatoire.",
        );
        assert_eq!(e.field.as_deref(), Some("payment_mode_id"));
        assert_eq!(e.rule.as_deref(), Some("CHORUS-PAYMENT-MEANS"));

        let e = explain(
            "L'ELEMENT FICHIERXML.SupplyChainTradeTransaction.ApplicableHeaderTradeAgreement.BuyerTradeParty.\
             SpecifiedLegalOrganization.ID.value EST OBLIGATOIRE",
        );
        assert_eq!(e.field.as_deref(), Some("partner_id"));
        assert_eq!(e.rule.as_deref(), Some("CHORUS-SIRET-BUYER"));
    }

    #[test]
    fn a_missing_element_without_known_path_still_says_what_to_do() {
        let e = explain("L'element FichierXml.ExchangedDocumentContext.Foo.value est obligatoire.");
        assert_eq!(e.case, "missing_element");
        assert_eq!(e.field, None);
        assert!(e
            .steps_fr
            .iter()
            .any(|s| s.contains("ExchangedDocumentContext.Foo")));
    }

    #[test]
    fn engagement_missing() {
        for text in [
            "Le numéro d'engagement doit être renseigné",
            "NUMERO D’ENGAGEMENT OBLIGATOIRE",
        ] {
            let e = explain(text);
            assert_eq!(e.case, "engagement_missing", "{text}");
            assert_eq!(e.field.as_deref(), Some("ref"));
            assert_eq!(e.rule.as_deref(), Some("CHORUS-ENGAGEMENT"));
        }
    }

    #[test]
    fn anything_else_gets_the_generic_steps() {
        let e = explain("Le montant total TTC est incohérent");
        assert_eq!(e.case, "unknown");
        assert_eq!(e.field, None);
        assert_eq!(e.rule, None);
        assert!(e
            .steps_fr
            .iter()
            .any(|s| s.contains("Remettre en brouillon")));
        assert!(e
            .steps_fr
            .iter()
            .any(|s| s.contains("« Envoyer à Chorus »")));
        assert_eq!(explain("").case, "unknown");
    }

    #[test]
    fn the_explanation_serialises_with_its_rule() {
        let json = serde_json::to_value(explain(
            "Vous devez sélectionner un contact comme adresse de facturation",
        ))
        .unwrap_or_default();
        assert_eq!(json["case"], "contact_required");
        assert_eq!(json["rule"], "CHORUS-CONTACT");
        assert!(json.get("path").is_none());
    }
}
