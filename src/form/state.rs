//! What the Odoo 14 invoice form holds, plus the context the form itself lacks
//! (fetched once per record by the addon). Field names follow Odoo's where a
//! field exists, so diagnostics can point at the widget (`partner_id`, `ref`...).

use crate::model::amount;
use crate::model::{Address, Date, SubjectNote};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// `account.move.move_type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum MoveType {
    #[default]
    OutInvoice,
    OutRefund,
    InInvoice,
    InRefund,
    OutReceipt,
    InReceipt,
    Entry,
}

/// `account.move.state`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum MoveState {
    #[default]
    Draft,
    Posted,
    Cancel,
}

/// `res.partner.fr_chorus_required` on the commercial partner (OCA l10n_fr_chorus_account).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ChorusRequired {
    #[default]
    None,
    Service,
    Engagement,
    ServiceOrEngagement,
    ServiceAndEngagement,
}

impl ChorusRequired {
    pub fn service(self) -> bool {
        matches!(
            self,
            ChorusRequired::Service | ChorusRequired::ServiceAndEngagement
        )
    }
    pub fn engagement(self) -> bool {
        matches!(
            self,
            ChorusRequired::Engagement | ChorusRequired::ServiceAndEngagement
        )
    }
}

/// What the company means by `ref` on a Chorus invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RefMode {
    /// The accountants' guide: `ref` holds the service code, written as BT-10.
    #[default]
    ServiceCode,
    /// OCA's convention: `ref` holds the engagement number, written as BT-13.
    Engagement,
}

/// `chorus.partner.service`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Service {
    #[serde(default)]
    pub id: Option<i64>,
    pub code: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default = "yes")]
    pub active: bool,
    #[serde(default)]
    pub engagement_required: bool,
}

fn yes() -> bool {
    true
}

/// A `res.partner` as the form needs it: the chosen customer, or a contact under
/// the commercial partner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Partner {
    pub id: i64,
    /// `display_name`: « Parent, CHILD » for a contact under a company.
    pub display_name: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub parent_id: Option<i64>,
    #[serde(default)]
    pub is_company: bool,
    #[serde(default = "yes")]
    pub active: bool,
    /// `fr_chorus_service_id`, set only on a contact that has a parent.
    #[serde(default)]
    pub service: Option<Service>,
    #[serde(default)]
    pub siret: Option<String>,
    /// `siren` (OCA `l10n_fr_siret`), for a company known by its SIREN alone; the
    /// SIRET's first nine digits otherwise.
    #[serde(default)]
    pub siren: Option<String>,
    #[serde(default)]
    pub vat: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub address: Address,
}

/// The commercial partner (the public body) of the chosen customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct CommercialPartner {
    pub id: i64,
    pub name: String,
    #[serde(default)]
    pub fr_chorus_required: ChorusRequired,
    #[serde(default)]
    pub siret: Option<String>,
    /// `siren` (OCA `l10n_fr_siret`), when the SIRET is not known.
    #[serde(default)]
    pub siren: Option<String>,
    #[serde(default)]
    pub vat: Option<String>,
    #[serde(default)]
    pub address: Address,
    /// The contacts under it (with their services), for CHORUS-CONTACT's fix.
    #[serde(default)]
    pub contacts: Vec<Partner>,
}

/// The selling company (`res.company`) and its Chorus Guard setting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Company {
    pub name: String,
    #[serde(default)]
    pub siret: Option<String>,
    /// `siren` (OCA `l10n_fr_siret`), when the SIRET is not known.
    #[serde(default)]
    pub siren: Option<String>,
    /// The legal notes of the company's B2B invoices, with their BT-21 subject code
    /// (French reform, BR-FR-05: PMT recovery fee, PMD late penalties, AAB discount).
    /// Written on invoices that do not go to Chorus Pro.
    #[serde(default)]
    pub legal_notes: Vec<SubjectNote>,
    #[serde(default)]
    pub vat: Option<String>,
    #[serde(default)]
    pub address: Address,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub ref_mode: RefMode,
    /// BT-23 cadre de facturation written on Chorus invoices (A1 when absent).
    #[serde(default)]
    pub chorus_business_process: Option<String>,
    /// The company setting « Réforme de la facturation électronique (2026) »: its B2B
    /// invoices to French companies that do not go to Chorus Pro are judged by the
    /// reform's rules (`FormState::reform_b2b`). Off by default.
    #[serde(default)]
    pub reform_2026: bool,
}

