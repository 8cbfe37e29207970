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

    def _post_pdf(self, save_in_attachment, pdf_content=None, res_ids=None):
        # The fresh rendering for Chorus comes back bare: no record ids, so
        # neither OCA nor core embeds an XML (the engine embeds its own) and
        # it is not stored as the invoice's PDF.
        if self.env.context.get("chorus_guard_fresh_pdf") and pdf_content:
            res_ids = []
        return super()._post_pdf(save_in_attachment, pdf_content, res_ids)
