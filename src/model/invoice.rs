//! The invoice as EN 16931 sees it. Field comments give the business term (BT) or
//! group (BG) id; `docs/invoice-json.md` documents the JSON form.
//!
//! Declared amounts (`net_amount`, `vat_breakdown` amounts, `totals`) are optional
//! on input: the engine computes them from the lines (see `totals.rs`) and the
//! rules compare what was declared with what is computed.

use super::amount;
use super::date::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// BT-24: the Factur-X profile the XML is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    Minimum,
    #[serde(rename = "basicwl")]
    BasicWl,
    Basic,
    #[default]
    En16931,
    Extended,
    /// EN 16931 with the French e-invoicing reform's additions (the BR-FR "Flux 2"
    /// rules): SIRENs, billing framework, coded notes. Same BT-24 as EN 16931.
    #[serde(rename = "fr-ctc")]
    FrCtc,
}

impl Profile {
    /// BT-24 specification identifier.
    pub fn guideline_id(self) -> &'static str {
        match self {
            Profile::Minimum => "urn:factur-x.eu:1p0:minimum",
            Profile::BasicWl => "urn:factur-x.eu:1p0:basicwl",
            Profile::Basic => "urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic",
            Profile::En16931 | Profile::FrCtc => "urn:cen.eu:en16931:2017",
            Profile::Extended => "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended",
        }
    }

    pub fn from_guideline_id(id: &str) -> Option<Profile> {
        [
            Profile::Minimum,
            Profile::BasicWl,
            Profile::Basic,
            Profile::En16931,
            Profile::Extended,
        ]
        .into_iter()
        .find(|p| p.guideline_id() == id.trim())
    }

    /// `fx:ConformanceLevel` in the PDF's XMP.
    pub fn xmp_level(self) -> &'static str {
        match self {
            Profile::Minimum => "MINIMUM",
            Profile::BasicWl => "BASIC WL",
            Profile::Basic => "BASIC",
            Profile::En16931 | Profile::FrCtc => "EN 16931",
            Profile::Extended => "EXTENDED",
        }
    }
}

fn default_type_code() -> String {
    "380".into()
}
fn default_currency() -> String {
    "EUR".into()
}
fn default_unit() -> String {
    "C62".into()
}
fn default_vat_category() -> String {
    "S".into()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Invoice {
    /// BT-24 specification identifier, as a Factur-X profile.
    #[serde(default)]
    pub profile: Profile,
    /// BT-23 business process type; Chorus Pro's "cadre de facturation" (A1 by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_process: Option<String>,
    /// BT-1 invoice number (Chorus Pro: at most 20 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// BT-3 invoice type code (UNTDID 1001): 380 invoice, 381 credit note, 384, 386, 389.
    #[serde(default = "default_type_code")]
    pub type_code: String,
    /// BT-2 issue date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issue_date: Option<Date>,
    /// BT-5 invoice currency code (ISO 4217).
    #[serde(default = "default_currency")]
    pub currency: String,
    /// BT-9 payment due date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_date: Option<Date>,
    /// BT-20 payment terms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_terms: Option<String>,
    /// BT-10 buyer reference: the Chorus Pro service code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer_reference: Option<String>,
    /// BT-12 contract reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract_reference: Option<String>,
    /// BT-13 purchase order reference: the Chorus Pro engagement number (≤ 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purchase_order_reference: Option<String>,
    /// BG-3 preceding invoice references (BT-25 number, BT-26 date), for credit notes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preceding_invoices: Vec<PrecedingInvoice>,
    /// BG-1 / BT-22 invoice notes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// BG-1 notes with a subject code (BT-21): the legal notes of the French reform
    /// (PMT, PMD, AAB) and its treatment note (BAR), after the plain notes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subject_notes: Vec<SubjectNote>,
    /// BT-23 billing framework of the French reform (B1 goods, S1 services, M1 mixed;
    /// B2/S2/M2 already paid...). Written under `fr-ctc` in place of `business_process`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_framework: Option<String>,
    /// BT-72 actual delivery date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_date: Option<Date>,
    /// BG-14 invoicing period (BT-73 start, BT-74 end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoicing_period: Option<Period>,
    /// BT-80 deliver-to country code (ISO 3166-1 alpha-2): an intra-EU supply
    /// (category K) must name the country the goods went to (BR-IC-12).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_country: Option<String>,
    /// BG-4 seller.
    pub seller: Party,
    /// BG-7 buyer.
    pub buyer: Party,
    /// BG-11 seller tax representative (BT-62 name, BT-63 VAT identifier, BG-12 address).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_representative: Option<Party>,
    /// BG-16 payment instructions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<PaymentMeans>,
    /// BG-20 document level allowances.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowances: Vec<DocumentAllowanceCharge>,
    /// BG-21 document level charges.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub charges: Vec<DocumentAllowanceCharge>,
    /// BG-25 invoice lines.
    #[serde(default)]
    pub lines: Vec<Line>,
    /// BG-23 VAT breakdown. On input, entries may carry only the category, rate and
    /// exemption reason (BT-120/121); amounts are computed when absent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vat_breakdown: Vec<VatBreakdown>,
    /// BT-113 paid amount.
    #[serde(default, with = "amount::opt", skip_serializing_if = "Option::is_none")]
    pub prepaid_amount: Option<Decimal>,
    /// BT-114 rounding amount.
    #[serde(default, with = "amount::opt", skip_serializing_if = "Option::is_none")]
    pub rounding_amount: Option<Decimal>,
    /// BG-22 document totals as declared (computed when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub totals: Option<Totals>,
    /// Set by the CII reader only: the invoice was read from a file, and this is what
    /// the file said that the fields above cannot hold. Checking such an invoice, the
    /// declared figures are facts: a missing one is reported, never computed.
    #[serde(skip)]
    pub file: Option<Box<FileFacts>>,
}

impl Invoice {
    /// True when the invoice was read from a CII file (see `file`).
    pub fn from_file(&self) -> bool {
        self.file.is_some()
    }

    /// The invoice as its fields say, without what the reader noted about the file:
    /// for comparing a file read back with the invoice that was written.
    pub fn without_file_facts(mut self) -> Invoice {
        self.file = None;
        self
    }
}

/// BG-14 (and BG-26 on a line): a period, either end optional.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Period {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Date>,
}