/// `account.payment.mode` with its UNECE payment means code and bank account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PaymentMode {
    #[serde(default)]
    pub id: Option<i64>,
    #[serde(default)]
    pub name: Option<String>,
    /// UNTDID 4461 code (`payment_method_id.unece_code`): 30, 31, 42, 49, 58...
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub iban: Option<String>,
    #[serde(default)]
    pub bic: Option<String>,
    #[serde(default)]
    pub account_holder: Option<String>,
}

/// An `account.tax` on a line, with its UNECE category (`account_tax_unece`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tax {
    #[serde(default)]
    pub id: Option<i64>,
    #[serde(default)]
    pub name: Option<String>,
    /// `amount`, in percent.
    #[serde(with = "amount")]
    pub rate: Decimal,
    /// `unece_categ_code`: S, Z, E, AE, K, G, O...
    #[serde(default = "cat_s")]
    pub category: String,
    /// `unece_due_date_code`-independent exemption text (BT-120), for E/AE/K/G/O.
    #[serde(default)]
    pub exemption_reason: Option<String>,
    /// BT-121 code, e.g. VATEX-FR-FRANCHISE.
    #[serde(default)]
    pub exemption_reason_code: Option<String>,
}

fn cat_s() -> String {
    "S".into()
}

/// An `account.move.line` of the Invoice Lines tab.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormLine {
    /// The line's label (`name`).
    pub name: String,
    #[serde(default)]
    pub product_code: Option<String>,
    #[serde(with = "amount")]
    pub quantity: Decimal,
    /// `product_uom_id.unece_code`, C62 when absent.
    #[serde(default)]
    pub uom_code: Option<String>,
    #[serde(with = "amount")]
    pub price_unit: Decimal,
    /// `discount`, in percent.
    #[serde(default, with = "amount::opt")]
    pub discount: Option<Decimal>,
    #[serde(default)]
    pub taxes: Vec<Tax>,
    /// `product_id.type`: `service`, `consu` or `product` (goods); absent for a line
    /// without product. Gives the billing framework (BT-23) its letter.
    #[serde(default)]
    pub product_type: Option<String>,
}

/// The whole form. JSON field names are Odoo's where Odoo has the field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct FormState {
    #[serde(default)]
    pub move_type: MoveType,
    #[serde(default)]
    pub state: MoveState,
    /// `name`: the invoice number, `/` or empty on a draft.
    #[serde(default)]
    pub name: Option<String>,
    /// `partner_id`: the chosen customer.
    #[serde(default)]
    pub partner: Option<Partner>,
    /// Its commercial partner, with `fr_chorus_required` and the contacts under it.
    #[serde(default)]
    pub commercial_partner: Option<CommercialPartner>,
    /// `transmit_method_code`: `fr-chorus` for Chorus Pro.
    #[serde(default)]
    pub transmit_method_code: Option<String>,
    /// `ref` (tab Other Info, « Référence client »).
    #[serde(default, rename = "ref")]
    pub reference: Option<String>,
    /// The engagement number when the company keeps it apart from `ref`.
    #[serde(default)]
    pub engagement: Option<String>,
    #[serde(default)]
    pub payment_mode: Option<PaymentMode>,
    #[serde(default)]
    pub payment_reference: Option<String>,
    #[serde(default)]
    pub company: Company,
    #[serde(default)]
    pub invoice_date: Option<Date>,
    #[serde(default)]
    pub invoice_date_due: Option<Date>,
    #[serde(default = "eur")]
    pub currency: String,
    /// `narration`: terms and notes.
    #[serde(default)]
    pub narration: Option<String>,
    /// For a credit note: the invoice it reverses (BT-25/26).
    #[serde(default)]
    pub reversed_entry: Option<ReversedEntry>,
    /// BT-23 billing framework of the French reform (B1, S1, M1, B2...), when the
    /// accountant chose it; derived from the lines' `product_type` and
    /// `already_paid` otherwise.
    #[serde(default)]
    pub billing_framework: Option<String>,
    /// The customer paid before the invoice was issued (framework B2/S2/M2): the
    /// invoice states the whole amount as paid (BT-113) and nothing due.
    #[serde(default)]
    pub already_paid: bool,
    #[serde(default)]
    pub lines: Vec<FormLine>,
    /// SHA-256 of the XML last sent to Chorus Pro, when there was a send.
    #[serde(default)]
    pub last_sent_fingerprint: Option<String>,
    /// `chorus_flow_id`: the Chorus Pro flow the invoice was last deposited in, while
    /// OCA keeps it linked (it unlinks a rejected invoice when the flow is updated).
    #[serde(default)]
    pub chorus_flow: Option<ChorusFlow>,
}

