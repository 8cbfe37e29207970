//! The CII reader: any Factur-X / ZUGFeRD 2.x file, MINIMUM to EXTENDED, into the
//! model. Elements are matched by local name and CII namespace along their CII path;
//! what the model has no place for is ignored. Declared amounts are kept as the file states them.

use super::dom::{self, Element};
use super::names;
use crate::error::Error;
use crate::model::amount::parse_decimal;
use crate::model::SubjectNote;
use crate::model::{
    Address, Contact, Date, DocumentAllowanceCharge, ElectronicAddress, FileFacts, Invoice, Line,
    LineAllowanceCharge, LineFacts, Party, PaymentMeans, Period, PrecedingInvoice, Profile, Totals,
    VatBreakdown,
};
use rust_decimal::Decimal;

pub fn read(xml: &str) -> Result<Invoice, Error> {
    // Files taken out of PDFs often start with a byte order mark.
    let root = dom::parse(xml.strip_prefix('\u{FEFF}').unwrap_or(xml))?;
    if root.name == names::ROOT && root.ns != dom::Ns::Rsm {
        return Err(Error::new(
            "xml",
            format!(
                "ce n'est pas une facture CII : l'élément racine <{}> n'est pas dans l'espace de noms {}",
                root.name,
                names::RSM
            ),
            format!(
                "not a CII invoice: the root element <{}> is not in the namespace {}",
                root.name,
                names::RSM
            ),
        ));
    }
    if root.name != names::ROOT {
        return Err(Error::new(
            "xml",
            format!(
                "ce n'est pas une facture CII : élément racine <{}>, attendu <rsm:{}> (Factur-X / ZUGFeRD 2)",
                root.name,
                names::ROOT
            ),
            format!("not a CII invoice: root element <{}>, expected <rsm:{}>", root.name, names::ROOT),
        ));
    }
    let empty = Element::default();
    let ctx = root.child("ExchangedDocumentContext").unwrap_or(&empty);
    let doc = root.child("ExchangedDocument").unwrap_or(&empty);
    let tx = root.child("SupplyChainTradeTransaction").unwrap_or(&empty);
    let agreement = tx.child("ApplicableHeaderTradeAgreement").unwrap_or(&empty);
    let delivery = tx.child("ApplicableHeaderTradeDelivery").unwrap_or(&empty);
    let settlement = tx
        .child("ApplicableHeaderTradeSettlement")
        .unwrap_or(&empty);
    let currency = settlement
        .text_at(&["InvoiceCurrencyCode"])
        .unwrap_or_default();

    let terms: Vec<&Element> = settlement.children("SpecifiedTradePaymentTerms").collect();
    let payment_terms = terms.iter().find_map(|t| t.text_at(&["Description"]));
    let due_date = match terms.iter().find_map(|t| t.child("DueDateDateTime")) {
        Some(e) => Some(date(e)?),
        None => None,
    };

    let mut allowances = Vec::new();
    let mut charges = Vec::new();
    for e in settlement.children("SpecifiedTradeAllowanceCharge") {
        let (is_charge, ac) = document_allowance_charge(e)?;
        if is_charge {
            charges.push(ac);
        } else {
            allowances.push(ac);
        }
    }

    let summation = settlement.child("SpecifiedTradeSettlementHeaderMonetarySummation");
    let line_items: Vec<&Element> = tx
        .children("IncludedSupplyChainTradeLineItem")
        .filter(|l| !is_group_or_information(l))
        .collect();
    let file = file_facts(&root, ctx, &line_items, settlement, delivery, &currency)?;

    Ok(Invoice {
        profile: profile(ctx),
        business_process: ctx.text_at(&["BusinessProcessSpecifiedDocumentContextParameter", "ID"]),
        number: doc.text_at(&["ID"]),
        type_code: doc.text_at(&["TypeCode"]).unwrap_or_default(),
        issue_date: opt_date(doc.child("IssueDateTime"))?,
        currency: currency.clone(),
        due_date,
        payment_terms,
        buyer_reference: agreement.text_at(&["BuyerReference"]),
        contract_reference: agreement.text_at(&["ContractReferencedDocument", "IssuerAssignedID"]),
        purchase_order_reference: agreement
            .text_at(&["BuyerOrderReferencedDocument", "IssuerAssignedID"]),
        preceding_invoices: settlement
            .children("InvoiceReferencedDocument")
            .map(preceding)
            .collect::<Result<_, _>>()?,
        notes: doc
            .children("IncludedNote")
            .filter(|n| n.child("SubjectCode").is_none())
            .flat_map(|n| n.children("Content"))
            .map(|c| c.text.clone())
            .collect(),
        // BT-21 coded notes (the French reform's PMT, PMD, AAB, BAR...).
        subject_notes: doc
            .children("IncludedNote")
            .filter_map(|n| {
                Some(SubjectNote {
                    subject_code: n.text_at(&["SubjectCode"])?,
                    content: n.text_at(&["Content"]).unwrap_or_default(),
                })
            })
            .collect(),
        billing_framework: None,
        delivery_date: opt_date(
            delivery.at(&["ActualDeliverySupplyChainEvent", "OccurrenceDateTime"]),
        )?,
        invoicing_period: settlement
            .child("BillingSpecifiedPeriod")
            .map(period)
            .transpose()?,
        delivery_country: delivery.text_at(&[
            "ShipToTradeParty",
            "PostalTradeAddress",
            "CountryID",
        ]),
        seller: party(agreement.child("SellerTradeParty")),
        buyer: party(agreement.child("BuyerTradeParty")),
        tax_representative: agreement
            .child("SellerTaxRepresentativeTradeParty")
            .map(|p| party(Some(p))),
        payment: payment(settlement),
        allowances,
        charges,
        lines: line_items
            .iter()
            .map(|l| line(l))
            .collect::<Result<_, _>>()?,
        vat_breakdown: settlement
            .children("ApplicableTradeTax")
            .map(vat_entry)
            .collect::<Result<_, _>>()?,
        prepaid_amount: opt_decimal(summation.and_then(|s| s.child("TotalPrepaidAmount")))?,
        rounding_amount: opt_decimal(summation.and_then(|s| s.child("RoundingAmount")))?,
        totals: match summation {
            Some(s) => Some(totals(s, &currency)?),
            None => None,
        },
        file: Some(Box::new(file)),
    })
}

