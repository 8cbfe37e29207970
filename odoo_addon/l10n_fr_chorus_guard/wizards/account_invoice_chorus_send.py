# Copyright 2026 Chorus Guard
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class AccountInvoiceChorusSend(models.TransientModel):
    _inherit = "account.invoice.chorus.send"

    def run(self):
        """OCA's send, with the fingerprint of each file recorded once Chorus
        has accepted the deposit. Any refusal or failure raises before that,
        and the transaction leaves the invoices as they were."""
        sent = {}
        result = super(
            AccountInvoiceChorusSend, self.with_context(chorus_guard_sent=sent)
        ).run()
        now = fields.Datetime.now()
        for invoice in self.invoice_ids:
            if invoice.chorus_flow_id and invoice.id in sent:
                invoice.write(
                    {
                        "chorus_guard_sent_fingerprint": sent[invoice.id],
                        "chorus_guard_sent_date": now,
                    }
                )
        return result
