# Copyright 2026 Chorus Guard
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import json

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ChorusGuardSavepointCase


@tagged("post_install", "-at_install")
class TestContextAccess(ChorusGuardSavepointCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls.make_invoice(cls)
        cls.company.write(
            {"fr_chorus_api_login": "TECH_LOGIN", "fr_chorus_api_password": "S3cr3t!"}
        )
        users = cls.env["res.users"].with_context(no_reset_password=True)
        cls.accountant = users.create(
            {
                "name": "Comptable",
                "login": "cg_comptable",
                "company_id": cls.company.id,
                "company_ids": [(6, 0, cls.company.ids)],
                "groups_id": [
                    (6, 0, [cls.env.ref("account.group_account_invoice").id])
                ],
            }
        )
        cls.employee = users.create(
            {
                "name": "Salarié",
                "login": "cg_salarie",
                "groups_id": [(6, 0, [cls.env.ref("base.group_user").id])],
            }
        )
        cls.other_company = other = cls.env["res.company"].create(
            {"name": "Autre société"}
        )
        cls.outsider = users.create(
            {
                "name": "Comptable autre société",
                "login": "cg_autre",
                "company_id": other.id,
                "company_ids": [(6, 0, other.ids)],
                "groups_id": [
                    (6, 0, [cls.env.ref("account.group_account_invoice").id])
                ],
            }
        )

    def values(self):
        return {
            "partner_id": self.contact.id,
            "company_id": self.company.id,
            "payment_mode_id": self.payment_mode.id,
            "partner_bank_id": self.bank.id,
            "transmit_method_id": self.chorus_method.id,
            "currency_id": self.invoice.currency_id.id,
            "tax_ids": self.tax.ids,
            "product_uom_ids": self.invoice.invoice_line_ids.product_uom_id.ids,
        }

    def test_context_gives_the_form_everything_in_one_call(self):
        Move = self.env["account.move"].with_user(self.accountant)
        ctx = Move.chorus_guard_context(self.invoice.id, self.values())
        self.assertEqual(ctx["partner"]["service"]["code"], "04AMIDEX")
        self.assertEqual(ctx["commercial_partner"]["fr_chorus_required"], "service")
        self.assertEqual(ctx["commercial_partner"]["siret"], "13001533200013")
        self.assertEqual(
            [c["id"] for c in ctx["commercial_partner"]["contacts"]], self.contact.ids
        )
        self.assertEqual(ctx["company"]["ref_mode"], "service_code")
        self.assertEqual(ctx["company"]["siret"], "85214736200010")
        self.assertEqual(ctx["payment_mode"]["code"], "30")
        self.assertEqual(ctx["taxes"][str(self.tax.id)]["rate"], "20.0000")
        self.assertEqual(ctx["transmit_method_code"], "fr-chorus")
        self.assertEqual(ctx["state"], "draft")
        json.dumps(ctx)

    def test_context_never_carries_credentials(self):
        ctx = self.env["account.move"].chorus_guard_context(
            self.invoice.id, self.values()
        )
        dumped = json.dumps(ctx)
        self.assertNotIn("S3cr3t!", dumped)
        self.assertNotIn("TECH_LOGIN", dumped)
        self.assertNotIn("password", dumped)

    def test_server_form_equals_the_one_built_from_the_context(self):
        """The browser builds its form from the context; the server from the
        record: same ids, same form."""
        ctx = self.env["account.move"].chorus_guard_context(self.invoice.id, None)
        form = self.invoice._chorus_guard_form_state()
        for key in ("partner", "company", "payment_mode", "transmit_method_code"):
            self.assertEqual(form.get(key), ctx.get(key))

    def test_a_refund_context_names_the_credited_invoice(self):
        self.invoice.action_post()
        refund = self.invoice._reverse_moves([{"ref": "04AMIDEX"}])
        refund.payment_mode_id = False
        ctx = self.env["account.move"].chorus_guard_context(refund.id, self.values())
        self.assertEqual(ctx["reversed_entry"]["name"], self.invoice.name)
        self.assertEqual(
            ctx["reversed_entry"], refund._chorus_guard_form_state()["reversed_entry"]
        )

    def test_employee_without_invoicing_rights_gets_access_error(self):
        Move = self.env["account.move"].with_user(self.employee)
        with self.assertRaises(AccessError):
            Move.chorus_guard_context(self.invoice.id, self.values())
        with self.assertRaises(AccessError):
            Move.chorus_guard_context(False, self.values())
        with self.assertRaises(AccessError):
            Move.chorus_guard_check_browser_xml(self.invoice.id, "<x/>")

    def test_other_company_user_sees_nothing(self):
        Move = self.env["account.move"].with_user(self.outsider)
        with self.assertRaises(AccessError):
            Move.chorus_guard_context(self.invoice.id, self.values())
        # a new invoice of its own company may not name our records either
        with self.assertRaises(AccessError):
            Move.chorus_guard_context(False, {"tax_ids": self.tax.ids})
        with self.assertRaises(AccessError):
            Move.chorus_guard_check_browser_xml(self.invoice.id, "<x/>")

    def test_values_other_than_ids_are_refused(self):
        Move = self.env["account.move"].with_user(self.accountant)
        with self.assertRaises(UserError):
            Move.chorus_guard_context(self.invoice.id, {"partner_id": "1 OR 1=1"})
        with self.assertRaises(UserError):
            Move.chorus_guard_context(self.invoice.id, {"fr_chorus_api_password": 1})
        with self.assertRaises(UserError):
            Move.chorus_guard_context("1", None)

    def test_only_the_rpc_methods_are_public(self):
        Move = type(self.env["account.move"])
        for name in dir(Move):
            if "chorus_guard" in name and not name.startswith("_"):
                self.assertIn(
                    name,
                    (
                        "chorus_guard_context",
                        "chorus_guard_check_browser_xml",
                        "chorus_guard_step",
                        "chorus_guard_sent_fingerprint",
                        "chorus_guard_sent_date",
                        "chorus_guard_current_fingerprint",
                        "chorus_guard_engagement",
                        "chorus_guard_engagement_asked",
                        "chorus_guard_to_resend",
                        "chorus_guard_rejected",
                        "chorus_guard_rejection",
                        "chorus_guard_reform",
                        "chorus_guard_billing_framework",
                        "chorus_guard_already_paid",
                    ),
                )

    def test_contacts_of_another_company_are_never_named(self):
        service = self.env["chorus.partner.service"].create(
            {"partner_id": self.amu.id, "code": "99AUTRE", "name": "AUTRE"}
        )
        self.env["res.partner"].create(
            {
                "name": "CONTACT DE L'AUTRE SOCIETE",
                "parent_id": self.amu.id,
                "type": "invoice",
                "company_id": self.other_company.id,
                "fr_chorus_service_id": service.id,
            }
        )
        invoice = self.make_invoice(partner=self.amu, ref=False)
        contacts = invoice._chorus_guard_form_state()["commercial_partner"]["contacts"]
        self.assertEqual([c["id"] for c in contacts], self.contact.ids)
        ctx = self.env["account.move"].chorus_guard_context(invoice.id, None)
        self.assertEqual(
            [c["id"] for c in ctx["commercial_partner"]["contacts"]], self.contact.ids
        )
        with self.refused(UserError) as err:
            invoice.action_post()
        self.assertNotIn("99AUTRE", err.exception.args[0])
        self.assertNotIn("AUTRE SOCIETE", err.exception.args[0])

    def test_a_batch_reads_each_model_once(self):
        """The contexts of several invoices are built together: their number
        of queries does not grow with the number of invoices."""
        Move = self.env["account.move"]

        def queries_for(count):
            moves = Move.browse([self.make_invoice().id for _i in range(count)])
            moves.flush()
            moves.invalidate_cache()
            self.env["res.partner"].invalidate_cache()
            before = self.env.cr.sql_log_count
            moves._chorus_guard_form_states()
            return self.env.cr.sql_log_count - before

        self.assertEqual(queries_for(8), queries_for(2))