/// What a CII file said beyond the model's fields: what was absent (where the model
/// holds a number, as a line's quantity) and how values were written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FileFacts {
    /// BT-24 as written (BR-01), `None` when absent.
    pub specification_id: Option<String>,
    /// One entry per line of `Invoice::lines`, in order.
    pub lines: Vec<LineFacts>,
    /// `Parent/Name` of every date whose `format` is not 102.
    pub dates_not_102: Vec<String>,
    /// `Parent/Name` of every tax (line, breakdown, allowance, charge) whose TypeCode
    /// is not `VAT`.
    pub non_vat_tax: Vec<String>,
    /// Every amount's `currencyID` attribute, as written (BR-CL-03).
    pub currency_ids: Vec<String>,
    /// A BT-110 in the invoice currency was present (the file may hold only one in
    /// the tax currency, BT-111).
    pub tax_total_in_currency: bool,
    /// A document level allowance (BG-20) without its amount (BT-92): the model's
    /// amount reads as zero, as the schematron's sums count nothing for it (BR-31).
    pub allowance_without_amount: bool,
    /// A document level charge (BG-21) without its amount (BT-99, BR-36).
    pub charge_without_amount: bool,
    /// A VAT breakdown entry giving both a tax point date (BT-7) and its code (BT-8),
    /// which BR-CO-03 forbids.
    pub tax_point_date_and_code: bool,
    /// The deliver-to party had a postal address (BG-15); its country is
    /// `Invoice::delivery_country` (BR-57).
    pub delivery_address: bool,
    /// Supporting documents (BG-24, and a line's object identifier BT-128, both
    /// `AdditionalReferencedDocument`) without a non-empty `IssuerAssignedID` (BR-52).
    pub references_without_id: usize,
    /// Payment card numbers (BT-87) longer than 10 characters once spaces are
    /// normalised (BR-51: at most the last 4 to 6 digits).
    pub long_card_numbers: usize,
    /// Item attributes (BG-32) without their name (BT-160) or value (BT-161) (BR-54).
    pub attributes_incomplete: usize,
    /// A payee (BG-10) was given without its name (BT-59) (BR-17).
    pub payee_without_name: bool,
    /// BT-6 VAT accounting currency code, as written (BR-53, BR-DEC-15).
    pub tax_currency: Option<String>,
    /// Every `TaxTotalAmount` (BT-110 and BT-111): its `currencyID` and its text.
    pub tax_totals: Vec<(Option<String>, String)>,
    /// Every `CountryID` of the file, wherever it is (BR-B-01).
    pub country_ids: Vec<String>,
}

