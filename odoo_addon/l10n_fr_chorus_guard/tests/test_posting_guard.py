# Copyright 2026 Chorus Guard
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from unittest.mock import patch

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ChorusGuardCase

LOADER = "odoo.addons.l10n_fr_chorus_guard.models.account_move.load_engine"


@tagged("post_install", "-at_install")
class TestPostingGuard(ChorusGuardCase):
    def test_action_post_accepts_the_guide_invoice(self):
        invoice = self.make_invoice()
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")

    def test_action_post_refuses_an_empty_ref_with_the_engine_message(self):
        # OCA's own check lets this one through: the service is on the contact.
        invoice = self.make_invoice(ref=False)
        with self.refused(UserError) as err:
            invoice.action_post()
        message = err.exception.args[0]
        self.assertIn("[CHORUS-SERVICE-REF]", message)
        self.assertIn("04AMIDEX", message)
        self.assertIn("Référence client", message)
        self.assertEqual(invoice.state, "draft")

    def test_post_entries_wizard_is_guarded_too(self):
        invoice = self.make_invoice(ref=False)
        wizard = (
            self.env["validate.account.move"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({})
        )
        with self.refused(UserError) as err:
            wizard.validate_move()
        self.assertIn("[CHORUS-SERVICE-REF]", err.exception.args[0])
        self.assertEqual(invoice.state, "draft")

    def test_autopost_cron_keeps_a_blocked_invoice_draft_and_posts_the_rest(self):
        today = fields.Date.today()
        blocked = self.make_invoice(ref=False, auto_post=True, date=today)
        fine = self.make_invoice(auto_post=True, date=today)
        other = self.make_invoice(
            partner=self.env["res.partner"].create({"name": "Particulier"}),
            ref=False,
            transmit_method_id=False,
            auto_post=True,
            date=today,
        )
        self.env["account.move"]._autopost_draft_entries()
        self.assertEqual(blocked.state, "draft")
        self.assertEqual(fine.state, "posted")
        self.assertEqual(other.state, "posted")
        self.assertIn("CHORUS-SERVICE-REF", blocked.message_ids[:1].body)

    def test_a_non_chorus_invoice_is_not_checked(self):
        invoice = self.make_invoice(ref=False, transmit_method_id=False)
        with patch(LOADER, side_effect=AssertionError("engine must not run")):
            invoice.action_post()
        self.assertEqual(invoice.state, "posted")

    @mute_logger("odoo.addons.l10n_fr_chorus_guard.models.account_move")
    def test_no_engine_means_no_chorus_posting(self):
        invoice = self.make_invoice()
        with patch(LOADER, side_effect=ImportError("No module named 'wasmtime'")):
            with self.refused(UserError) as err:
                invoice.action_post()
        self.assertIn("wasmtime", err.exception.args[0])
        self.assertMentions(err.exception.args[0], "administrator", "administrateur")
        self.assertEqual(invoice.state, "draft")

    def test_engine_failing_mid_check_refuses_posting(self):
        class Broken:
            def check(self, payload):
                raise RuntimeError("wasm trap")

        invoice = self.make_invoice()
        with patch(LOADER, return_value=Broken()):
            with self.refused(UserError):
                invoice.action_post()
        self.assertEqual(invoice.state, "draft")

    def test_engagement_mode_reads_ref_as_engagement(self):
        self.company.chorus_guard_ref_mode = "engagement"
        invoice = self.make_invoice(ref="EJ-2026-0042")
        form = invoice._chorus_guard_form_state()
        self.assertEqual(form["company"]["ref_mode"], "engagement")
        xml = invoice._chorus_guard_engine().xml(form)
        self.assertIn("EJ-2026-0042", xml)
        self.assertIn("04AMIDEX", xml)

    def test_users_working_in_french_read_french(self):
        if not self.env["res.lang"]._lang_get("fr_FR"):
            self.skipTest("French is not installed in this database")
        invoice = self.make_invoice(ref=False).with_context(lang="fr_FR")
        with self.refused(UserError) as err:
            invoice.action_post()
        self.assertIn("Chorus Guard refuse la facture", err.exception.args[0])
        self.assertIn("[CHORUS-SERVICE-REF]", err.exception.args[0])
