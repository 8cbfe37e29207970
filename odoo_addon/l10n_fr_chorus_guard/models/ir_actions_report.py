# Copyright 2026 Chorus Guard
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import models


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def retrieve_attachment(self, record):
        # The PDF sent to Chorus is rendered now: a stored copy may show an
        # older version of the invoice.
        if self.env.context.get("chorus_guard_fresh_pdf"):
            return None
        return super().retrieve_attachment(record)

    def _postprocess_pdf_report(self, record, buffer):
        # ... and that fresh rendering, without its Factur-X XML, must not
        # become the invoice's stored PDF.
        if self.env.context.get("chorus_guard_fresh_pdf"):
            return None
        return super()._postprocess_pdf_report(record, buffer)
