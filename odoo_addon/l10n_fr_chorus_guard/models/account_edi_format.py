# Copyright 2026 Chorus Guard
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import models

FACTURX_CODE = "facturx_1_0_05"


class AccountEdiFormat(models.Model):
    _inherit = "account.edi.format"

    def _chorus_guard_owns_pdf(self, move):
        """A Chorus invoice printed with Factur-X: its PDF is the engine's
        PDF/A-3 (account.move.regular_pdf_invoice_to_facturx_invoice)."""
        return (
            move._chorus_guard_goes_to_chorus()
            and move._xml_format_in_pdf_invoice() == "factur-x"
        )

    def _prepare_invoice_report(self, pdf_writer, edi_document):
        # Core's factur-x.xml is written once at posting and lacks BT-10;
        # with OCA's embedding active a Chorus invoice PDF would carry two
        # files of that name. It keeps one: the engine's (generate_facturx_xml).
        if self.code == FACTURX_CODE and self._chorus_guard_owns_pdf(
            edi_document.move_id
        ):
            return None
        return super()._prepare_invoice_report(pdf_writer, edi_document)

    def _embed_edis_to_pdf(self, pdf_content, invoice):
        # Core rewrites the PDF with PyPDF2 whenever the invoice has an EDI
        # document, even one it does not embed: the engine's PDF/A-3 is left
        # as it is unless another format has something to add.
        if self._chorus_guard_owns_pdf(invoice):
            others = self.filtered(lambda edi_format: edi_format.code != FACTURX_CODE)
            if not invoice.edi_document_ids.filtered(
                lambda doc: doc.edi_format_id in others
            ):
                return pdf_content
        return super()._embed_edis_to_pdf(pdf_content, invoice)
