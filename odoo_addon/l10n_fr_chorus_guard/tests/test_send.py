# Copyright 2026 Chorus Guard
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import base64
import hashlib
import logging
import os
from unittest.mock import patch

import requests

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ChorusGuardSavepointCase

API_PARAMS = {
    "login": "TECH",
    "password": "pw",
    "qualif": True,
    "oauth_id": "id",
    "oauth_secret": "secret",
}


class FakeResponse:
    def __init__(self, status, body=None):
        self.status_code = status
        self._body = body or {}
        self.text = str(self._body)
        self.headers = {}

    def json(self):
        return self._body


class FakeSession:
    def __init__(self, status, body=None):
        self.response = FakeResponse(status, body)
        self.calls = []

    def post(self, url, **kwargs):
        self.calls.append(url)
        return self.response


class SendCase(ChorusGuardSavepointCase):
    """A posted guide invoice and OCA's send wizard with Chorus Pro faked."""

    def setUp(self):
        super().setUp()
        self.company.fr_chorus_invoice_format = "xml_cii"
        self.invoice = self.make_invoice()
        self.invoice.action_post()
        self.Company = type(self.env["res.company"])

    def send(self, invoices, answer=None, error=None):
        deposits = []

        def fake_post(company, api_params, url_path, payload, session=None):
            deposits.append(payload)
            if error:
                raise error
            return (
                answer or {"numeroFluxDepot": "F0001", "dateDepot": "2026-04-04"},
                None,
            )

        wizard = (
            self.env["account.invoice.chorus.send"]
            .with_context(active_model="account.move", active_ids=invoices.ids)
            .create({})
        )
        with patch.object(
            self.Company, "chorus_get_api_params", return_value=API_PARAMS
        ), patch.object(self.Company, "chorus_post", fake_post):
            wizard.run()
        return deposits


