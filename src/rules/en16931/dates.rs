//! BR-CO-03, BR-CO-19, BR-30 and BR-CO-20: the VAT point date (BT-7) or its code
//! (BT-8), not both; an invoicing period (BG-14) or a line period (BG-26) gives at
//! least one of its dates, and a line period ends on or after its start. (BR-29, the
//! same order on BG-14, sits with the other header dates in `core`.) BT-7/8 and line
//! periods are not in the model: only a file carries them (`FileFacts`, `LineFacts`).

use super::support::{block, file_lines};
use crate::model::Period;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;

fn no_date(p: &Period) -> bool {
    p.start.is_none() && p.end.is_none()
}

fn reversed(p: &Period) -> bool {
    matches!((p.start, p.end), (Some(start), Some(end)) if end < start)
}

pub fn br_co_03(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if inv.file.as_ref().is_some_and(|f| f.tax_point_date_and_code) {
        out.push(block(
            "BR-CO-03",
            "BT-7",
            "La date d'exigibilité de la TVA (BT-7) et son code (BT-8) s'excluent : le fichier donne les deux dans son récapitulatif de TVA.",
            "Value added tax point date (BT-7) and Value added tax point date code (BT-8) are mutually exclusive.",
        ));
    }
}

pub fn br_co_19(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if inv.invoicing_period.as_ref().is_some_and(no_date) {
        out.push(block(
            "BR-CO-19",
            "BG-14",
            "Une période de facturation (BG-14) doit donner sa date de début (BT-73), sa date de fin (BT-74), ou les deux.",
            "If Invoicing period (BG-14) is used, the Invoicing period start date (BT-73) or the Invoicing period end date (BT-74) shall be filled, or both.",
        ));
    }
}

pub fn br_30(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if let Some(which) = file_lines(inv, |_, f| f.period.as_ref().is_some_and(reversed)) {
        out.push(block(
            "BR-30",
            "BT-135",
            format!("La fin de la période de la ligne (BT-135) précède son début (BT-134) : {which}."),
            "If both Invoice line period start date (BT-134) and Invoice line period end date (BT-135) are given then the Invoice line period end date (BT-135) shall be later or equal to the Invoice line period start date (BT-134).",
        ));
    }
}

pub fn br_co_20(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if let Some(which) = file_lines(inv, |_, f| f.period.as_ref().is_some_and(no_date)) {
        out.push(block(
            "BR-CO-20",
            "BG-26",
            format!("Une période de ligne (BG-26) doit donner sa date de début (BT-134), sa date de fin (BT-135), ou les deux : {which}."),
            "If Invoice line period (BG-26) is used, the Invoice line period start date (BT-134) or the Invoice line period end date (BT-135) shall be filled, or both.",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;
    use crate::rules::en16931::fixture::{file_invoice, fires, fires_on, silent, silent_on};

    fn date(text: &str) -> Option<Date> {
        Some(Date::parse_102(text).unwrap())
    }

    #[test]
    fn a_tax_point_date_with_its_code_breaks_br_co_03() {
        let mut inv = file_invoice();
        silent_on(br_co_03, &inv);
        inv.file.as_mut().unwrap().tax_point_date_and_code = true;
        fires_on(br_co_03, "BR-CO-03", &inv);
    }

    #[test]
    fn an_invoicing_period_without_dates_breaks_br_co_19() {
        silent(br_co_19, |_| {});
        silent(br_co_19, |inv| {
            inv.invoicing_period = Some(Period {
                start: None,
                end: date("20261031"),
            })
        });
        fires(br_co_19, "BR-CO-19", |inv| {
            inv.invoicing_period = Some(Period::default())
        });
    }

    #[test]
    fn a_line_period_of_a_file_is_checked() {
        let mut inv = file_invoice();
        silent_on(br_30, &inv);
        silent_on(br_co_20, &inv);
        let file = inv.file.as_mut().unwrap();
        file.lines[0].period = Some(Period {
            start: date("20261001"),
            end: date("20261031"),
        });
        silent_on(br_30, &inv);
        silent_on(br_co_20, &inv);
        let file = inv.file.as_mut().unwrap();
        file.lines[0].period = Some(Period {
            start: date("20261031"),
            end: date("20261001"),
        });
        file.lines[1].period = Some(Period::default());
        let reversed = fires_on(br_30, "BR-30", &inv);
        assert!(reversed.message_fr.ends_with("ligne 1."), "{reversed:?}");
        let empty = fires_on(br_co_20, "BR-CO-20", &inv);
        assert!(empty.message_fr.ends_with("ligne 2."), "{empty:?}");
    }
}
