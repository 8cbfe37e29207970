# Copyright 2026 Chorus Guard
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The French e-invoicing reform (2026) on the invoice: the billing framework
(BT-23) when the accountant chooses it, « already paid », and which invoices
the engine judges at posting beside Chorus Pro's."""

from odoo import fields, models

from ..engine import payload

# BT-23 codes of the reform an Odoo company issues (BR-FR-08 lists them all):
# B goods, S services, M both; 1 plain, 2 already paid, 4 final invoice after
# down payments.
BILLING_FRAMEWORKS = [
    ("B1", "B1 - Goods"),
    ("S1", "S1 - Services"),
    ("M1", "M1 - Goods and services"),
    ("B2", "B2 - Goods, already paid"),
    ("S2", "S2 - Services, already paid"),
    ("M2", "M2 - Goods and services, already paid"),
    ("B4", "B4 - Goods, final invoice after down payments"),
    ("S4", "S4 - Services, final invoice after down payments"),
    ("M4", "M4 - Goods and services, final invoice after down payments"),
]


class AccountMove(models.Model):
    _inherit = "account.move"

    chorus_guard_reform = fields.Boolean(
        related="company_id.chorus_guard_reform_2026",
        string="E-Invoicing Reform (2026) Applies",
    )
    chorus_guard_billing_framework = fields.Selection(
        BILLING_FRAMEWORKS,
        string="Billing Framework",
        copy=False,
        readonly=True,
        states={"draft": [("readonly", False)]},
        help="Billing framework of the e-invoicing reform (BT-23). Empty: "
        "computed from the lines' products (goods, services or both), and "
        "« already paid » when ticked. Needed when no line has a product.",
    )
    chorus_guard_already_paid = fields.Boolean(
        string="Already Paid",
        copy=False,
        readonly=True,
        states={"draft": [("readonly", False)]},
        help="The customer paid before the invoice was issued: the invoice "
        "states the whole amount as paid (billing framework B2, S2 or M2).",
    )

    def _chorus_guard_judged(self):
        """Checked by the engine at posting: Chorus Pro invoices, and when the
        company turned the reform on, its other customer invoices and credit
        notes (the engine tells a French company, judged, from a private
        customer, never blocked)."""
        self.ensure_one()
        return self._chorus_guard_goes_to_chorus() or (
            self.move_type in payload.CHORUS_MOVE_TYPES
            and self.company_id.chorus_guard_reform_2026
        )
