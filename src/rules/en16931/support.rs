//! What the EN 16931 rules share: blank tests, the amounts the written XML would
//! carry (declared when given, computed otherwise) and the French wording of
//! line lists.

use crate::model::totals;
use crate::model::{Invoice, Line, LineFacts, Totals, VatBreakdown};
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;
use rust_decimal::Decimal;

/// Every EN 16931 rule blocks: Chorus Pro rejects the file.
pub fn block(rule: &str, bt: &str, fr: impl Into<String>, en: &str) -> Diagnostic {
    Diagnostic::block(rule, fr, en).bt(bt)
}

/// An empty or blank text is as good as missing in the XML. Blank as XPath's
/// `normalize-space` sees it: space, tab, CR and LF only (a no-break space is text).
pub fn blank(text: Option<&String>) -> bool {
    text.is_none_or(|t| is_blank(t))
}

/// `normalize-space(t) = ''`.
pub fn is_blank(t: &str) -> bool {
    t.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

/// BT-131 as the XML carries it: declared, or computed by the engine when the
/// invoice is to be written. A file's missing BT-131 is missing (BR-24) and adds
/// nothing to the sums, as in the schematron: never recomputed.
pub fn line_net(invoice: &Invoice, line: &Line) -> Decimal {
    match line.net_amount {
        Some(net) => net,
        None if invoice.from_file() => Decimal::ZERO,
        None => totals::line_net_amount(line),
    }
}

/// True when the breakdown is the invoice's own: read from a file (whatever it
/// holds, even nothing), or declared with every amount.
pub fn breakdown_declared(invoice: &Invoice) -> bool {
    invoice.from_file()
        || (!invoice.vat_breakdown.is_empty()
            && invoice
                .vat_breakdown
                .iter()
                .all(|b| b.taxable_amount.is_some() && b.tax_amount.is_some()))
}

/// The VAT breakdown the XML carries. A file's is checked as it is (a missing
/// entry or amount is reported, not filled in), and so is a JSON breakdown with
/// every amount declared; a partial JSON one (hints: category, rate, exemption
/// reason) is replaced by the engine's, which the writer writes.
pub fn breakdown<'a>(invoice: &'a Facts) -> &'a [VatBreakdown] {
    if breakdown_declared(invoice) {
        &invoice.invoice().vat_breakdown
    } else {
        invoice.computed_breakdown()
    }
}

/// A declared BG-22 amount; `None` when the totals were not declared at all
/// (the engine computes every one of them then).
pub fn declared(invoice: &Invoice, pick: fn(&Totals) -> Option<Decimal>) -> Option<Decimal> {
    invoice.totals.as_ref().and_then(pick)
}

/// True when totals were declared but this one is missing, or the invoice is a
/// file without it (even a file without BG-22 at all).
pub fn missing_total(invoice: &Invoice, pick: fn(&Totals) -> Option<Decimal>) -> bool {
    match &invoice.totals {
        Some(t) => pick(t).is_none(),
        None => invoice.from_file(),
    }
}

/// A BG-22 amount as the XML would carry it: declared, else computed when the
/// invoice is to be written (a file's missing total stays missing).
pub fn total(invoice: &Facts, pick: fn(&Totals) -> Option<Decimal>) -> Option<Decimal> {
    if invoice.from_file() {
        return declared(invoice, pick);
    }
    declared(invoice, pick).or_else(|| pick(invoice.computed_totals()))
}

/// `round(x * 100) div 100` as XPath computes it in the schematron: a half goes toward
/// positive infinity (`round(-0.125 * 100)` is `-12`), where the engine's own rounding
/// (`round2`) goes away from zero. Only a file's amounts of three decimals or more can
/// tell them apart; what the rules compare with a sum is rounded this way.
pub fn xpath_round2(value: Decimal) -> Decimal {
    value
        .checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|v| v.checked_add(Decimal::new(5, 1)))
        .map(|v| {
            // Written with its two decimals (`335.00`), as messages quote it.
            let mut cents = v.floor() / Decimal::ONE_HUNDRED;
            cents.rescale(2);
            cents
        })
        .unwrap_or_else(|| crate::model::amount::round2(value))
}

