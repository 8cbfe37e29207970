# Copyright 2026 Chorus Guard
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import models


class AccountEdiFormat(models.Model):
    _inherit = "account.edi.format"

    def _prepare_invoice_report(self, pdf_writer, edi_document):
        # Core's factur-x.xml is written once at posting and lacks BT-10;
        # with OCA's embedding active a Chorus invoice PDF would carry two
        # files of that name. It keeps one: the engine's (generate_facturx_xml).
        move = edi_document.move_id
        if (
            self.code == "facturx_1_0_05"
            and move._chorus_guard_goes_to_chorus()
            and move._xml_format_in_pdf_invoice() == "factur-x"
        ):
            return None
        return super()._prepare_invoice_report(pdf_writer, edi_document)
