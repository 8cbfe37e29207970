//! BR-31, BR-36, BR-41, BR-43: every allowance and charge, on the document or on a
//! line, states its amount (BT-92, BT-99, BT-136, BT-141). The form always has it; a
//! file may not, and the reader then notes it (`FileFacts`, `LineFacts`) and counts
//! the amount as zero, as the schematron's sums do.

use super::support::{block, file_lines};
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;

pub fn br_31(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if inv
        .file
        .as_ref()
        .is_some_and(|f| f.allowance_without_amount)
    {
        out.push(block(
            "BR-31",
            "BT-92",
            "Chaque remise au niveau du document (BG-20) doit avoir un montant (BT-92) : le fichier en omet un.",
            "Each Document level allowance (BG-20) shall have a Document level allowance amount (BT-92).",
        ));
    }
}

pub fn br_36(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if inv.file.as_ref().is_some_and(|f| f.charge_without_amount) {
        out.push(block(
            "BR-36",
            "BT-99",
            "Chaque frais au niveau du document (BG-21) doit avoir un montant (BT-99) : le fichier en omet un.",
            "Each Document level charge (BG-21) shall have a Document level charge amount (BT-99).",
        ));
    }
}

pub fn br_41(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if let Some(which) = file_lines(inv, |_, f| f.allowance_without_amount) {
        out.push(block(
            "BR-41",
            "BT-136",
            format!("Chaque remise sur une ligne (BG-27) doit avoir un montant (BT-136) : absent en {which}."),
            "Each Invoice line allowance (BG-27) shall have an Invoice line allowance amount (BT-136).",
        ));
    }
}

pub fn br_43(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if let Some(which) = file_lines(inv, |_, f| f.charge_without_amount) {
        out.push(block(
            "BR-43",
            "BT-141",
            format!("Chaque frais sur une ligne (BG-28) doit avoir un montant (BT-141) : absent en {which}."),
            "Each Invoice line charge (BG-28) shall have an Invoice line charge amount (BT-141).",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::en16931::fixture::{file_invoice, fires_on, silent_on};

    #[test]
    fn a_file_allowance_or_charge_without_amount_is_reported() {
        let mut inv = file_invoice();
        for rule in [br_31, br_36, br_41, br_43] {
            silent_on(rule, &inv);
        }
        let file = inv.file.as_mut().unwrap();
        file.allowance_without_amount = true;
        file.charge_without_amount = true;
        file.lines[1].allowance_without_amount = true;
        file.lines[0].charge_without_amount = true;
        fires_on(br_31, "BR-31", &inv);
        fires_on(br_36, "BR-36", &inv);
        assert!(fires_on(br_41, "BR-41", &inv)
            .message_fr
            .contains("ligne 2"));
        assert!(fires_on(br_43, "BR-43", &inv)
            .message_fr
            .contains("ligne 1"));
    }

    #[test]
    fn the_reader_notes_a_missing_amount_and_counts_it_as_zero() {
        let xml = crate::rules::en16931::fixture::valid_xml();
        // The first document level allowance or charge loses its amount.
        let header = xml.find("<ram:ApplicableHeaderTradeSettlement>").unwrap();
        let start = header
            + xml[header..]
                .find("<ram:SpecifiedTradeAllowanceCharge>")
                .unwrap();
        let from = start + xml[start..].find("<ram:ActualAmount>").unwrap();
        let to =
            from + xml[from..].find("</ram:ActualAmount>").unwrap() + "</ram:ActualAmount>".len();
        let broken = format!("{}{}", &xml[..from], &xml[to..]);
        let inv = crate::cii::read(&broken).unwrap();
        let file = inv.file.as_ref().unwrap();
        assert!(file.allowance_without_amount || file.charge_without_amount);
        assert!(inv
            .allowances
            .iter()
            .chain(&inv.charges)
            .any(|a| a.amount.is_zero()));
    }
}
