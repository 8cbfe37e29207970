# Copyright 2026 Chorus Guard
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What an administrator and an auditor expect of the send: what was sent is
written by the send alone, once, with OCA's attachments, by the users OCA
allows, and with no other writer behind the accountant's back."""

import base64
import io
import os
from unittest.mock import patch

import requests

from odoo import SUPERUSER_ID, api
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tests.common import TransactionCase
from odoo.tools import mute_logger
from odoo.tools.pdf import OdooPdfFileReader

from .test_send import API_PARAMS, FakeResponse, SendCase

LOADER = "odoo.addons.l10n_fr_chorus_guard.models.account_move.load_engine"
OCA_COMPANY = "odoo.addons.l10n_fr_chorus_account.models.company"


def blank_pdf():
    with open(os.path.join(os.path.dirname(__file__), "blank.pdf"), "rb") as f:
        return f.read()


def attachments_of(pdf):
    reader = OdooPdfFileReader(io.BytesIO(pdf), strict=False)
    return dict(reader.getAttachments())


class Broken:
    """An engine whose every operation fails."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise RuntimeError("wasm trap")

        return fail


@tagged("post_install", "-at_install")
class TestSendAdmin(SendCase):
    # ------------------------------------------------------------ attachments

    def add_attachments(self, invoice):
        attachments = self.env["ir.attachment"].create(
            [
                {"name": "bon_de_commande.pdf", "raw": blank_pdf()},
                {"name": "annexe.txt", "raw": b"Annexe au contrat 2026-04"},
            ]
        )
        invoice.chorus_attachment_ids = attachments
        return attachments

    def test_chorus_attachments_travel_in_the_factur_x_pdf(self):
        self.company.fr_chorus_invoice_format = "pdf_factur-x"
        self.add_attachments(self.invoice)
        Move = type(self.env["account.move"])
        with patch.object(Move, "_chorus_guard_render_pdf", return_value=blank_pdf()):
            deposits = self.send(self.invoice)
        pdf = base64.b64decode(deposits[0]["fichierFlux"])
        files = attachments_of(pdf)
        self.assertEqual(files["annexe.txt"], b"Annexe au contrat 2026-04")
        self.assertEqual(files["bon_de_commande.pdf"], blank_pdf())
        self.assertEqual(
            files["factur-x.xml"],
            self.invoice._chorus_guard_checked_xml().encode("utf-8"),
        )

    def test_printed_pdf_is_pdf_a_3_with_the_attachments(self):
        self.company.xml_format_in_pdf_invoice = "factur-x"
        self.add_attachments(self.invoice)
        pdf = self.invoice.regular_pdf_invoice_to_facturx_invoice(blank_pdf())
        reader = OdooPdfFileReader(io.BytesIO(pdf), strict=False)
        root = reader.trailer["/Root"]
        self.assertTrue(root["/OutputIntents"])
        self.assertIn(b"pdfaid", root["/Metadata"].getObject().getData())
        self.assertEqual(
            set(attachments_of(pdf)),
            {"factur-x.xml", "annexe.txt", "bon_de_commande.pdf"},
        )

    def test_the_printed_report_is_the_engine_pdf_a_3(self):
        """The report's own post-processing (OCA's Factur-X, core's EDI
        embedding) ends with one factur-x.xml, the engine's, in a PDF/A-3."""
        self.company.xml_format_in_pdf_invoice = "factur-x"
        report = self.env.ref("account.account_invoices")
        pdf = report._post_pdf({}, pdf_content=blank_pdf(), res_ids=self.invoice.ids)
        reader = OdooPdfFileReader(io.BytesIO(pdf), strict=False)
        self.assertEqual(
            list(reader.getAttachments()),
            [
                (
                    "factur-x.xml",
                    self.invoice._chorus_guard_checked_xml().encode("utf-8"),
                )
            ],
        )
        self.assertTrue(reader.trailer["/Root"]["/OutputIntents"])

    # ------------------------------------------------------------ no fallback

    @mute_logger("odoo.addons.l10n_fr_chorus_guard.models.account_move")
    def test_an_engine_failure_stops_printing_and_sending_with_the_reason(self):
        with patch(LOADER, return_value=Broken()):
            with self.refused(UserError) as err:
                self.invoice.generate_facturx_xml()
            self.assertIn("wasm trap", err.exception.args[0])
            with self.refused(UserError):
                self.invoice.regular_pdf_invoice_to_facturx_invoice(blank_pdf())
            with self.refused(UserError):
                self.send(self.invoice)
        self.assertFalse(self.invoice.chorus_flow_id)

    def test_the_settings_say_the_factur_x_settings_are_overridden(self):
        arch = self.env["res.config.settings"].fields_view_get(view_type="form")["arch"]
        self.assertIn("chorus-guard-facturx-overridden", arch)
        # What the note says is what the engine writes for a Chorus invoice.
        self.company.write({"facturx_level": "basic", "facturx_refund_type": "380"})
        xml, level = self.invoice.generate_facturx_xml()
        self.assertEqual(level, "en16931")
        self.assertIn(b"<ram:ID>urn:cen.eu:en16931:2017</ram:ID>", xml)

    # ------------------------------------------------------------ what was sent

    def test_nobody_writes_what_was_sent(self):
        Move = self.env["account.move"]
        for field in (
            "chorus_guard_sent_fingerprint",
            "chorus_guard_sent_date",
            "chorus_guard_current_fingerprint",
        ):
            value = "2026-04-04 10:00:00" if field.endswith("date") else "0" * 64
            with self.refused(AccessError):
                self.invoice.write({field: value})
            # A context key that a JSON-RPC call could carry opens nothing.
            with self.refused(AccessError):
                self.invoice.with_context(chorus_guard_send_token=True).write(
                    {field: value}
                )
            with self.refused(AccessError):
                Move.create(
                    {
                        "move_type": "out_invoice",
                        "partner_id": self.contact.id,
                        field: value,
                    }
                )
        self.assertFalse(self.invoice.chorus_guard_sent_fingerprint)

    def test_the_send_is_tracked(self):
        for name in ("chorus_guard_sent_fingerprint", "chorus_guard_sent_date"):
            self.assertTrue(self.env["account.move"]._fields[name].tracking)
        # The invoice was made in this transaction, and Odoo does not track
        # the changes of a record in the transaction that creates it: end it.
        self.invoice.flush()
        self.env.cr.precommit.run()
        self.send(self.invoice)
        self.invoice.flush()
        self.env.cr.precommit.run()
        self.invoice.invalidate_cache()
        tracked = self.invoice.message_ids.tracking_value_ids.mapped("field.name")
        self.assertIn("chorus_guard_sent_fingerprint", tracked)

    def test_to_resend_is_one_indexed_query(self):
        field = self.env["account.move"]._fields["chorus_guard_to_resend"]
        self.assertTrue(field.store)
        self.assertTrue(field.index)
        self.send(self.invoice)
        sent_reference = self.invoice.payment_reference
        self.assertFalse(self.invoice.chorus_guard_to_resend)
        # Not `ref`: the file carries the contact's service code whatever `ref` says.
        self.invoice.payment_reference = "VIR-2026-0042"
        self.assertTrue(self.invoice.chorus_guard_to_resend)
        self.invoice.flush()
        self.env.cr.execute(
            "SELECT chorus_guard_to_resend FROM account_move WHERE id = %s",
            [self.invoice.id],
        )
        self.assertTrue(self.env.cr.fetchone()[0])
        # Back to the file that was sent: nothing to resend.
        self.invoice.payment_reference = sent_reference
        self.assertFalse(self.invoice.chorus_guard_to_resend)

    def test_a_line_edited_on_a_sent_invoice_asks_for_a_resend(self):
        self.send(self.invoice)
        self.invoice.invoice_line_ids[0].name = "Prestation de formation (avenant)"
        self.assertTrue(self.invoice.chorus_guard_to_resend)

    def test_reset_edit_post_asks_for_a_resend_and_a_resend_clears_it(self):
        self.send(self.invoice)
        self.invoice.button_draft()
        self.assertFalse(self.invoice.chorus_guard_to_resend)
        self.invoice.narration = "Conditions révisées"
        self.invoice.action_post()
        self.assertTrue(self.invoice.chorus_guard_to_resend)
        self.assertIn(
            self.invoice,
            self.env["account.move"].search([("chorus_guard_to_resend", "=", True)]),
        )
        self.invoice.chorus_flow_id = False  # as after a Chorus rejection
        self.send(self.invoice)
        self.assertFalse(self.invoice.chorus_guard_to_resend)

    # ------------------------------------------------------------ who sends

    def test_the_send_is_for_oca_chorus_api_group(self):
        user = self.make_user(
            "Comptable sans API", "cg_no_api", "account.group_account_invoice"
        )
        Wizard = self.env["account.invoice.chorus.send"].with_user(user)
        with self.assertRaises(AccessError):
            Wizard.with_context(
                active_model="account.move", active_ids=self.invoice.ids
            ).default_get(["invoice_ids"])
        user.groups_id |= self.env.ref("l10n_fr_chorus_account.group_chorus_api")
        Wizard.with_context(
            active_model="account.move", active_ids=self.invoice.ids
        ).default_get(["invoice_ids"])

    # ------------------------------------------------------------ once

    def test_an_invoice_sent_meanwhile_is_not_sent_again(self):
        # Two windows opened the wizard; the first one sends.
        late = (
            self.env["account.invoice.chorus.send"]
            .with_context(active_model="account.move", active_ids=self.invoice.ids)
            .create({})
        )
        self.assertEqual(len(self.send(self.invoice)), 1)
        deposits = []
        with patch.object(
            self.Company, "chorus_get_api_params", return_value=API_PARAMS
        ), patch.object(
            self.Company,
            "chorus_post",
            lambda *args, **kwargs: deposits.append(args) or ({}, None),
        ):
            with self.refused(UserError) as err:
                late.run()
        self.assertEqual(deposits, [])
        self.assertMentions(err.exception.args[0], "not sent twice", "pas envoyée deux")

    # ------------------------------------------------------------ network

    def token_error(self, **kwargs):
        Company = self.env["res.company"]
        Company._get_new_token.clear_cache(Company)
        with patch(OCA_COMPANY + ".requests.post", **kwargs), mute_logger(OCA_COMPANY):
            with self.refused(UserError) as err:
                Company._get_token(API_PARAMS)
        return err.exception.args[0]

    def test_a_network_failure_is_not_worded_as_credentials(self):
        message = self.token_error(
            side_effect=requests.exceptions.ConnectionError("Name or service not known")
        )
        self.assertMentions(message, "network failure", "panne du réseau")
        self.assertNotIn("identifi", message)

    def test_refused_identifiers_are_a_server_side_problem(self):
        message = self.token_error(
            return_value=FakeResponse(401, {"error": "invalid_client"})
        )
        self.assertMentions(message, "server's identifiers", "identifiants du serveur")


