# Copyright 2026 Chorus Guard
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

CHORUS_API_GROUP = "l10n_fr_chorus_account.group_chorus_api"


class AccountInvoiceChorusSend(models.TransientModel):
    _inherit = "account.invoice.chorus.send"

    @api.model
    def _chorus_guard_check_group(self):
        # OCA hides the button from users outside its Chorus API group; the
        # wizard itself must refuse them too (an action can be called by id).
        if not self.env.is_superuser() and not self.env.user.has_group(
            CHORUS_API_GROUP
        ):
            raise AccessError(
                _(
                    "Chorus Guard: only the users of the group « Chorus API » may "
                    "send invoices to Chorus Pro."
                )
            )

    @api.model
    def default_get(self, fields_list):
        self._chorus_guard_check_group()
        return super().default_get(fields_list)

    def run(self):
        """OCA's send, once per invoice: the invoices' rows are locked for
        the send, and an invoice sent meanwhile (a double click, another
        user) stops it. The fingerprint of each file is recorded once Chorus
        has accepted the deposit; any refusal or failure raises before that,
        and the transaction leaves the invoices as they were."""
        self._chorus_guard_check_group()
        self.invoice_ids._chorus_guard_lock_for_send()
        sent = {}
        result = super(
            AccountInvoiceChorusSend, self.with_context(chorus_guard_sent=sent)
        ).run()
        now = fields.Datetime.now()
        for invoice in self.invoice_ids:
            if invoice.chorus_flow_id and invoice.id in sent:
                invoice._chorus_guard_record(
                    {
                        "chorus_guard_sent_fingerprint": sent[invoice.id],
                        "chorus_guard_current_fingerprint": sent[invoice.id],
                        "chorus_guard_sent_date": now,
                    }
                )
        return result
