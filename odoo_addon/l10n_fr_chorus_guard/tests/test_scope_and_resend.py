# Copyright 2026 Chorus Guard
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Only what goes to Chorus is judged; a typo in the service code never reaches
Chorus; the step offered for an invoice to resend is the one that works for the
state of its Chorus flow (issue 11, bugs 1, 2 and 5)."""

from unittest.mock import patch

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ChorusGuardCase


@tagged("post_install", "-at_install")
class TestScope(ChorusGuardCase):
    def test_a_private_customer_without_address_is_checked_by_nobody(self):
        private = self.env["res.partner"].create({"name": "Camille Martin"})
        invoice = self.make_invoice(
            partner=private,
            ref=False,
            transmit_method_id=False,
            payment_mode_id=False,
            partner_bank_id=False,
        )
        diagnostics = invoice._chorus_guard_diagnostics()
        self.assertEqual([d["rule"] for d in diagnostics], ["CHORUS-SCOPE"])
        self.assertEqual(diagnostics[0]["severity"], "info")
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")

    def test_a_vendor_bill_gets_no_diagnostic(self):
        bill = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": self.contact.id,
                "invoice_date": fields.Date.today(),
            }
        )
        self.assertEqual(bill._chorus_guard_diagnostics(), [])


@tagged("post_install", "-at_install")
class TestServiceCodeTypo(ChorusGuardCase):
    def test_a_typo_or_another_case_is_refused_at_posting(self):
        for typo in ("04AMIDEY", "04amidex"):
            invoice = self.make_invoice(ref=typo)
            with self.refused(UserError) as err:
                invoice.action_post()
            self.assertIn("[CHORUS-SERVICE-REF]", err.exception.args[0])
            self.assertIn("04AMIDEX", err.exception.args[0])
            self.assertEqual(invoice.state, "draft")

    def test_the_file_carries_the_contacts_code_not_the_typo(self):
        invoice = self.make_invoice(ref="04AMIDEY")
        xml = invoice._chorus_guard_engine().xml(invoice._chorus_guard_form_state())
        self.assertIn("<ram:BuyerReference>04AMIDEX</ram:BuyerReference>", xml)
        self.assertNotIn("04AMIDEY", xml)


@tagged("post_install", "-at_install")
class TestResendStep(ChorusGuardCase):
    def setUp(self):
        super().setUp()
        self.invoice = self.make_invoice()
        self.invoice.action_post()

    def link_flow(self, status):
        flow = self.env["chorus.flow"].create(
            {
                "name": "FLUX-CG-%s" % (status or "NONE"),
                "date": fields.Date.today(),
                "company_id": self.company.id,
                "status": status,
            }
        )
        self.invoice.write({"chorus_flow_id": flow.id})
        return flow

    def test_the_context_gives_the_flow_to_the_engine(self):
        self.link_flow("IN_INTEGRE")
        ctx = self.env["account.move"].chorus_guard_context(self.invoice.id)
        self.assertEqual(
            ctx["chorus_flow"], {"name": "FLUX-CG-IN_INTEGRE", "status": "IN_INTEGRE"}
        )
        state = self.invoice._chorus_guard_form_state()
        self.assertEqual(state["chorus_flow"]["status"], "IN_INTEGRE")

    def test_stale_after_an_integrated_send_offers_a_credit_note(self):
        self.link_flow("IN_INTEGRE")
        state = self.invoice._chorus_guard_form_state()
        state["last_sent_fingerprint"] = "0" * 64
        diagnostics = self.invoice._chorus_guard_engine().check(state)
        stale = [d for d in diagnostics if d["rule"] == "CHORUS-STALE"]
        self.assertEqual(len(stale), 1, diagnostics)
        self.assertEqual(stale[0]["fix"], {"action": "button", "name": "credit_note"})
        self.assertIn("avoir", stale[0]["message_fr"])

    def test_credit_note_step_opens_the_reversal_wizard_for_an_integrated_flow(self):
        self.link_flow("IN_INTEGRE")
        action = self.invoice.chorus_guard_step("credit_note")
        self.assertEqual(action["res_model"], "account.move.reversal")
        self.assertEqual(action["context"]["active_ids"], self.invoice.ids)

    def test_credit_note_step_is_refused_when_chorus_did_not_integrate(self):
        self.link_flow("IN_REJETE")
        with self.refused(UserError):
            self.invoice.chorus_guard_step("credit_note")

    def test_a_rejected_flow_is_detached_and_send_is_offered_again(self):
        flow = self.link_flow("IN_REJETE")
        self.assertTrue(self.invoice.chorus_guard_step("chorus_detach_rejected"))
        self.assertFalse(self.invoice.chorus_flow_id)
        self.assertTrue(flow.exists())
        action = self.invoice.chorus_guard_step("chorus_send")
        self.assertEqual(action["res_model"], "account.invoice.chorus.send")

    def test_a_flow_not_rejected_is_not_detached(self):
        flow = self.link_flow("IN_INTEGRE")
        with self.refused(UserError):
            self.invoice.chorus_guard_step("chorus_detach_rejected")
        self.assertEqual(self.invoice.chorus_flow_id, flow)

    def test_send_step_is_refused_while_a_flow_is_linked(self):
        self.link_flow(None)
        with self.refused(UserError):
            self.invoice.chorus_guard_step("chorus_send")

    def test_update_flow_step_asks_chorus_for_the_flow_status(self):
        flow = self.link_flow(None)
        with patch.object(
            type(flow), "update_flow_status", autospec=True, return_value=True
        ) as update:
            self.assertTrue(self.invoice.chorus_guard_step("chorus_update_flow"))
        update.assert_called_once()

    def test_an_unknown_step_is_refused(self):
        with self.refused(UserError):
            self.invoice.chorus_guard_step("drop_table")