/// What one line of a file lacked.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LineFacts {
    /// BT-129 present.
    pub quantity: bool,
    /// BT-146 present.
    pub net_price: bool,
    /// BT-130 (`unitCode` of BT-129) present, even empty.
    pub unit_code: bool,
    /// A line allowance (BG-27) without its amount (BT-136, BR-41).
    pub allowance_without_amount: bool,
    /// A line charge (BG-28) without its amount (BT-141, BR-43).
    pub charge_without_amount: bool,
    /// BG-26 invoice line period (BT-134 start, BT-135 end), when the line has one.
    pub period: Option<Period>,
    /// An item standard identifier (BT-157) was given without a non-empty scheme
    /// (BT-157-1) on any of them (BR-64).
    pub standard_id_without_scheme: bool,
    /// An item classification (BT-158) was given without a non-empty list id
    /// (BT-158-1) on any of its codes (BR-65).
    pub classification_without_list: bool,
}

/// A BG-1 note with its subject code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubjectNote {
    /// BT-21 subject code (UNTDID 4451): PMT, PMD, AAB, BAR, TXD...
    pub subject_code: String,
    /// BT-22 note text.
    pub content: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrecedingInvoice {
    /// BT-25 preceding invoice number.
    pub number: String,
    /// BT-26 preceding invoice issue date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issue_date: Option<Date>,
}

/// BG-4 seller or BG-7 buyer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Party {
    /// BT-27 seller name / BT-44 buyer name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// BT-28 / BT-45 trading name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trading_name: Option<String>,
    /// SIREN (9 digits): under `fr-ctc`, BT-30 / BT-47 (scheme 0002) in place of
    /// `legal_id`, and the electronic address (scheme 0225) when none is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub siren: Option<String>,
    /// BT-30 / BT-47 legal registration identifier (the SIRET for Chorus Pro).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_id: Option<String>,
    /// Scheme of BT-30 / BT-47 (ISO 6523 ICD; `0002` = SIRENE, what Chorus Pro expects).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_id_scheme: Option<String>,
    /// BT-29 / BT-46 seller or buyer identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// BT-31 / BT-48 VAT identifier (BT-63 for the tax representative).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vat_id: Option<String>,
    /// BT-32 seller tax registration identifier (scheme FC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_registration_id: Option<String>,
    /// BT-34 / BT-49 electronic address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub electronic_address: Option<ElectronicAddress>,
    /// BG-5 / BG-8 postal address.
    #[serde(default)]
    pub address: Address,
    /// BG-6 / BG-9 contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElectronicAddress {
    /// BT-34-1 / BT-49-1 scheme (EAS code, e.g. `EM` for e-mail, `0225` French directory).
    pub scheme: String,
    pub value: String,
}

/// BG-5 / BG-8.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Address {
    /// BT-35 / BT-50.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line1: Option<String>,
    /// BT-36 / BT-51.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line2: Option<String>,
    /// BT-162 / BT-163.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line3: Option<String>,
    /// BT-37 / BT-52.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// BT-38 / BT-53.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    /// BT-39 / BT-54.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subdivision: Option<String>,
    /// BT-40 / BT-55 country code (ISO 3166-1 alpha-2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// BG-6 / BG-9.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// BT-41 / BT-56.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// BT-42 / BT-57.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// BT-43 / BT-58.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// BG-16 payment instructions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PaymentMeans {
    /// BT-81 payment means type code (UNTDID 4461): 30 credit transfer, 58 SEPA
    /// credit transfer, 42 payment to bank account, 49 direct debit...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// BT-82 payment means text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// BT-83 remittance information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remittance_information: Option<String>,
    /// BT-84 payment account identifier (IBAN).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iban: Option<String>,
    /// BT-85 payment account name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_name: Option<String>,
    /// BT-86 payment service provider identifier (BIC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bic: Option<String>,
}

/// BG-20 allowance or BG-21 charge at document level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentAllowanceCharge {
    /// BT-92 / BT-99 amount, without VAT.
    #[serde(with = "amount")]
    pub amount: Decimal,
    /// BT-93 / BT-100 base amount.
    #[serde(default, with = "amount::opt", skip_serializing_if = "Option::is_none")]
    pub base_amount: Option<Decimal>,
    /// BT-94 / BT-101 percentage.
    #[serde(default, with = "amount::opt", skip_serializing_if = "Option::is_none")]
    pub percentage: Option<Decimal>,
    /// BT-95 / BT-102 VAT category code.
    #[serde(default = "default_vat_category")]
    pub vat_category: String,
    /// BT-96 / BT-103 VAT rate.
    #[serde(default, with = "amount::opt", skip_serializing_if = "Option::is_none")]
    pub vat_rate: Option<Decimal>,
    /// BT-97 / BT-104 reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// BT-98 / BT-105 reason code (UNTDID 5189 / 7161).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<String>,
}

