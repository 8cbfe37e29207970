# Copyright 2026 Chorus Guard
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from unittest.mock import patch

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ChorusGuardSavepointCase

LOADER = "odoo.addons.l10n_fr_chorus_guard.models.account_move.load_engine"


@tagged("post_install", "-at_install")
class TestPostingGuard(ChorusGuardSavepointCase):
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
        self.assertMentions(message, "Référence client", "Customer Reference")
        self.assertEqual(invoice.state, "draft")

    def test_a_refusal_names_the_draft_not_the_number_it_never_gets(self):
        # Once the period has a posted invoice, a draft has no number: the
        # one posting gives it is rolled back with the refusal.
        self.make_invoice().action_post()
        invoice = self.make_invoice(ref=False)
        self.assertIn(invoice.name, ("/", False))
        draft_label = invoice.display_name
        with self.refused(UserError) as err:
            invoice.action_post()
        message = err.exception.args[0]
        self.assertIn(draft_label, message)
        self.assertIn("AIX MARSEILLE UNIVERSITE", message)
        self.assertRegex(message, r"3[\s\u202f\xa0,.]?120")
        self.assertNotIn("%s/" % invoice.journal_id.code, message)

    def test_post_entries_wizard_names_each_refused_draft(self):
        first = self.make_invoice(ref=False)
        second = self.make_invoice(ref=False)
        labels = (first.display_name, second.display_name)
        wizard = (
            self.env["validate.account.move"]
            .with_context(active_model="account.move", active_ids=(first | second).ids)
            .create({})
        )
        with self.refused(UserError) as err:
            wizard.validate_move()
        for label in labels:
            self.assertIn(label, err.exception.args[0])

    def test_action_post_on_several_chorus_invoices(self):
        # OCA's own checks read one commitment number for the whole set.
        invoices = self.make_invoice() | self.make_invoice()
        invoices.action_post()
        self.assertEqual(invoices.mapped("state"), ["posted", "posted"])

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
        # The cron commits after each chunk, unless the registry is in test mode.
        Registry = type(self.env.registry)
        with patch.object(Registry, "in_test_mode", lambda registry: True):
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
        self.assertIn("Référence client", err.exception.args[0])

    def test_users_working_in_english_read_english(self):
        invoice = self.make_invoice(ref=False).with_context(lang="en_US")
        with self.refused(UserError) as err:
            invoice.action_post()
        message = err.exception.args[0]
        self.assertIn("Chorus Guard refuses the invoice", message)
        self.assertIn("[CHORUS-SERVICE-REF]", message)
        self.assertNotIn("Référence client", message)