/// What the file says that the model's fields do not keep (see `FileFacts`).
fn file_facts(
    root: &Element,
    ctx: &Element,
    lines: &[&Element],
    settlement: &Element,
    delivery: &Element,
    currency: &str,
) -> Result<FileFacts, Error> {
    let summation = settlement.child("SpecifiedTradeSettlementHeaderMonetarySummation");
    let document_lacks_amount = |charge: bool| {
        settlement
            .children("SpecifiedTradeAllowanceCharge")
            .any(|ac| is_charge(ac) == charge && ac.child("ActualAmount").is_none())
    };
    let mut facts = FileFacts {
        specification_id: ctx.text_at(&["GuidelineSpecifiedDocumentContextParameter", "ID"]),
        lines: lines
            .iter()
            .map(|l| {
                let billed = l.at(&["SpecifiedLineTradeDelivery", "BilledQuantity"]);
                let settlement = l.child("SpecifiedLineTradeSettlement");
                let product = l.child("SpecifiedTradeProduct");
                let lacks_amount = |charge: bool| {
                    settlement.is_some_and(|s| {
                        s.children("SpecifiedTradeAllowanceCharge")
                            .any(|ac| is_charge(ac) == charge && ac.child("ActualAmount").is_none())
                    })
                };
                Ok(LineFacts {
                    quantity: billed.is_some(),
                    unit_code: billed.and_then(|q| q.attr("unitCode")).is_some(),
                    net_price: l
                        .at(&[
                            "SpecifiedLineTradeAgreement",
                            "NetPriceProductTradePrice",
                            "ChargeAmount",
                        ])
                        .is_some(),
                    allowance_without_amount: lacks_amount(false),
                    charge_without_amount: lacks_amount(true),
                    period: settlement
                        .and_then(|s| s.child("BillingSpecifiedPeriod"))
                        .map(period)
                        .transpose()?,
                    // `GlobalID/@schemeID != ''` holds when any of them has a scheme.
                    standard_id_without_scheme: product.is_some_and(|p| {
                        let mut ids = p.children("GlobalID").peekable();
                        ids.peek().is_some() && !ids.any(|id| has_attr(id, "schemeID"))
                    }),
                    classification_without_list: product.is_some_and(|p| {
                        let mut classes = p.children("DesignatedProductClassification").peekable();
                        classes.peek().is_some()
                            && !classes
                                .flat_map(|c| c.children("ClassCode"))
                                .any(|code| has_attr(code, "listID"))
                    }),
                })
            })
            .collect::<Result<_, Error>>()?,
        tax_total_in_currency: summation.is_some_and(|s| {
            s.children("TaxTotalAmount")
                .any(|t| t.attr("currencyID").map(str::trim) == Some(currency.trim()))
        }),
        allowance_without_amount: document_lacks_amount(false),
        charge_without_amount: document_lacks_amount(true),
        tax_point_date_and_code: settlement
            .children("ApplicableTradeTax")
            .any(|t| t.child("TaxPointDate").is_some() && t.child("DueDateTypeCode").is_some()),
        delivery_address: delivery
            .at(&["ShipToTradeParty", "PostalTradeAddress"])
            .is_some(),
        payee_without_name: settlement
            .children("PayeeTradeParty")
            .any(|p| p.child("Name").is_none()),
        tax_currency: settlement.text_at(&["TaxCurrencyCode"]),
        tax_totals: summation
            .map(|s| {
                s.children("TaxTotalAmount")
                    .map(|t| (t.attr("currencyID").map(String::from), t.text.clone()))
                    .collect()
            })
            .unwrap_or_default(),
        ..FileFacts::default()
    };
    walk(root, &mut facts);
    Ok(facts)
}

