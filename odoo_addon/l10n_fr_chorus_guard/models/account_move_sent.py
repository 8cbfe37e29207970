# Copyright 2026 Chorus Guard
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What was sent to Chorus Pro: its fingerprint and date, written by the send
alone; the fingerprint of the file as it is now, so that « To Resend » is a
stored, indexed flag; the lock that makes a send happen once."""

from psycopg2 import OperationalError, errorcodes

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import mute_logger

from ..engine import payload
from . import account_move as core
from .account_move import NO_REFRESH_KEY, _logger

# What only the send records. The context key's value must be this very
# object: a JSON-RPC context cannot carry it, so no client can forge it.
SEND_FIELDS = frozenset(
    (
        "chorus_guard_sent_fingerprint",
        "chorus_guard_sent_date",
        "chorus_guard_current_fingerprint",
    )
)
SEND_KEY = "chorus_guard_send_token"
SEND_TOKEN = object()

# The invoice's own fields the Factur-X file is written from: a change of one
# of them on a posted invoice may change the file Chorus Pro holds.
FILE_FIELDS = frozenset(
    (
        "name",
        "ref",
        "chorus_guard_engagement",
        "payment_reference",
        "invoice_date",
        "invoice_date_due",
        "narration",
        "invoice_line_ids",
        "line_ids",
        "move_type",
        "chorus_guard_billing_framework",
        "chorus_guard_already_paid",
    )
    + payload.SINGLE_ID_FIELDS
)
LINE_FILE_FIELDS = frozenset(
    (
        "name",
        "quantity",
        "price_unit",
        "discount",
        "product_id",
        "product_uom_id",
        "tax_ids",
        "display_type",
    )
)


class AccountMove(models.Model):
    _inherit = "account.move"

    chorus_guard_sent_fingerprint = fields.Char(
        string="Fingerprint of the Last File Sent to Chorus",
        readonly=True,
        copy=False,
        tracking=True,
        help="SHA-256 of the Factur-X XML last sent to Chorus Pro.",
    )
    chorus_guard_sent_date = fields.Datetime(
        string="Last Send to Chorus", readonly=True, copy=False, tracking=True
    )
    chorus_guard_current_fingerprint = fields.Char(
        string="Fingerprint of the Current File",
        readonly=True,
        copy=False,
        help="SHA-256 of the Factur-X XML of the posted invoice as it is now, "
        "stored when it is posted, sent or changed.",
    )
    chorus_guard_to_resend = fields.Boolean(
        string="To Resend to Chorus",
        compute="_compute_chorus_guard_to_resend",
        store=True,
        index=True,
        help="Posted invoice whose Factur-X file differs from the one last sent "
        "to Chorus Pro: it must be sent again.",
    )

    @api.depends(
        "state",
        "move_type",
        "transmit_method_id",
        "chorus_guard_sent_fingerprint",
        "chorus_guard_current_fingerprint",
    )
    def _compute_chorus_guard_to_resend(self):
        for move in self:
            move.chorus_guard_to_resend = bool(
                move.state == "posted"
                and move.chorus_guard_sent_fingerprint
                and move.chorus_guard_current_fingerprint
                and move.chorus_guard_current_fingerprint
                != move.chorus_guard_sent_fingerprint
                and move._chorus_guard_goes_to_chorus()
            )

    def _chorus_guard_refuse_send_fields(self, vals):
        if SEND_FIELDS.intersection(vals) and (
            self.env.context.get(SEND_KEY) is not SEND_TOKEN
        ):
            raise AccessError(
                _(
                    "Chorus Guard: what was sent to Chorus Pro is recorded by the "
                    "send alone; it cannot be written by hand."
                )
            )

    def _chorus_guard_record(self, vals):
        """Writes the send's own fields (the only way to write them)."""
        return self.with_context(**{SEND_KEY: SEND_TOKEN, NO_REFRESH_KEY: True}).write(
            vals
        )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._chorus_guard_refuse_send_fields(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._chorus_guard_refuse_send_fields(vals)
        if self.env.context.get(NO_REFRESH_KEY) or not FILE_FIELDS.intersection(vals):
            return super().write(vals)
        result = super(AccountMove, self.with_context(**{NO_REFRESH_KEY: True})).write(
            vals
        )
        self._chorus_guard_refresh_current()
        return result

    def _chorus_guard_refresh_current(self):
        """A posted Chorus invoice that was sent and is changed: the
        fingerprint of its file as it is now, so that « To Resend » is a
        stored, indexed flag."""
        moves = self.filtered(
            lambda move: move.state == "posted"
            and move.chorus_guard_sent_fingerprint
            and move._chorus_guard_goes_to_chorus()
        )
        if not moves:
            return
        try:
            engine = core.load_engine()
            forms = moves._chorus_guard_form_states()
            for move in moves:
                current = engine.fingerprint(engine.xml(forms[move.id]))
                if current != move.chorus_guard_current_fingerprint:
                    move._chorus_guard_record(
                        {"chorus_guard_current_fingerprint": current}
                    )
        except Exception as err:  # an edit is never refused for a display flag
            _logger.warning(
                "Chorus Guard cannot compute the file of %s: %s", moves.ids, err
            )

    def _chorus_guard_lock_for_send(self):
        """Locks the invoices' rows until the send's transaction ends, then
        checks that none was sent meanwhile: two users clicking Send on the
        same invoice, or a double click, make one deposit. A concurrent send
        that committed first makes PostgreSQL refuse the lock (serialization
        failure): Odoo retries the request, which then finds the flow."""
        if not self:
            return
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    "SELECT id FROM account_move WHERE id IN %s FOR UPDATE NOWAIT",
                    [tuple(self.ids)],
                )
        except OperationalError as err:
            if err.pgcode != errorcodes.LOCK_NOT_AVAILABLE:
                raise
            raise UserError(
                _(
                    "Chorus Guard: these invoices are being sent to Chorus Pro by "
                    "another request right now (another user, or a second click). "
                    "Nothing more was sent; reload the invoice in a moment to see "
                    "the result."
                )
            ) from err
        self.invalidate_cache(["chorus_flow_id"])
        for move in self:
            if move.chorus_flow_id:
                raise UserError(
                    _(
                        "Chorus Guard: the invoice %(invoice)s has just been sent "
                        "to Chorus Pro (flow %(flow)s): it is not sent twice.",
                        invoice=move.display_name,
                        flow=move.chorus_flow_id.sudo().display_name,
                    )
                )


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def write(self, vals):
        result = super().write(vals)
        if LINE_FILE_FIELDS.intersection(vals) and not self.env.context.get(
            NO_REFRESH_KEY
        ):
            self.move_id._chorus_guard_refresh_current()
        return result
