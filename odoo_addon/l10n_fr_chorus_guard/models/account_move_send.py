# Copyright 2026 Chorus Guard
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Sending: the file comes from the engine, built from the posted record at
that moment, with OCA's Chorus attachments; the printed PDF is the same
PDF/A-3."""

import io

from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.tools.pdf import OdooPdfFileReader, OdooPdfFileWriter

from ..engine import compare


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

    def _chorus_guard_with_attachments(self, pdf):
        """The invoice PDF with OCA's Chorus attachments embedded, as OCA's
        Factur-X PDF carries them (l10n_fr_chorus_facturx adds them to
        ``_prepare_facturx_attachments``). The engine keeps every attachment
        that is not an invoice XML when it embeds factur-x.xml."""
        self.ensure_one()
        attachments = self._prepare_facturx_attachments()
        if not attachments:
            return pdf
        reader = OdooPdfFileReader(io.BytesIO(pdf), strict=False)
        writer = OdooPdfFileWriter()
        writer.cloneReaderDocumentRoot(reader)
        mimetypes = {att.name: att.mimetype for att in self.chorus_attachment_ids}
        for name, attachment in sorted(attachments.items()):
            writer.addAttachment(
                name, attachment["filedata"], subtype=mimetypes.get(name)
            )
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()

    def _chorus_guard_facturx_pdf(self, pdf, xml):
        """The Factur-X PDF/A-3 of the engine: ``xml`` and the Chorus
        attachments embedded into ``pdf``, with the sRGB output intent."""
        self.ensure_one()
        engine = self._chorus_guard_engine()
        try:
            return engine.pdf(self._chorus_guard_with_attachments(pdf), xml)
        except UserError:
            raise
        except Exception as err:
            raise UserError(
                _(
                    "Chorus Guard: the Factur-X PDF of %(invoice)s cannot be built "
                    "(%(error)s).",
                    invoice=self.display_name,
                    error=self._chorus_guard_error_text(err),
                )
            ) from err

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
            sent[self.id] = self._chorus_guard_engine().fingerprint(xml)
        if chorus_invoice_format == "xml_cii":
            return xml.encode("utf-8")
        return self._chorus_guard_facturx_pdf(self._chorus_guard_render_pdf(), xml)

    def _chorus_guard_xml(self):
        """The engine's XML of the saved record, unchecked (a draft or a
        blocked invoice can still be printed). No fallback to another writer:
        if the engine fails, the reason is said."""
        self.ensure_one()
        return self._chorus_guard_run(
            self._chorus_guard_engine(),
            "xml",
            self._chorus_guard_form_state(),
            self.display_name,
        )

    def generate_facturx_xml(self):
        """Every Factur-X XML of a Chorus invoice (printing, e-mail, sending)
        is the engine's, so that no other writer's file reaches Chorus."""
        self.ensure_one()
        if not self._chorus_guard_goes_to_chorus():
            return super().generate_facturx_xml()
        return (self._chorus_guard_xml().encode("utf-8"), "en16931")

    def regular_pdf_invoice_to_facturx_invoice(self, pdf_content):
        """The printed and e-mailed PDF of a Chorus invoice is the engine's
        PDF/A-3, like the one sent (OCA's goes through the factur-x library,
        without an output intent)."""
        self.ensure_one()
        if not self._chorus_guard_goes_to_chorus():
            return super().regular_pdf_invoice_to_facturx_invoice(pdf_content)
        return self._chorus_guard_facturx_pdf(pdf_content, self._chorus_guard_xml())

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