/// An attribute whose value is not empty (XPath's `@a != ''`: spaces count).
fn has_attr(e: &Element, name: &str) -> bool {
    e.attr(name).is_some_and(|v| !v.is_empty())
}

/// BG-14 or BG-26: either date may be absent.
fn period(p: &Element) -> Result<Period, Error> {
    Ok(Period {
        start: opt_date(p.child("StartDateTime"))?,
        end: opt_date(p.child("EndDateTime"))?,
    })
}

/// Date formats, tax type codes and currency attributes, wherever they are.
fn walk(e: &Element, facts: &mut FileFacts) {
    if e.name == "DateTimeString" && e.attr("format").map(str::trim) != Some("102") {
        facts.dates_not_102.push(e.label());
    }
    if matches!(e.name.as_str(), "ApplicableTradeTax" | "CategoryTradeTax") {
        if let Some(code) = e.child("TypeCode") {
            if code.text != "VAT" {
                facts.non_vat_tax.push(e.label());
            }
        }
    }
    if let Some(c) = e.attr("currencyID") {
        facts.currency_ids.push(c.to_string());
    }
    match e.name.as_str() {
        // `IssuerAssignedID != ''`: some non-empty one (spaces count).
        "AdditionalReferencedDocument"
            if !e.children("IssuerAssignedID").any(|id| !id.text.is_empty()) =>
        {
            facts.references_without_id += 1
        }
        "ApplicableTradeSettlementFinancialCard"
            if e.text_at(&["ID"])
                .unwrap_or_default()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .chars()
                .count()
                > 10 =>
        {
            facts.long_card_numbers += 1
        }
        "ApplicableProductCharacteristic"
            if e.child("Description").is_none() || e.child("Value").is_none() =>
        {
            facts.attributes_incomplete += 1
        }
        "CountryID" => facts.country_ids.push(e.text.clone()),
        _ => {}
    }
    for child in &e.children {
        walk(child, facts);
    }
}

