# Copyright 2026 Chorus Guard
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The company setting « Réforme de la facturation électronique (2026) »: B2B
invoices to French companies that do not go to Chorus Pro are checked against
the reform's rules at posting; nothing changes with it off, for private
customers, for Chorus Pro invoices, nor for another company (issue 14)."""

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tests.common import HttpCase

from .common import ChorusGuardCase, ChorusGuardSavepointCase


@tagged("post_install", "-at_install")
class TestReform(ChorusGuardSavepointCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.mail = env["transmit.method"].search([("code", "=", "mail")], limit=1)
        # A French company (B2B), not a public body: no Chorus Pro.
        cls.jardins = env["res.partner"].create(
            {
                "name": "Les Jardins du Diois SARL",
                "is_company": True,
                "siren": "552100554",
                "nic": "00013",
                "vat": "FR96552100554",
                "street": "5 avenue Victor Hugo",
                "zip": "26000",
                "city": "Valence",
                "country_id": cls.fr.id,
                "customer_invoice_transmit_method_id": cls.mail.id,
            }
        )
        cls.training = env["product.product"].create(
            {"name": "Formation (journée)", "type": "service", "list_price": 1200.0}
        )

    def set_reform(self, on, company=None):
        (company or self.company).chorus_guard_reform_2026 = on

    def b2b_invoice(self, partner=None, **values):
        vals = {
            "move_type": "out_invoice",
            "partner_id": (partner or self.jardins).id,
            "invoice_date": fields.Date.today(),
            "transmit_method_id": self.mail.id,
            "payment_mode_id": self.payment_mode.id,
            "partner_bank_id": self.bank.id,
            "invoice_line_ids": [
                (
                    0,
                    0,
                    {
                        "product_id": self.training.id,
                        "name": "Formation « Gouvernance partagée »",
                        "quantity": 2.0,
                        "price_unit": 1200.0,
                        "tax_ids": [(6, 0, self.tax.ids)],
                    },
                )
            ],
        }
        vals.update(values)
        return self.env["account.move"].create(vals)

    def assertRefused(self, invoice, *rules):
        with self.refused(UserError) as err:
            invoice.action_post()
        message = err.exception.args[0]
        for rule in rules:
            self.assertIn("[%s]" % rule, message)
        self.assertMentions(message, "réforme de 2026", "2026 reform")
        self.assertEqual(invoice.state, "draft")
        return message

    def test_setting_is_off_by_default(self):
        company = self.env["res.company"].create({"name": "Nouvelle SCOP"})
        self.assertFalse(company.chorus_guard_reform_2026)
        self.assertIn("40 €", company.chorus_guard_note_pmt)

    def test_the_context_carries_what_the_reform_needs_only_when_on(self):
        invoice = self.b2b_invoice()
        Move = self.env["account.move"]
        ctx = Move.chorus_guard_context(invoice.id)
        self.assertNotIn("reform_2026", ctx["company"])
        self.assertNotIn("legal_notes", ctx["company"])
        self.set_reform(True)
        ctx = Move.chorus_guard_context(invoice.id)
        self.assertIs(ctx["company"]["reform_2026"], True)
        self.assertEqual(
            [n["subject_code"] for n in ctx["company"]["legal_notes"]],
            ["PMT", "PMD", "AAB"],
        )
        self.assertEqual(ctx["company"]["siren"], "852147362")
        self.assertEqual(ctx["commercial_partner"]["siren"], "552100554")
        self.assertEqual(ctx["products"], {str(self.training.id): "service"})
        form = invoice._chorus_guard_form_state()
        self.assertEqual(form["lines"][0]["product_type"], "service")
        invoice.chorus_guard_already_paid = True
        invoice.chorus_guard_billing_framework = "S2"
        form = invoice._chorus_guard_form_state()
        self.assertIs(form["already_paid"], True)
        self.assertEqual(form["billing_framework"], "S2")

    def test_off_a_b2b_invoice_without_siren_posts_as_before(self):
        self.jardins.siren = False
        invoice = self.b2b_invoice()
        diagnostics = invoice._chorus_guard_diagnostics()
        self.assertEqual([d["rule"] for d in diagnostics], ["CHORUS-SCOPE"])
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")

    def test_on_a_valid_b2b_invoice_posts(self):
        self.set_reform(True)
        invoice = self.b2b_invoice()
        diagnostics = invoice._chorus_guard_diagnostics()
        self.assertFalse(
            [d for d in diagnostics if d["severity"] == "block"], diagnostics
        )
        self.assertNotIn("CHORUS-SCOPE", [d["rule"] for d in diagnostics])
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")

    def test_on_the_file_is_the_reforms(self):
        self.set_reform(True)
        invoice = self.b2b_invoice()
        xml = invoice._chorus_guard_engine().xml(invoice._chorus_guard_form_state())
        self.assertIn('schemeID="0225">552100554<', xml)
        self.assertIn("<ram:ID>S1</ram:ID>", xml)
        self.assertIn("40 €", xml)

    def test_on_a_b2b_customer_without_siren_is_refused_then_fixed_posts(self):
        self.set_reform(True)
        self.jardins.write({"siren": False, "nic": False})
        invoice = self.b2b_invoice()
        self.assertRefused(invoice, "BR-FR-11")
        self.jardins.write({"siren": "552100554", "nic": "00013"})
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")

    def test_on_missing_legal_notes_are_refused(self):
        self.set_reform(True)
        self.company.chorus_guard_note_pmd = False
        message = self.assertRefused(self.b2b_invoice(), "BR-FR-05")
        self.assertIn("PMD", message)

    def test_on_lines_without_product_need_the_billing_framework(self):
        self.set_reform(True)
        invoice = self.b2b_invoice()
        invoice.invoice_line_ids.product_id = False
        self.assertRefused(invoice, "BR-FR-08")
        invoice.chorus_guard_billing_framework = "S1"
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")

    def test_on_the_post_entries_wizard_is_guarded_too(self):
        self.set_reform(True)
        self.jardins.write({"siren": False, "nic": False})
        invoices = self.b2b_invoice() | self.b2b_invoice()
        wizard = (
            self.env["validate.account.move"]
            .with_context(active_model="account.move", active_ids=invoices.ids)
            .create({})
        )
        with self.refused(UserError) as err:
            wizard.validate_move()
        self.assertIn("[BR-FR-11]", err.exception.args[0])
        self.assertEqual(set(invoices.mapped("state")), {"draft"})

    def test_on_a_private_customer_posts(self):
        self.set_reform(True)
        private = self.env["res.partner"].create(
            {"name": "Camille Martin", "country_id": self.fr.id}
        )
        invoice = self.b2b_invoice(partner=private)
        self.assertEqual(
            [d["rule"] for d in invoice._chorus_guard_diagnostics()], ["CHORUS-SCOPE"]
        )
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")

    def test_on_chorus_invoices_keep_their_own_checks(self):
        self.set_reform(True)
        invoice = self.make_invoice()
        rules = [d["rule"] for d in invoice._chorus_guard_diagnostics()]
        self.assertFalse([r for r in rules if r.startswith("BR-FR")], rules)
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")
        typo = self.make_invoice(ref="04AMIDEY")
        with self.refused(UserError) as err:
            typo.action_post()
        self.assertIn("[CHORUS-SERVICE-REF]", err.exception.args[0])
        self.assertIn("Chorus Pro", err.exception.args[0])

    def test_on_a_credit_note_of_a_b2b_invoice_posts_with_its_invoice(self):
        self.set_reform(True)
        invoice = self.b2b_invoice()
        invoice.action_post()
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(
                {
                    "refund_method": "refund",
                    "reason": "Journée annulée",
                    "journal_id": invoice.journal_id.id,
                }
            )
        )
        refund = self.env["account.move"].browse(reversal.reverse_moves()["res_id"])
        self.assertEqual(refund.move_type, "out_refund")
        form = refund._chorus_guard_form_state()
        self.assertEqual(form["reversed_entry"]["name"], invoice.name)
        refund.action_post()
        self.assertEqual(refund.state, "posted")

    def test_on_a_credit_note_without_its_invoice_is_refused(self):
        self.set_reform(True)
        refund = self.b2b_invoice(move_type="out_refund")
        self.assertRefused(refund, "BR-FR-CO-05")

    def test_another_company_with_the_setting_off_is_unaffected(self):
        self.set_reform(True)
        other = self.env["res.company"].create({"name": "Autre SCOP"})
        # The chart the test database's company has, for the other company too.
        self.company.chart_template_id.try_loading(company=other)
        self.env.user.company_ids |= other
        self.jardins.write({"siren": False, "nic": False})
        invoice = (
            self.env["account.move"]
            .with_company(other)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.jardins.id,
                    "invoice_date": fields.Date.today(),
                    "invoice_line_ids": [
                        (0, 0, {"name": "Formation", "quantity": 1, "price_unit": 100})
                    ],
                }
            )
        )
        self.assertEqual(invoice.company_id, other)
        self.assertFalse(invoice._chorus_guard_judged())
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")
        # The same invoice in the company that turned it on is refused.
        self.assertRefused(self.b2b_invoice(), "BR-FR-11")


@tagged("post_install", "-at_install")
class TestReformTour(HttpCase, ChorusGuardCase):
    def test_tour_a_b2b_customer_without_siren_is_blocked_live(self):
        self.company.chorus_guard_reform_2026 = True
        mail = self.env["transmit.method"].search([("code", "=", "mail")], limit=1)
        customer = self.env["res.partner"].create(
            {
                "name": "Les Jardins du Diois SARL (visite)",
                "is_company": True,
                "street": "5 avenue Victor Hugo",
                "zip": "26000",
                "city": "Valence",
                "country_id": self.fr.id,
            }
        )
        invoice = self.make_invoice(
            partner=customer, ref=False, transmit_method_id=mail.id
        )
        self.start_tour(
            "/web#id=%d&model=account.move&view_type=form" % invoice.id,
            "l10n_fr_chorus_guard_reform_tour",
            login="admin",
            timeout=180,
        )
        self.assertEqual(invoice.state, "draft")
