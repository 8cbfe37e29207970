# Copyright 2026 Chorus Guard
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Sending: the file comes from the engine, built from the posted record at
that moment; the fingerprint of what was sent, and what is to resend."""

from odoo import _, api, models
from odoo.exceptions import UserError

from ..engine import compare, payload
from . import account_move as core
from .account_move import _engine_message, _logger


class AccountMove(models.Model):
    _inherit = "account.move"

    # ------------------------------------------------------------ sending

    def _chorus_guard_render_pdf(self):
        """A freshly rendered invoice PDF, without any embedded XML: never a
        stored report attachment, which may predate the last edit."""
        self.ensure_one()
        report = self.env.ref("account.account_invoices")
        content, _kind = report.with_context(
            chorus_guard_fresh_pdf=True, **{"no_embedded_factur-x_xml": True}
        )._render_qweb_pdf([self.id])
        return content

    def chorus_get_invoice(self, chorus_invoice_format):
        """OCA's Send to Chorus asks here for the file: the engine writes the
        XML from the posted record now, and the Factur-X PDF is rebuilt
        around it."""
        self.ensure_one()
        if not self._chorus_guard_goes_to_chorus() or chorus_invoice_format not in (
            "xml_cii",
            "pdf_factur-x",
        ):
            return super().chorus_get_invoice(chorus_invoice_format)
        if self.state != "posted":
            raise UserError(
                _(
                    "Chorus Guard: the invoice %(invoice)s is not posted: nothing "
                    "was sent.",
                    invoice=self.display_name,
                )
            )
        xml = self._chorus_guard_checked_xml()
        sent = self.env.context.get("chorus_guard_sent")
        if isinstance(sent, dict):
            sent[self.id] = compare.fingerprint(xml)
        if chorus_invoice_format == "xml_cii":
            return xml.encode("utf-8")
        engine = self._chorus_guard_engine()
        try:
            return engine.pdf(self._chorus_guard_render_pdf(), xml)
        except UserError:
            raise
        except Exception as err:
            raise UserError(
                _(
                    "Chorus Guard: the Factur-X PDF of %(invoice)s cannot be built "
                    "(%(error)s).",
                    invoice=self.display_name,
                    error=_engine_message(err),
                )
            ) from err

    def generate_facturx_xml(self):
        """Every Factur-X XML of a Chorus invoice (printing, e-mail, sending)
        is the engine's, so that no other writer's file reaches Chorus."""
        self.ensure_one()
        if not self._chorus_guard_goes_to_chorus():
            return super().generate_facturx_xml()
        try:
            # Not the checked XML: a draft or a blocked invoice can still be
            # printed; sending goes through chorus_get_invoice, which checks.
            xml = core.load_engine().xml(self._chorus_guard_form_state())
        except Exception as err:
            _logger.warning(
                "Chorus Guard cannot write the XML of %s for the PDF: %s",
                self.id,
                err,
            )
            return super().generate_facturx_xml()
        return (xml.encode("utf-8"), "en16931")

    @api.model
    def chorus_guard_check_browser_xml(self, move_id, xml):
        """Before Send to Chorus, the browser submits the XML it shows; it is
        accepted only if byte-identical to the server's for the saved record.
        The size cap comes first, the XML is never parsed."""
        if isinstance(xml, str) and len(xml) > compare.MAX_XML_BYTES:
            return compare.compare_browser_xml(xml, "")
        move = self._chorus_guard_browse_checked(move_id)
        if move.state != "posted":
            return {
                "ok": False,
                "message": _(
                    "Chorus Guard: only a posted invoice can be sent to Chorus "
                    "Pro; nothing was sent."
                ),
            }
        if not move._chorus_guard_goes_to_chorus():
            return {
                "ok": False,
                "message": _(
                    "Chorus Guard: this invoice does not go to Chorus Pro "
                    "(customer invoice with the Chorus Pro transmission method)."
                ),
            }
        try:
            server_xml = move._chorus_guard_checked_xml()
        except UserError as err:
            return {"ok": False, "message": str(err.args[0] if err.args else err)}
        result = compare.compare_browser_xml(xml, server_xml)
        if not result["ok"]:
            result["message"] = _(
                "Chorus Guard: the file prepared in the browser does not match "
                "the saved invoice. Save or reload the invoice and try again: "
                "nothing was sent."
            )
            if isinstance(xml, (str, bytes)) and len(xml) > compare.MAX_XML_BYTES:
                result["message"] = _(
                    "Chorus Guard: XML file too large; nothing was sent."
                )
        return result

    # ------------------------------------------------------------ resend

    def _chorus_guard_is_stale(self):
        self.ensure_one()
        if (
            self.state != "posted"
            or not self.chorus_guard_sent_fingerprint
            or not self._chorus_guard_goes_to_chorus()
        ):
            return False
        try:
            xml = self._chorus_guard_engine().xml(self._chorus_guard_form_state())
        except Exception as err:  # a display flag never breaks the form
            _logger.warning(
                "Chorus Guard cannot compute the XML of %s: %s", self.id, err
            )
            return False
        return compare.fingerprint(xml) != self.chorus_guard_sent_fingerprint

    def _compute_chorus_guard_to_resend(self):
        for move in self:
            move.chorus_guard_to_resend = move._chorus_guard_is_stale()

    def _search_chorus_guard_to_resend(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(_("Chorus Guard: unsupported search on 'To Resend'."))
        candidates = self.search(
            [
                ("state", "=", "posted"),
                ("move_type", "in", payload.CHORUS_MOVE_TYPES),
                ("transmit_method_code", "=", payload.CHORUS_METHOD_CODE),
                ("chorus_guard_sent_fingerprint", "!=", False),
            ]
        )
        stale = candidates.filtered(lambda move: move._chorus_guard_is_stale())
        wanted = (operator == "=") == bool(value)
        return [("id", "in" if wanted else "not in", stale.ids)]