/// BT-24. Other producers' identifiers (ZUGFeRD, XRechnung, later Factur-X
/// versions) are mapped to the nearest profile by the name they carry.
fn profile(ctx: &Element) -> Profile {
    let id = ctx
        .text_at(&["GuidelineSpecifiedDocumentContextParameter", "ID"])
        .unwrap_or_default();
    if let Some(p) = Profile::from_guideline_id(&id) {
        return p;
    }
    let id = id.to_ascii_lowercase();
    if id.contains("extended") {
        Profile::Extended
    } else if id.contains("basicwl") || id.contains("basic-wl") {
        Profile::BasicWl
    } else if id.contains("basic") {
        Profile::Basic
    } else if id.contains("minimum") {
        Profile::Minimum
    } else {
        Profile::En16931
    }
}

fn decimal(e: &Element) -> Result<Decimal, Error> {
    parse_decimal(&e.text).map_err(|why| {
        Error::new(
            "xml",
            format!(
                "montant illisible dans <{}> (octet {}) : {}",
                e.label(),
                e.offset,
                why
            ),
            format!(
                "unreadable number in <{}> (byte {}): {}",
                e.label(),
                e.offset,
                why
            ),
        )
    })
}

fn opt_decimal(e: Option<&Element>) -> Result<Option<Decimal>, Error> {
    e.map(decimal).transpose()
}

/// A date element holds `udt:DateTimeString` (or `qdt:`) with format 102.
fn date(e: &Element) -> Result<Date, Error> {
    let inner = e.child("DateTimeString").unwrap_or(e);
    Date::parse_102(&inner.text).map_err(|why| {
        let format = inner.attr("format").unwrap_or("102");
        Error::new(
            "xml",
            format!(
                "date illisible dans <{}> (octet {}, format {}) : {}",
                e.label(),
                e.offset,
                format,
                why
            ),
            format!(
                "unreadable date in <{}> (byte {}, format {}): {}",
                e.label(),
                e.offset,
                format,
                why
            ),
        )
    })
}

fn opt_date(e: Option<&Element>) -> Result<Option<Date>, Error> {
    e.map(date).transpose()
}

fn is_charge(e: &Element) -> bool {
    let text = e
        .text_at(&["ChargeIndicator", "Indicator"])
        .unwrap_or_default();
    matches!(text.trim(), "true" | "1")
}

fn preceding(e: &Element) -> Result<PrecedingInvoice, Error> {
    Ok(PrecedingInvoice {
        number: e.text_at(&["IssuerAssignedID"]).unwrap_or_default(),
        issue_date: opt_date(e.child("FormattedIssueDateTime"))?,
    })
}

fn party(p: Option<&Element>) -> Party {
    let Some(p) = p else {
        return Party::default();
    };
    let legal = p.at(&["SpecifiedLegalOrganization", "ID"]);
    Party {
        id: p.text_at(&["ID"]),
        name: p.text_at(&["Name"]),
        trading_name: p.text_at(&["SpecifiedLegalOrganization", "TradingBusinessName"]),
        legal_id: legal.map(|e| e.text.clone()),
        legal_id_scheme: legal.and_then(|e| e.attr("schemeID")).map(String::from),
        // Under fr-ctc BT-30/BT-47 is the SIREN itself: read as `legal_id`.
        siren: None,
        // BT-31 is the registration with scheme VA; FC is the tax number (BT-32).
        vat_id: p
            .children("SpecifiedTaxRegistration")
            .filter_map(|r| r.child("ID"))
            .find(|id| id.attr("schemeID").map(str::trim) == Some("VA"))
            .map(|id| id.text.clone()),
        tax_registration_id: p
            .children("SpecifiedTaxRegistration")
            .filter_map(|r| r.child("ID"))
            .find(|id| id.attr("schemeID").map(str::trim) == Some("FC"))
            .map(|id| id.text.clone()),
        // An address element without its URIID is an address without scheme or value:
        // BR-62/63 judge the first URIUniversalCommunication, whatever it holds.
        electronic_address: p.child("URIUniversalCommunication").map(|c| {
            let id = c.child("URIID");
            ElectronicAddress {
                scheme: id
                    .and_then(|e| e.attr("schemeID"))
                    .unwrap_or_default()
                    .to_string(),
                value: id.map(|e| e.text.clone()).unwrap_or_default(),
            }
        }),
        address: p
            .child("PostalTradeAddress")
            .map(address)
            .unwrap_or_default(),
        contact: p.child("DefinedTradeContact").map(|c| Contact {
            name: c.text_at(&["PersonName"]),
            phone: c.text_at(&["TelephoneUniversalCommunication", "CompleteNumber"]),
            email: c.text_at(&["EmailURIUniversalCommunication", "URIID"]),
        }),
    }
}

