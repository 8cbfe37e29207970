# Copyright 2026 Chorus Guard
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The engine live in the real invoice form (static/tests/tours/chorus_guard_tour.js):
the parent chosen is blocked, its contact is picked in one click, `ref` is filled with the
service code, the invoice is confirmed; at Send to Chorus the server finds the browser's
XML byte-identical to its own, so OCA's send wizard opens."""

from odoo.tests import tagged
from odoo.tests.common import HttpCase

from .common import ChorusGuardCase


@tagged("post_install", "-at_install")
class TestChorusGuardTour(HttpCase, ChorusGuardCase):
    def setUp(self):
        super().setUp()
        # account_payment_partner empties a customer invoice's bank account whenever the
        # customer changes: the IBAN must come from the payment mode's bank journal.
        journal = self.env["account.journal"].create(
            {
                "name": "Banque Chorus Guard",
                "type": "bank",
                "code": "BCGT",
                "bank_account_id": self.bank.id,
                "company_id": self.company.id,
            }
        )
        self.payment_mode.write(
            {"bank_account_link": "fixed", "fixed_journal_id": journal.id}
        )
        # A name of its own: the database may hold the guide's partners already, and
        # the tour must pick this public body, not a namesake.
        self.amu.name = "Aix Marseille Université (visite)"
        # Send to Chorus is for the Chorus API group; the wizard wants a format.
        self.env.ref("base.user_admin").groups_id |= self.env.ref(
            "l10n_fr_chorus_account.group_chorus_api"
        )
        self.company.fr_chorus_invoice_format = "xml_cii"
        # The customer's defaults, so that the partner onchange keeps the mode.
        for partner in (self.amu, self.contact):
            partner.customer_payment_mode_id = self.payment_mode
        # The guide's starting point: no customer and no reference yet, the tour picks them.
        self.invoice = self.make_invoice(
            partner_id=False, ref=False, invoice_date="2026-04-02"
        )

    def test_tour_parent_blocked_contact_fills_ref_confirm_send(self):
        self.start_tour(
            "/web#id=%d&model=account.move&view_type=form" % self.invoice.id,
            "l10n_fr_chorus_guard_tour",
            login="admin",
            timeout=180,
        )
        self.invoice.invalidate_cache()
        self.assertEqual(self.invoice.state, "posted")
        self.assertEqual(self.invoice.partner_id, self.contact)
        self.assertEqual(self.invoice.ref, "04AMIDEX")
        # The wizard was only opened: nothing went to Chorus Pro.
        self.assertFalse(self.invoice.chorus_flow_id)
