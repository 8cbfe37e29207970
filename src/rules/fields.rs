//! Which Odoo form field shows which business term, so that a diagnostic raised on
//! the invoice model lands next to the right widget.

use crate::rules::diagnostic::Diagnostic;

/// The Odoo `account.move` field behind a BT / BG id.
pub fn odoo_field(bt: &str) -> Option<&'static str> {
    Some(match bt {
        "BT-1" => "name",
        "BT-2" => "invoice_date",
        "BT-3" => "move_type",
        "BT-5" => "currency_id",
        "BT-9" | "BT-20" => "invoice_date_due",
        "BT-10" | "BT-13" => "ref",
        "BT-22" => "narration",
        "BT-25" | "BT-26" | "BG-3" => "reversed_entry_id",
        "BT-27" | "BT-28" | "BT-29" | "BT-30" | "BT-31" | "BT-32" | "BT-34" | "BG-4" | "BG-5"
        | "BT-35" | "BT-37" | "BT-38" | "BT-40" => "company_id",
        "BT-44" | "BT-45" | "BT-46" | "BT-47" | "BT-48" | "BT-49" | "BG-7" | "BG-8" | "BT-50"
        | "BT-52" | "BT-53" | "BT-55" => "partner_id",
        "BG-16" | "BT-81" | "BT-82" | "BT-83" | "BT-84" | "BT-85" | "BT-86" => "payment_mode_id",
        "BG-20" | "BG-21" | "BG-22" | "BG-23" | "BT-106" | "BT-107" | "BT-108" | "BT-109"
        | "BT-110" | "BT-112" | "BT-113" | "BT-114" | "BT-115" | "BT-116" | "BT-117" | "BT-118"
        | "BT-119" | "BT-120" | "BT-121" => "amount_total",
        _ if bt.starts_with("BT-1") && bt.len() == 6 => "invoice_line_ids",
        "BG-25" | "BG-26" | "BG-27" | "BG-28" | "BG-29" | "BG-31" => "invoice_line_ids",
        _ => return None,
    })
}

pub fn fill_form_fields(out: &mut [Diagnostic]) {
    for d in out.iter_mut() {
        if d.field.is_none() {
            if let Some(bt) = &d.bt {
                d.field = odoo_field(bt).map(str::to_string);
            }
        }
    }
}
