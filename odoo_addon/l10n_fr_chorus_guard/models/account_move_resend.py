# Copyright 2026 Chorus Guard
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The next step for an invoice to resend, as the engine's CHORUS-STALE names
it: OCA hides « Envoyer à Chorus » while the invoice is linked to a flow, so the
step depends on what Chorus Pro did with that flow."""

from odoo import _, models
from odoo.exceptions import UserError

REJECTED = "IN_REJETE"
INTEGRATED = ("IN_INTEGRE", "IN_INTEGRE_PARTIEL")


class AccountMove(models.Model):
    _inherit = "account.move"

    def chorus_guard_step(self, name):
        """Runs the step ``name`` (``chorus_send``, ``chorus_update_flow``,
        ``chorus_detach_rejected``, ``credit_note``) on one invoice; returns an
        action to open or True. The flow's state is read again here: the
        browser's view of it may be old."""
        self.ensure_one()
        self.check_access_rights("write")
        self.check_access_rule("write")
        steps = {
            "chorus_send": self._chorus_guard_step_send,
            "chorus_update_flow": self._chorus_guard_step_update_flow,
            "chorus_detach_rejected": self._chorus_guard_step_detach_rejected,
            "credit_note": self._chorus_guard_step_credit_note,
        }
        if name not in steps:
            raise UserError(_("Chorus Guard: unknown step %(step)s.", step=name))
        return steps[name]()

    def _chorus_guard_step_send(self):
        if self.chorus_flow_id:
            raise UserError(
                _(
                    "Chorus Guard: the invoice is still linked to the Chorus flow "
                    "%(flow)s; update the flow status first.",
                    flow=self.chorus_flow_id.display_name,
                )
            )
        action = self.env["ir.actions.actions"]._for_xml_id(
            "l10n_fr_chorus_account.account_invoice_chorus_send_action"
        )
        action["context"] = {
            "active_model": "account.move",
            "active_ids": self.ids,
            "active_id": self.id,
        }
        return action

    def _chorus_guard_step_update_flow(self):
        if self.chorus_flow_id:
            self.chorus_flow_id.update_flow_status()
        return True

    def _chorus_guard_step_detach_rejected(self):
        flow = self.chorus_flow_id
        if not flow:
            return True
        if flow.status != REJECTED:
            raise UserError(
                _(
                    "Chorus Guard: the Chorus flow %(flow)s is not rejected; the "
                    "invoice stays linked to it.",
                    flow=flow.display_name,
                )
            )
        # What OCA itself does when the flow update names the rejected invoice.
        self.sudo().write({"chorus_flow_id": False})
        self.message_post(
            body=_(
                "Detached from the rejected Chorus flow %(flow)s so that it can be "
                "sent again.",
                flow=flow.display_name,
            )
        )
        return True

    def _chorus_guard_step_credit_note(self):
        if self.chorus_flow_id.status not in INTEGRATED:
            raise UserError(
                _(
                    "Chorus Guard: a credit note is the step for an invoice Chorus "
                    "Pro has integrated; this one is not."
                )
            )
        action = self.action_reverse()
        action["context"] = {
            "active_model": "account.move",
            "active_ids": self.ids,
            "active_id": self.id,
        }
        return action