/// The lines of a file that `lacks` picks, as « ligne 1, 3 ».
pub fn file_lines(inv: &Facts, lacks: impl Fn(&Line, &LineFacts) -> bool) -> Option<String> {
    let file = inv.file.as_ref()?;
    let ids: Vec<String> = inv
        .lines
        .iter()
        .zip(&file.lines)
        .enumerate()
        .filter(|(_, (l, f))| lacks(l, f))
        .map(|(i, (l, _))| {
            if l.id.trim().is_empty() {
                format!("n° {}", i + 1)
            } else {
                l.id.trim().to_string()
            }
        })
        .collect();
    (!ids.is_empty()).then(|| lines_fr(ids.iter().map(String::as_str)))
}

/// « ligne 2 » / « lignes 2, 5 », for messages about some lines.
pub fn lines_fr<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    let ids: Vec<&str> = ids.into_iter().collect();
    match ids.as_slice() {
        [one] => format!("ligne {one}"),
        _ => format!("lignes {}", ids.join(", ")),
    }
}

/// A rate as an accountant reads it: `20 %`, `5,5 %`.
pub fn rate_fr(rate: Option<Decimal>) -> String {
    match rate {
        Some(r) => format!("{} %", r.normalize().to_string().replace('.', ",")),
        None => "sans taux".to_string(),
    }
}

/// An amount in French notation: `1234,50`.
pub fn amount_fr(value: Decimal) -> String {
    value.to_string().replace('.', ",")
}

/// Same rate, whatever the written scale (`20` = `20.00`).
pub fn same_rate(a: Option<Decimal>, b: Option<Decimal>) -> bool {
    a.map(|r| r.normalize()) == b.map(|r| r.normalize())
}

/// True when every sum, difference and rate product the rules (and the engine's
/// totals) may compute fits in a `Decimal`. Amounts near 10^28 would overflow and
/// panic; the arithmetic rules stay silent on such an invoice rather than abort.
pub fn arithmetic_safe(invoice: &Facts) -> bool {
    invoice.arithmetic_safe(|invoice| bound(invoice).is_some())
}

fn bound(inv: &Invoice) -> Option<Decimal> {
    let mut total = Decimal::ZERO;
    let mut max_rate = Decimal::ONE;
    let mut add = |v: Decimal| -> Option<()> {
        total = total.checked_add(v.abs())?;
        Some(())
    };
    for line in &inv.lines {
        let base = line
            .price_base_quantity
            .filter(|q| !q.is_zero())
            .unwrap_or(Decimal::ONE);
        add(line
            .quantity
            .checked_mul(line.net_price)?
            .checked_div(base)?)?;
        for a in line.allowances.iter().chain(&line.charges) {
            add(a.amount)?;
        }
        add(line.net_amount.unwrap_or_default())?;
        max_rate = max_rate.max(line.vat_rate.unwrap_or_default().abs());
    }
    for a in inv.allowances.iter().chain(&inv.charges) {
        add(a.amount)?;
        max_rate = max_rate.max(a.vat_rate.unwrap_or_default().abs());
    }
    for b in &inv.vat_breakdown {
        add(b.taxable_amount.unwrap_or_default())?;
        add(b.tax_amount.unwrap_or_default())?;
        max_rate = max_rate.max(b.rate.unwrap_or_default().abs());
    }
    if let Some(t) = &inv.totals {
        for v in [
            t.line_total,
            t.allowance_total,
            t.charge_total,
            t.tax_exclusive,
            t.tax_total,
            t.grand_total,
            t.due_payable,
        ] {
            add(v.unwrap_or_default())?;
        }
    }
    add(inv.prepaid_amount.unwrap_or_default())?;
    add(inv.rounding_amount.unwrap_or_default())?;
    // Headroom for the products with a rate and for the sums of those products.
    total
        .checked_mul(max_rate)?
        .checked_mul(Decimal::ONE_HUNDRED)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::en16931::fixture::d;

    #[test]
    fn xpath_rounds_halves_toward_positive_infinity() {
        assert_eq!(xpath_round2(d("0.125")), d("0.13"));
        assert_eq!(xpath_round2(d("-0.125")), d("-0.12"));
        assert_eq!(xpath_round2(d("-0.005")), d("0.00"));
        assert_eq!(xpath_round2(d("-1.2351")), d("-1.24"));
        assert_eq!(xpath_round2(Decimal::MAX), Decimal::MAX);
    }

    #[test]
    fn blank_is_normalize_space_blank() {
        assert!(blank(Some(&" \t\r\n".to_string())));
        assert!(blank(None));
        assert!(
            !blank(Some(&"\u{a0}".to_string())),
            "a no-break space is text"
        );
    }
}