/// `chorus.flow` (OCA): what Chorus Pro did with the deposit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ChorusFlow {
    /// The flow number (`numeroFluxDepot`).
    #[serde(default)]
    pub name: Option<String>,
    /// `IN_DEPOT_PORTAIL_EN_ATTENTE_TRAITEMENT_SE_CPP`, `IN_INTEGRE`,
    /// `IN_INTEGRE_PARTIEL`, `IN_REJETE`..., none before the first update.
    #[serde(default)]
    pub status: Option<String>,
}

/// A text field holding something besides blanks.
fn filled(value: &Option<String>) -> bool {
    value.as_deref().is_some_and(|v| !v.trim().is_empty())
}

fn eur() -> String {
    "EUR".into()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReversedEntry {
    pub name: String,
    #[serde(default)]
    pub invoice_date: Option<Date>,
}

impl FormState {
    /// The invoice goes to Chorus Pro: a customer invoice or refund whose transmit
    /// method is Chorus Pro.
    pub fn goes_to_chorus(&self) -> bool {
        matches!(self.move_type, MoveType::OutInvoice | MoveType::OutRefund)
            && self.transmit_method_code.as_deref() == Some("fr-chorus")
    }

    /// The French reform's B2B rules judge this invoice: the company turned the reform
    /// on, and it is a customer invoice or credit note that does not go to Chorus Pro,
    /// to a French company (`buyer_is_french_company`). A private person (B2C), a foreign
    /// company and a vendor bill never are.
    pub fn reform_b2b(&self) -> bool {
        self.company.reform_2026
            && matches!(self.move_type, MoveType::OutInvoice | MoveType::OutRefund)
            && !self.goes_to_chorus()
            && self.buyer_is_french_company()
    }

    /// The reform's B2B buyer: a company registered in France. A SIREN or SIRET (on the
    /// commercial partner or the customer) says so; without one, a company (the customer
    /// is a company, or a contact under one) whose country is France or whose VAT number
    /// is French. A person without SIREN is a private customer (B2C).
    pub fn buyer_is_french_company(&self) -> bool {
        let commercial = self.commercial_partner.as_ref();
        let partner = self.partner.as_ref();
        let registered = commercial.is_some_and(|c| filled(&c.siren) || filled(&c.siret))
            || partner.is_some_and(|p| filled(&p.siren) || filled(&p.siret));
        if registered {
            return true;
        }
        let company = partner.is_some_and(|p| p.is_company || p.parent_id.is_some());
        let country_fr = |a: &Address| {
            a.country
                .as_deref()
                .is_some_and(|c| c.trim().eq_ignore_ascii_case("FR"))
        };
        let vat_fr = |v: &Option<String>| {
            v.as_deref().is_some_and(|v| {
                v.trim()
                    .get(..2)
                    .is_some_and(|p| p.eq_ignore_ascii_case("FR"))
            })
        };
        let french = commercial.is_some_and(|c| country_fr(&c.address) || vat_fr(&c.vat))
            || partner.is_some_and(|p| country_fr(&p.address) || vat_fr(&p.vat));
        company && french
    }

    pub fn is_refund(&self) -> bool {
        matches!(self.move_type, MoveType::OutRefund | MoveType::InRefund)
    }

    /// `ref`, trimmed, `None` when blank.
    pub fn reference(&self) -> Option<&str> {
        self.reference
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    /// The chosen customer's active service, if it has one.
    pub fn active_service(&self) -> Option<&Service> {
        self.partner
            .as_ref()?
            .service
            .as_ref()
            .filter(|s| s.active && !s.code.trim().is_empty())
    }
}