fn address(a: &Element) -> Address {
    Address {
        line1: a.text_at(&["LineOne"]),
        line2: a.text_at(&["LineTwo"]),
        line3: a.text_at(&["LineThree"]),
        city: a.text_at(&["CityName"]),
        postcode: a.text_at(&["PostcodeCode"]),
        subdivision: a.text_at(&["CountrySubDivisionName"]),
        country: a.text_at(&["CountryID"]),
    }
}

fn payment(settlement: &Element) -> Option<PaymentMeans> {
    let reference = settlement.text_at(&["PaymentReference"]);
    let means = settlement.child("SpecifiedTradeSettlementPaymentMeans");
    if reference.is_none() && means.is_none() {
        return None;
    }
    let means = means.cloned().unwrap_or_default();
    Some(PaymentMeans {
        code: means.text_at(&["TypeCode"]),
        text: means.text_at(&["Information"]),
        remittance_information: reference,
        iban: means.text_at(&["PayeePartyCreditorFinancialAccount", "IBANID"]),
        account_name: means.text_at(&["PayeePartyCreditorFinancialAccount", "AccountName"]),
        bic: means.text_at(&["PayeeSpecifiedCreditorFinancialInstitution", "BICID"]),
    })
}

fn vat_entry(e: &Element) -> Result<VatBreakdown, Error> {
    Ok(VatBreakdown {
        category: e.text_at(&["CategoryCode"]).unwrap_or_default(),
        rate: opt_decimal(e.child("RateApplicablePercent"))?,
        taxable_amount: opt_decimal(e.child("BasisAmount"))?,
        tax_amount: opt_decimal(e.child("CalculatedAmount"))?,
        exemption_reason: e.text_at(&["ExemptionReason"]),
        exemption_reason_code: e.text_at(&["ExemptionReasonCode"]),
    })
}

/// BT-92/99/136/141. A missing amount reads as zero, what the schematron's sums
/// count for it; `FileFacts` notes it, and BR-31/36/41/43 report it.
fn actual_amount(e: &Element) -> Result<Decimal, Error> {
    Ok(opt_decimal(e.child("ActualAmount"))?.unwrap_or_default())
}

fn document_allowance_charge(e: &Element) -> Result<(bool, DocumentAllowanceCharge), Error> {
    let tax = e.child("CategoryTradeTax");
    Ok((
        is_charge(e),
        DocumentAllowanceCharge {
            amount: actual_amount(e)?,
            base_amount: opt_decimal(e.child("BasisAmount"))?,
            percentage: opt_decimal(e.child("CalculationPercent"))?,
            vat_category: tax
                .and_then(|t| t.text_at(&["CategoryCode"]))
                .unwrap_or_default(),
            vat_rate: opt_decimal(tax.and_then(|t| t.child("RateApplicablePercent")))?,
            reason: e.text_at(&["Reason"]),
            reason_code: e.text_at(&["ReasonCode"]),
        },
    ))
}

fn line_allowance_charge(e: &Element) -> Result<LineAllowanceCharge, Error> {
    Ok(LineAllowanceCharge {
        amount: actual_amount(e)?,
        base_amount: opt_decimal(e.child("BasisAmount"))?,
        percentage: opt_decimal(e.child("CalculationPercent"))?,
        reason: e.text_at(&["Reason"]),
        reason_code: e.text_at(&["ReasonCode"]),
    })
}

