# Copyright 2026 Chorus Guard
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields
from odoo.tests import tagged

from .common import ChorusGuardSavepointCase


@tagged("post_install", "-at_install")
class TestRejection(ChorusGuardSavepointCase):
    def test_rejected_flow_shows_the_chorus_text_and_the_steps(self):
        invoice = self.make_invoice()
        invoice.action_post()
        self.env["chorus.flow"].create(
            {
                "name": "CPP0011117000000003986791",
                "date": fields.Date.today(),
                "status": "IN_REJETE",
                "notes": "Erreur 1 :\n  Libellé erreur : Le code service doit être "
                "obligatoirement renseigné\n",
                "initial_invoice_ids": [(6, 0, invoice.ids)],
            }
        )
        invoice = invoice.with_context(lang="en_US")
        invoice.invalidate_cache()
        self.assertTrue(invoice.chorus_guard_rejected)
        html = str(invoice.chorus_guard_rejection)
        self.assertIn("Le code service doit être obligatoirement renseigné", html)
        self.assertIn("Reset to Draft", html)
        french = invoice.with_context(lang="fr_FR")
        french.invalidate_cache()
        self.assertIn("Remettre en brouillon", str(french.chorus_guard_rejection))

    def test_accepted_flow_shows_nothing(self):
        invoice = self.make_invoice()
        invoice.action_post()
        flow = self.env["chorus.flow"].create(
            {
                "name": "CPP1",
                "date": fields.Date.today(),
                "status": "IN_INTEGRE",
                "initial_invoice_ids": [(6, 0, invoice.ids)],
            }
        )
        invoice.chorus_flow_id = flow
        self.assertFalse(invoice.chorus_guard_rejected)

    def test_rejection_text_is_escaped(self):
        invoice = self.make_invoice()
        invoice.action_post()
        invoice.chorus_status = "REJETEE"
        self.env["chorus.flow"].create(
            {
                "name": "CPP2",
                "date": fields.Date.today(),
                "status": "IN_REJETE",
                "notes": "<script>alert(1)</script>",
                "initial_invoice_ids": [(6, 0, invoice.ids)],
            }
        )
        invoice.invalidate_cache()
        self.assertNotIn("<script>", str(invoice.chorus_guard_rejection))
        self.assertIn("REJETEE", str(invoice.chorus_guard_rejection))