@tagged("post_install", "-at_install")
class TestSendLock(TransactionCase):
    """Two requests on the same invoice at the same time, each with its own
    database connection, as two Odoo workers have. The test's own cursor
    writes nothing, so that it holds no lock the others would wait for."""

    def setUp(self):
        super().setUp()
        # A row the other connections can see: inserted and committed apart
        # (only its lock matters here), removed at the end.
        with self.registry.cursor() as cr:
            cr.execute(
                "INSERT INTO account_move (journal_id, company_id, currency_id, "
                "date, state, move_type, name) "
                "SELECT j.id, j.company_id, c.currency_id, CURRENT_DATE, 'draft', "
                "'entry', '/' FROM account_journal j "
                "JOIN res_company c ON c.id = j.company_id ORDER BY j.id LIMIT 1 "
                "RETURNING id"
            )
            self.move_id = cr.fetchone()[0]
            # Another connection must see the row: the lock test needs it committed.
            cr.commit()  # pylint: disable=invalid-commit
        self.addCleanup(self.remove_move)

    def remove_move(self):
        with self.registry.cursor() as cr:
            cr.execute("DELETE FROM account_move WHERE id = %s", [self.move_id])
            cr.commit()  # pylint: disable=invalid-commit

    def test_a_second_request_is_refused_while_the_first_sends(self):
        with self.registry.cursor() as first, self.registry.cursor() as second:
            moves = [
                api.Environment(cr, SUPERUSER_ID, {})["account.move"].browse(
                    self.move_id
                )
                for cr in (first, second)
            ]
            moves[0]._chorus_guard_lock_for_send()
            with self.assertRaises(UserError) as err:
                moves[1]._chorus_guard_lock_for_send()
            self.assertMentions(err.exception.args[0], "being sent", "en cours d'envoi")
            # The refused lock left the second transaction usable.
            second.execute("SELECT 1")
            first.rollback()
            # Once the first request is over, the second may go on.
            moves[1]._chorus_guard_lock_for_send()
            second.rollback()

    def assertMentions(self, text, *needles):
        self.assertTrue(any(needle in text for needle in needles), text)