/// EXTENDED's group (subtotal) and information lines are not invoice lines:
/// counting them would add their amounts twice.
fn is_group_or_information(e: &Element) -> bool {
    let code = e
        .text_at(&["AssociatedDocumentLineDocument", "LineStatusReasonCode"])
        .unwrap_or_default();
    matches!(code.trim(), "GROUP" | "INFORMATION")
}

fn line(e: &Element) -> Result<Line, Error> {
    let empty = Element::default();
    let doc = e.child("AssociatedDocumentLineDocument").unwrap_or(&empty);
    let product = e.child("SpecifiedTradeProduct").unwrap_or(&empty);
    let agreement = e.child("SpecifiedLineTradeAgreement").unwrap_or(&empty);
    let settlement = e.child("SpecifiedLineTradeSettlement").unwrap_or(&empty);
    let gross = agreement.child("GrossPriceProductTradePrice");
    let net = agreement.child("NetPriceProductTradePrice");
    let billed = e.at(&["SpecifiedLineTradeDelivery", "BilledQuantity"]);
    let base_quantity = net
        .and_then(|n| n.child("BasisQuantity"))
        .or_else(|| gross.and_then(|g| g.child("BasisQuantity")));
    let tax = settlement.child("ApplicableTradeTax");

    let mut allowances = Vec::new();
    let mut charges = Vec::new();
    for ac in settlement.children("SpecifiedTradeAllowanceCharge") {
        if is_charge(ac) {
            charges.push(line_allowance_charge(ac)?);
        } else {
            allowances.push(line_allowance_charge(ac)?);
        }
    }

    Ok(Line {
        id: doc.text_at(&["LineID"]).unwrap_or_default(),
        note: doc.at(&["IncludedNote", "Content"]).map(|c| c.text.clone()),
        name: product.text_at(&["Name"]),
        description: product.text_at(&["Description"]),
        seller_item_id: product.text_at(&["SellerAssignedID"]),
        // EXTENDED makes the quantity and the net price optional; a line without
        // them reads as zero rather than failing the whole file.
        quantity: opt_decimal(billed)?.unwrap_or_default(),
        unit_code: billed
            .and_then(|q| q.attr("unitCode"))
            .unwrap_or_default()
            .to_string(),
        net_price: opt_decimal(net.and_then(|n| n.child("ChargeAmount")))?.unwrap_or_default(),
        gross_price: opt_decimal(gross.and_then(|g| g.child("ChargeAmount")))?,
        price_base_quantity: opt_decimal(base_quantity)?,
        allowances,
        charges,
        vat_category: tax
            .and_then(|t| t.text_at(&["CategoryCode"]))
            .unwrap_or_default(),
        vat_rate: opt_decimal(tax.and_then(|t| t.child("RateApplicablePercent")))?,
        net_amount: opt_decimal(settlement.at(&[
            "SpecifiedTradeSettlementLineMonetarySummation",
            "LineTotalAmount",
        ]))?,
    })
}

fn totals(s: &Element, currency: &str) -> Result<Totals, Error> {
    // BT-110 is the TaxTotalAmount in the invoice currency; BT-111 (tax currency)
    // may sit beside it.
    let tax_totals: Vec<&Element> = s.children("TaxTotalAmount").collect();
    let tax_total = tax_totals
        .iter()
        .find(|t| {
            t.attr("currencyID")
                .is_none_or(|c| c.trim() == currency.trim())
        })
        .or_else(|| tax_totals.first())
        .copied();
    Ok(Totals {
        line_total: opt_decimal(s.child("LineTotalAmount"))?,
        allowance_total: opt_decimal(s.child("AllowanceTotalAmount"))?,
        charge_total: opt_decimal(s.child("ChargeTotalAmount"))?,
        tax_exclusive: opt_decimal(s.child("TaxBasisTotalAmount"))?,
        tax_total: opt_decimal(tax_total)?,
        grand_total: opt_decimal(s.child("GrandTotalAmount"))?,
        due_payable: opt_decimal(s.child("DuePayableAmount"))?,
    })
}
