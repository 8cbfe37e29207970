# Copyright 2026 Chorus Guard
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The engagement number (BT-13) under each of the customer's Chorus Pro
settings, in the guide's convention (``ref`` holds the service code)."""

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import ChorusGuardSavepointCase

ENGAGEMENT = "EJ-2026-0042"
BT13 = (
    "<ram:BuyerOrderReferencedDocument>"
    "<ram:IssuerAssignedID>%s</ram:IssuerAssignedID>"
)
SERVICE = "<ram:BuyerReference>04AMIDEX</ram:BuyerReference>"


@tagged("post_install", "-at_install")
class TestEngagement(ChorusGuardSavepointCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A public body without services: the service_or_engagement case.
        cls.commune = cls.env["res.partner"].create(
            {
                "name": "Commune de Crest",
                "is_company": True,
                "siren": "212601082",
                "nic": "00002",
                "street": "Place du Docteur Maurice Rozier",
                "zip": "26400",
                "city": "Crest",
                "country_id": cls.fr.id,
                "fr_chorus_required": "service_or_engagement",
                "customer_invoice_transmit_method_id": cls.chorus_method.id,
            }
        )
        cls.accounting = cls.env["res.partner"].create(
            {
                "name": "Service comptabilité",
                "parent_id": cls.commune.id,
                "type": "invoice",
                "customer_invoice_transmit_method_id": cls.chorus_method.id,
            }
        )

    def posted(self, invoice):
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")
        return "".join(
            line.strip() for line in invoice._chorus_guard_checked_xml().splitlines()
        )

    def asked_refused_then_posted(self, invoice):
        """Asked for in the form, refused without it, posted with it: the
        file of the posted invoice, on one line."""
        self.assertTrue(invoice.chorus_guard_engagement_asked)
        with self.refused(UserError) as err:
            invoice.action_post()
        self.assertIn("[CHORUS-ENGAGEMENT]", err.exception.args[0])
        self.assertMentions(err.exception.args[0], "Engagement")
        self.assertEqual(invoice.state, "draft")
        invoice.chorus_guard_engagement = ENGAGEMENT
        # OCA's commitment-number check reads the engagement, not the ref.
        self.assertEqual(invoice._get_commitment_number(), ENGAGEMENT)
        xml = self.posted(invoice)
        self.assertIn(BT13 % ENGAGEMENT, xml)
        return xml

    def test_none_and_service_need_no_engagement(self):
        for required in ("none", "service"):
            self.amu.fr_chorus_required = required
            invoice = self.make_invoice()
            self.assertFalse(invoice.chorus_guard_engagement_asked)
            self.assertNotIn("BuyerOrderReferencedDocument", self.posted(invoice))

    def test_engagement_required(self):
        self.amu.fr_chorus_required = "engagement"
        xml = self.asked_refused_then_posted(self.make_invoice())
        self.assertIn(SERVICE, xml)

    def test_service_and_engagement_required(self):
        self.amu.fr_chorus_required = "service_and_engagement"
        xml = self.asked_refused_then_posted(self.make_invoice())
        self.assertIn(SERVICE, xml)

    def test_service_or_engagement_without_a_service(self):
        # OCA calls its commitment-number check without the number on this
        # path (TypeError): the invoice's own number is checked instead.
        self.asked_refused_then_posted(
            self.make_invoice(partner=self.accounting, ref=False)
        )

    def test_service_or_engagement_with_the_contact_service(self):
        self.amu.fr_chorus_required = "service_or_engagement"
        self.assertIn(SERVICE, self.posted(self.make_invoice()))

    def test_a_service_that_requires_an_engagement(self):
        self.service.engagement_required = True
        self.asked_refused_then_posted(self.make_invoice())

    def test_oca_convention_keeps_the_engagement_in_ref(self):
        self.company.chorus_guard_ref_mode = "engagement"
        self.amu.fr_chorus_required = "service_and_engagement"
        invoice = self.make_invoice(ref=ENGAGEMENT)
        # `ref` holds it: the separate field stays out of the way.
        self.assertFalse(invoice.chorus_guard_engagement_asked)
        self.assertEqual(invoice._get_commitment_number(), ENGAGEMENT)
        xml = self.posted(invoice)
        self.assertIn(BT13 % ENGAGEMENT, xml)
        self.assertIn(SERVICE, xml)

    def test_more_than_fifty_characters_are_refused_at_once(self):
        invoice = self.make_invoice()
        with self.refused(ValidationError) as err:
            invoice.chorus_guard_engagement = "E" * 51
        self.assertIn("50", err.exception.args[0])

    def test_the_engagement_belongs_to_its_invoice(self):
        invoice = self.make_invoice(chorus_guard_engagement=ENGAGEMENT)
        self.assertFalse(invoice.copy().chorus_guard_engagement)

    def test_the_form_carries_the_field_for_the_browser(self):
        arch = self.env["account.move"].fields_view_get(view_type="form")["arch"]
        self.assertIn('name="chorus_guard_engagement"', arch)
        self.assertIn('name="chorus_guard_engagement_asked"', arch)
        form = self.make_invoice(
            chorus_guard_engagement=ENGAGEMENT
        )._chorus_guard_form_state()
        self.assertEqual(form["engagement"], ENGAGEMENT)
