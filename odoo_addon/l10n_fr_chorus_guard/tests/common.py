# Copyright 2026 Chorus Guard
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The accountants' guide's case as Odoo records: SCIC UdN invoices Aix
Marseille Université through its contact with service code 04AMIDEX."""

from contextlib import contextmanager

from odoo import fields
from odoo.tests.common import SavepointCase, TransactionCase


class GuideMixin:
    @contextmanager
    def refused(self, exception):
        """An RPC call that raises is rolled back by the server: a savepoint
        does the same here, so that the test sees what the database keeps."""
        with self.assertRaises(exception) as caught:
            with self.env.cr.savepoint():
                yield caught

    def assertMentions(self, text, *needles):
        """The message names one of ``needles`` (French or English: the
        message follows the user's language)."""
        self.assertTrue(
            any(needle in text for needle in needles),
            "none of %r in %r" % (needles, text),
        )

    def create_guide_data(self):
        """Called on the test (setUp) or on its class (setUpClass)."""
        env = self.env
        self.company = env.company
        self.fr = env.ref("base.fr")
        self.company.write(
            {
                "name": "SCIC UdN",
                "street": "12 rue de la République",
                "zip": "26400",
                "city": "Crest",
                "country_id": self.fr.id,
                "vat": "FR17852147362",
                "chorus_guard_ref_mode": "service_code",
            }
        )
        self.company.partner_id.write({"siren": "852147362", "nic": "00010"})
        self.chorus_method = env.ref("l10n_fr_chorus_account.chorus")
        self.amu = env["res.partner"].create(
            {
                "name": "Aix Marseille Université",
                "is_company": True,
                "siren": "130015332",
                "nic": "00013",
                "vat": "FR84130015332",
                "street": "58 BOULEVARD CHARLES LIVON",
                "zip": "13285",
                "city": "Marseille cedex 07",
                "country_id": self.fr.id,
                "fr_chorus_required": "service",
                "customer_invoice_transmit_method_id": self.chorus_method.id,
            }
        )
        self.service = env["chorus.partner.service"].create(
            {"partner_id": self.amu.id, "code": "04AMIDEX", "name": "AMIDEX"}
        )
        self.contact = env["res.partner"].create(
            {
                "name": "AIX MARSEILLE UNIVERSITE",
                "parent_id": self.amu.id,
                "type": "invoice",
                "fr_chorus_service_id": self.service.id,
                "customer_invoice_transmit_method_id": self.chorus_method.id,
            }
        )
        iban = "FR76 1382 5002 0008 0132 8023 592"
        # The demo database may hold the guide's account already (unique).
        self.bank = env["res.partner.bank"].search(
            [
                ("sanitized_acc_number", "=", iban.replace(" ", "")),
                ("company_id", "in", (False, self.company.id)),
            ],
            limit=1,
        ) or env["res.partner.bank"].create(
            {"acc_number": iban, "partner_id": self.company.partner_id.id}
        )
        self.bank.partner_id = self.company.partner_id
        self.payment_mode = env["account.payment.mode"].create(
            {
                "name": "Virement bancaire",
                "payment_type": "inbound",
                "payment_method_id": env.ref(
                    "account.account_payment_method_manual_in"
                ).id,
                "bank_account_link": "variable",
                "company_id": self.company.id,
            }
        )
        self.tax = env["account.tax"].create(
            {
                "name": "TVA collectée 20 % (Chorus Guard)",
                "amount": 20.0,
                "amount_type": "percent",
                "type_tax_use": "sale",
                "company_id": self.company.id,
                "unece_type_id": env.ref("account_tax_unece.tax_type_vat").id,
                "unece_categ_id": env.ref("account_tax_unece.tax_categ_s").id,
            }
        )

    def make_user(self, name, login, group_xmlid):
        return (
            self.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": name,
                    "login": login,
                    "groups_id": [(6, 0, [self.env.ref(group_xmlid).id])],
                }
            )
        )

    def make_invoice(self, partner=None, ref="04AMIDEX", **values):
        partner = partner or self.contact
        vals = {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "invoice_date": fields.Date.today(),
            "ref": ref,
            "transmit_method_id": self.chorus_method.id,
            "payment_mode_id": self.payment_mode.id,
            "partner_bank_id": self.bank.id,
            "invoice_line_ids": [
                (
                    0,
                    0,
                    {
                        "name": "Prestation de formation",
                        "quantity": 1.0,
                        "price_unit": 2600.0,
                        "tax_ids": [(6, 0, self.tax.ids)],
                    },
                )
            ],
        }
        vals.update(values)
        return self.env["account.move"].create(vals)


class ChorusGuardCase(GuideMixin, TransactionCase):
    """The guide's data made again for each test (the tour's HttpCase)."""

    def setUp(self):
        super().setUp()
        self.create_guide_data()


class ChorusGuardSavepointCase(GuideMixin, SavepointCase):
    """The guide's data made once for the class; each test runs in a
    savepoint rolled back after it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        GuideMixin.create_guide_data(cls)