@tagged("post_install", "-at_install")
class TestSend(SendCase):
    def test_send_ships_the_engine_xml_and_records_its_fingerprint(self):
        deposits = self.send(self.invoice)
        sent = base64.b64decode(deposits[0]["fichierFlux"])
        expected = self.invoice._chorus_guard_checked_xml().encode("utf-8")
        self.assertEqual(sent, expected)
        self.assertIn(b"<ram:BuyerReference>04AMIDEX</ram:BuyerReference>", sent)
        self.assertEqual(
            self.invoice.chorus_guard_sent_fingerprint,
            hashlib.sha256(expected).hexdigest(),
        )
        self.assertTrue(self.invoice.chorus_guard_sent_date)
        self.assertFalse(self.invoice.chorus_guard_to_resend)

    def test_the_file_sent_passes_the_factur_x_xsd(self):
        from facturx import xml_check_xsd

        xml = self.invoice._chorus_guard_checked_xml().encode("utf-8")
        self.assertTrue(xml_check_xsd(xml, flavor="factur-x", level="en16931"))

    def test_an_edit_after_sending_asks_for_a_resend(self):
        self.send(self.invoice)
        Move = self.env["account.move"]
        self.assertNotIn(
            self.invoice, Move.search([("chorus_guard_to_resend", "=", True)])
        )
        # Not `ref`: the file carries the contact's service code whatever `ref` says.
        self.invoice.payment_reference = "VIR-2026-0042"
        self.assertTrue(self.invoice.chorus_guard_to_resend)
        self.assertIn(
            self.invoice, Move.search([("chorus_guard_to_resend", "=", True)])
        )
        self.assertNotIn(
            self.invoice, Move.search([("chorus_guard_to_resend", "=", False)])
        )

    def test_refused_send_changes_nothing(self):
        with self.refused(UserError):
            self.send(self.invoice, error=UserError("Chorus down"))
        self.assertFalse(self.invoice.chorus_guard_sent_fingerprint)
        self.assertFalse(self.invoice.chorus_flow_id)
        self.assertEqual(self.invoice.state, "posted")

    def test_retry_after_a_failure_sends_the_current_file_once(self):
        with self.refused(UserError):
            self.send(self.invoice, error=UserError("HTTP 503"))
        deposits = self.send(self.invoice)
        self.assertEqual(len(deposits), 1)
        sent = base64.b64decode(deposits[0]["fichierFlux"])
        self.assertEqual(
            self.invoice.chorus_guard_sent_fingerprint,
            hashlib.sha256(sent).hexdigest(),
        )
        self.assertEqual(len(self.invoice.chorus_flow_id), 1)

    def test_blocked_invoice_is_not_sent_and_keeps_its_last_send(self):
        self.send(self.invoice)
        fingerprint = self.invoice.chorus_guard_sent_fingerprint
        flow = self.invoice.chorus_flow_id
        self.invoice.chorus_flow_id = False  # as after a Chorus rejection
        self.invoice.ref = False  # posted, edited without reset: now blocked
        with self.refused(UserError) as err:
            self.send(self.invoice)
        self.assertIn("[CHORUS-SERVICE-REF]", err.exception.args[0])
        self.assertEqual(self.invoice.chorus_guard_sent_fingerprint, fingerprint)
        self.assertTrue(flow.exists())

    def test_batch_send_goes_through_the_same_path(self):
        second = self.make_invoice()
        second.action_post()
        both = self.invoice | second
        deposits = self.send(both)
        self.assertEqual(len(deposits), 1)  # one tar.gz flow
        for invoice in both:
            self.assertEqual(
                invoice.chorus_guard_sent_fingerprint,
                hashlib.sha256(
                    invoice._chorus_guard_checked_xml().encode("utf-8")
                ).hexdigest(),
            )

    def test_factur_x_pdf_is_rebuilt_around_the_engine_xml(self):
        self.company.fr_chorus_invoice_format = "pdf_factur-x"
        with open(os.path.join(os.path.dirname(__file__), "blank.pdf"), "rb") as f:
            blank = f.read()
        Move = type(self.env["account.move"])
        with patch.object(Move, "_chorus_guard_render_pdf", return_value=blank):
            pdf = self.invoice.chorus_get_invoice("pdf_factur-x")
        from facturx import get_facturx_xml_from_pdf

        self.assertTrue(pdf.startswith(b"%PDF"))
        _name, xml = get_facturx_xml_from_pdf(pdf, check_xsd=False)
        self.assertEqual(xml, self.invoice._chorus_guard_checked_xml().encode("utf-8"))

    def test_printed_pdf_carries_one_factur_x_xml_the_engine_one(self):
        from facturx import get_facturx_xml_from_pdf

        self.company.xml_format_in_pdf_invoice = "factur-x"
        with open(os.path.join(os.path.dirname(__file__), "blank.pdf"), "rb") as f:
            blank = f.read()
        core = self.invoice.edi_document_ids.filtered(
            lambda doc: doc.edi_format_id.code == "facturx_1_0_05"
        )
        if core.attachment_id:
            bare = self.env["account.edi.format"]._embed_edis_to_pdf(
                blank, self.invoice
            )
            self.assertEqual(get_facturx_xml_from_pdf(bare, check_xsd=False)[1], None)
        pdf = self.invoice.regular_pdf_invoice_to_facturx_invoice(blank)
        _name, xml = get_facturx_xml_from_pdf(pdf, check_xsd=False)
        self.assertEqual(xml, self.invoice._chorus_guard_checked_xml().encode("utf-8"))

    def test_browser_xml_must_be_byte_identical(self):
        Move = self.env["account.move"]
        xml = self.invoice._chorus_guard_checked_xml()
        self.assertEqual(
            Move.chorus_guard_check_browser_xml(self.invoice.id, xml), {"ok": True}
        )
        result = Move.chorus_guard_check_browser_xml(
            self.invoice.id, xml.replace("04AMIDEX", "04AMIDEY")
        )
        self.assertFalse(result["ok"])
        self.assertTrue(result["message"])
        result = Move.chorus_guard_check_browser_xml(
            self.invoice.id, "<a>" + "x" * (6 * 1024 * 1024) + "</a>"
        )
        self.assertFalse(result["ok"])

    def test_browser_xml_of_a_draft_is_refused(self):
        draft = self.make_invoice()
        result = self.env["account.move"].chorus_guard_check_browser_xml(
            draft.id, "<x/>"
        )
        self.assertFalse(result["ok"])

    @mute_logger("odoo.addons.l10n_fr_chorus_account.models.company")
    def test_http_401_reads_as_a_server_side_problem(self):
        with self.refused(UserError) as err:
            self.env["res.company"].chorus_post(
                API_PARAMS, "factures/v1/deposer/flux", {}, session=FakeSession(401)
            )
        self.assertMentions(
            err.exception.args[0],
            "technical problem on the server side",
            "problème technique côté serveur, contactez l'administrateur Odoo",
        )
        self.assertNotIn("pw", err.exception.args[0])

    @mute_logger("odoo.addons.l10n_fr_chorus_account.models.company")
    def test_http_500_keeps_oca_message(self):
        with self.refused(UserError) as err:
            self.env["res.company"].chorus_post(
                API_PARAMS, "factures/v1/deposer/flux", {}, session=FakeSession(500)
            )
        self.assertNotIn("technical problem", err.exception.args[0])
        self.assertNotIn("problème technique", err.exception.args[0])

    @mute_logger("odoo.addons.l10n_fr_chorus_account.models.company")
    def test_http_403_reads_as_a_server_side_problem(self):
        with self.refused(UserError) as err:
            self.env["res.company"].chorus_post(
                API_PARAMS, "factures/v1/deposer/flux", {}, session=FakeSession(403)
            )
        self.assertMentions(
            err.exception.args[0],
            "technical problem on the server side",
            "problème technique côté serveur, contactez l'administrateur Odoo",
        )

    def test_timeout_changes_nothing_and_a_retry_sends_once(self):
        with self.refused(requests.exceptions.Timeout):
            self.send(self.invoice, error=requests.exceptions.Timeout("read timeout"))
        self.assertFalse(self.invoice.chorus_guard_sent_fingerprint)
        self.assertFalse(self.invoice.chorus_flow_id)
        self.assertEqual(self.invoice.state, "posted")
        self.assertEqual(len(self.send(self.invoice)), 1)
        self.assertTrue(self.invoice.chorus_guard_sent_fingerprint)

    def test_credentials_never_reach_the_logs(self):
        secrets = dict(
            API_PARAMS, password="S3cr3t-Pw-Chorus", oauth_secret="0auth-S3cr3t-X"
        )
        with self.assertLogs(level="DEBUG") as logs:
            logging.getLogger("odoo.addons.l10n_fr_chorus_guard").debug("start")
            for status in (401, 403, 500):
                with self.refused(UserError) as err:
                    self.env["res.company"].chorus_post(
                        secrets,
                        "factures/v1/deposer/flux",
                        {},
                        session=FakeSession(status),
                    )
                for secret in (secrets["password"], secrets["oauth_secret"]):
                    self.assertNotIn(secret, err.exception.args[0])
        text = "\n".join(logs.output)
        for secret in (secrets["password"], secrets["oauth_secret"]):
            self.assertNotIn(secret, text)

    def test_connection_test_is_for_administrators(self):
        user = self.make_user("Comptable", "cg_conn", "account.group_account_manager")
        from odoo.exceptions import AccessError

        with self.assertRaises(AccessError):
            self.company.with_user(user).chorus_guard_test_connection()

    def test_connection_test_says_what_is_missing(self):
        self.company.write(
            {"fr_chorus_api_login": False, "fr_chorus_api_password": False}
        )
        with self.refused(UserError) as err:
            self.company.chorus_guard_test_connection()
        self.assertMentions(err.exception.args[0], "login", "identifiant")
        self.assertMentions(err.exception.args[0], "password", "mot de passe")

    def test_connection_test_reports_success(self):
        self.company.write(
            {"fr_chorus_api_login": "TECH", "fr_chorus_api_password": "pw"}
        )
        Partner = type(self.env["res.partner"])
        with patch.object(
            self.Company, "chorus_get_api_params", return_value=API_PARAMS
        ), patch.object(
            Partner, "fr_chorus_api_structures_rechercher", return_value=(25, None)
        ):
            action = self.company.chorus_guard_test_connection()
        self.assertEqual(action["params"]["type"], "success")
        self.assertNotIn("pw", action["params"]["message"])
