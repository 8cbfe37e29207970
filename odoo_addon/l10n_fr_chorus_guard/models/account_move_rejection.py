# Copyright 2026 Chorus Guard
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Chorus Pro rejections shown with the guide's steps."""

from markupsafe import Markup

from odoo import _, models

from . import account_move as core
from .account_move import _logger


class AccountMove(models.Model):
    _inherit = "account.move"

    # ------------------------------------------------------------ rejections

    def _chorus_guard_rejection_text(self):
        """The Chorus text of the last rejection, or None. OCA detaches a
        rejected invoice from its flow, so the flow is found through its
        initial invoices."""
        self.ensure_one()
        flow = self.sudo().chorus_flow_id
        if not flow:
            flow = (
                self.env["chorus.flow"]
                .sudo()
                .search(
                    [("initial_invoice_ids", "in", self.id)], limit=1, order="id desc"
                )
            )
        texts = []
        if flow and flow.status == "IN_REJETE":
            texts.append(flow.notes or flow.status)
        if self.chorus_status == "REJETEE":
            texts.append(_("Invoice rejected by Chorus Pro (status REJETEE)."))
        return "\n".join(texts) or None

    def _compute_chorus_guard_rejection(self):
        engine = None
        for move in self:
            text = (
                move._chorus_guard_rejection_text()
                if isinstance(move.id, int) and move._chorus_guard_goes_to_chorus()
                else None
            )
            if not text:
                move.chorus_guard_rejected = False
                move.chorus_guard_rejection = False
                continue
            move.chorus_guard_rejected = True
            steps = []
            try:
                engine = engine or core.load_engine()
                explanation = engine.explain(text) or {}
                steps = (
                    (
                        explanation.get("steps_fr")
                        if move._chorus_guard_in_french()
                        else explanation.get("steps_en")
                    )
                    or explanation.get("steps_fr")
                    or []
                )
            except Exception as err:  # the Chorus text is still shown
                _logger.warning("Chorus Guard cannot explain a rejection: %s", err)
            html = Markup("<p><strong>%s</strong></p><pre>%s</pre>") % (
                _("Chorus Pro says:"),
                text,
            )
            if steps:
                html += Markup("<p><strong>%s</strong></p><ol>%s</ol>") % (
                    _("What to do:"),
                    Markup("").join(Markup("<li>%s</li>") % step for step in steps),
                )
            move.chorus_guard_rejection = html