/// BG-27 allowance or BG-28 charge on a line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineAllowanceCharge {
    /// BT-136 / BT-141 amount.
    #[serde(with = "amount")]
    pub amount: Decimal,
    /// BT-137 / BT-142 base amount.
    #[serde(default, with = "amount::opt", skip_serializing_if = "Option::is_none")]
    pub base_amount: Option<Decimal>,
    /// BT-138 / BT-143 percentage.
    #[serde(default, with = "amount::opt", skip_serializing_if = "Option::is_none")]
    pub percentage: Option<Decimal>,
    /// BT-139 / BT-144 reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// BT-140 / BT-145 reason code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<String>,
}

/// BG-25 invoice line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Line {
    /// BT-126 line identifier.
    pub id: String,
    /// BT-127 line note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// BT-153 item name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// BT-154 item description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// BT-155 seller's item identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seller_item_id: Option<String>,
    /// BT-129 invoiced quantity.
    #[serde(with = "amount")]
    pub quantity: Decimal,
    /// BT-130 unit of measure code (UN/ECE Rec 20/21), `C62` (one) by default.
    #[serde(default = "default_unit")]
    pub unit_code: String,
    /// BT-146 item net price (after BT-147, before line allowances).
    #[serde(with = "amount")]
    pub net_price: Decimal,
    /// BT-148 item gross price; BT-147 (price discount) is gross − net.
    #[serde(default, with = "amount::opt", skip_serializing_if = "Option::is_none")]
    pub gross_price: Option<Decimal>,
    /// BT-149 item price base quantity (1 when absent).
    #[serde(default, with = "amount::opt", skip_serializing_if = "Option::is_none")]
    pub price_base_quantity: Option<Decimal>,
    /// BG-27 line allowances.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowances: Vec<LineAllowanceCharge>,
    /// BG-28 line charges.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub charges: Vec<LineAllowanceCharge>,
    /// BT-151 invoiced item VAT category code (UNTDID 5305: S, Z, E, AE, K, G, O, L, M).
    #[serde(default = "default_vat_category")]
    pub vat_category: String,
    /// BT-152 invoiced item VAT rate, in percent.
    #[serde(default, with = "amount::opt", skip_serializing_if = "Option::is_none")]
    pub vat_rate: Option<Decimal>,
    /// BT-131 line net amount as declared (computed when absent).
    #[serde(default, with = "amount::opt", skip_serializing_if = "Option::is_none")]
    pub net_amount: Option<Decimal>,
}

/// BG-23 VAT breakdown entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VatBreakdown {
    /// BT-118 VAT category code.
    pub category: String,
    /// BT-119 VAT category rate.
    #[serde(default, with = "amount::opt", skip_serializing_if = "Option::is_none")]
    pub rate: Option<Decimal>,
    /// BT-116 VAT category taxable amount.
    #[serde(default, with = "amount::opt", skip_serializing_if = "Option::is_none")]
    pub taxable_amount: Option<Decimal>,
    /// BT-117 VAT category tax amount.
    #[serde(default, with = "amount::opt", skip_serializing_if = "Option::is_none")]
    pub tax_amount: Option<Decimal>,
    /// BT-120 VAT exemption reason text (e.g. « TVA non applicable, art. 293 B du CGI »).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exemption_reason: Option<String>,
    /// BT-121 VAT exemption reason code (e.g. `VATEX-FR-FRANCHISE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exemption_reason_code: Option<String>,
}

/// BG-22 document totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Totals {
    /// BT-106 sum of invoice line net amounts.
    #[serde(default, with = "amount::opt", skip_serializing_if = "Option::is_none")]
    pub line_total: Option<Decimal>,
    /// BT-107 sum of allowances on document level.
    #[serde(default, with = "amount::opt", skip_serializing_if = "Option::is_none")]
    pub allowance_total: Option<Decimal>,
    /// BT-108 sum of charges on document level.
    #[serde(default, with = "amount::opt", skip_serializing_if = "Option::is_none")]
    pub charge_total: Option<Decimal>,
    /// BT-109 invoice total amount without VAT.
    #[serde(default, with = "amount::opt", skip_serializing_if = "Option::is_none")]
    pub tax_exclusive: Option<Decimal>,
    /// BT-110 invoice total VAT amount.
    #[serde(default, with = "amount::opt", skip_serializing_if = "Option::is_none")]
    pub tax_total: Option<Decimal>,
    /// BT-112 invoice total amount with VAT.
    #[serde(default, with = "amount::opt", skip_serializing_if = "Option::is_none")]
    pub grand_total: Option<Decimal>,
    /// BT-115 amount due for payment.
    #[serde(default, with = "amount::opt", skip_serializing_if = "Option::is_none")]
    pub due_payable: Option<Decimal>,
}
