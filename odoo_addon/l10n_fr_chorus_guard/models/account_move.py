# Copyright 2026 Chorus Guard
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import logging

from markupsafe import Markup, escape
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..engine import payload

_logger = logging.getLogger(__name__)

MAX_CONTACTS = 200


def load_engine():
    """The server engine. A module-level function so that tests can replace
    it; any failure here means a Chorus invoice cannot be posted or sent."""
    from ..engine import wasm_engine

    return wasm_engine.get_engine()


def _engine_message(err):
    return getattr(err, "message_fr", None) or str(err)


class AccountMove(models.Model):
    _inherit = "account.move"

    chorus_guard_sent_fingerprint = fields.Char(
        string="Fingerprint of the Last File Sent to Chorus",
        readonly=True,
        copy=False,
        help="SHA-256 of the Factur-X XML last sent to Chorus Pro.",
    )
    chorus_guard_sent_date = fields.Datetime(
        string="Last Send to Chorus", readonly=True, copy=False
    )
    chorus_guard_to_resend = fields.Boolean(
        string="To Resend to Chorus",
        compute="_compute_chorus_guard_to_resend",
        search="_search_chorus_guard_to_resend",
        help="Posted invoice whose Factur-X file differs from the one last sent "
        "to Chorus Pro: it must be sent again.",
    )
    chorus_guard_rejected = fields.Boolean(
        string="Rejected by Chorus", compute="_compute_chorus_guard_rejection"
    )
    chorus_guard_rejection = fields.Html(
        string="Chorus Rejection",
        compute="_compute_chorus_guard_rejection",
        sanitize=False,
    )

    # ------------------------------------------------------------ engine

    def _chorus_guard_engine(self):
        try:
            return load_engine()
        except Exception as err:  # the guard must hold whatever the cause
            _logger.error("Chorus Guard engine cannot be loaded: %s", err)
            raise UserError(
                _(
                    "Chorus Guard: the checking engine cannot be loaded on the "
                    "server (%(error)s). Chorus Pro invoices can be neither posted "
                    "nor sent until the Odoo administrator repairs it.",
                    error=_engine_message(err),
                )
            ) from err

    def _chorus_guard_goes_to_chorus(self):
        self.ensure_one()
        return payload.goes_to_chorus(self.move_type, self.transmit_method_code)

    # ------------------------------------------------------------ form state

    def _chorus_guard_move_values(self):
        self.ensure_one()
        reversed_entry = self.reversed_entry_id
        return {
            "move_type": self.move_type,
            "state": self.state,
            "name": self.name,
            "ref": self.ref,
            "payment_reference": self.payment_reference,
            "invoice_date": self.invoice_date,
            "invoice_date_due": self.invoice_date_due,
            "narration": self.narration,
            "reversed_entry": reversed_entry
            and {
                "name": reversed_entry.name,
                "invoice_date": reversed_entry.invoice_date,
            },
            "lines": [
                {
                    "name": line.name,
                    "quantity": line.quantity,
                    "price_unit": line.price_unit,
                    "discount": line.discount,
                    "product_code": line.product_id.default_code,
                    "product_uom_id": line.product_uom_id.id,
                    "tax_ids": line.tax_ids.ids,
                    "display_type": line.display_type,
                }
                for line in self.invoice_line_ids
            ],
        }

    def _chorus_guard_form_state(self):
        """The engine's form for the saved record. Once the user's right to
        read the invoice is checked, its related records are read with sudo:
        what goes into the invoice's own file is not the user's to filter."""
        self.ensure_one()
        self.check_access_rights("read")
        self.check_access_rule("read")
        move = self.sudo()
        context = move._chorus_guard_build_context(
            move._chorus_guard_record_ids(), check_access=False
        )
        try:
            return payload.build_form_state(move._chorus_guard_move_values(), context)
        except payload.PayloadError as err:
            raise UserError(_("Chorus Guard: %(error)s", error=err.message_fr)) from err

    def _chorus_guard_diagnostics(self, engine=None):
        self.ensure_one()
        engine = engine or self._chorus_guard_engine()
        try:
            return engine.check(self._chorus_guard_form_state())
        except UserError:
            raise
        except Exception as err:
            raise UserError(
                _(
                    "Chorus Guard: the invoice %(invoice)s cannot be checked "
                    "(%(error)s).",
                    invoice=self.display_name,
                    error=_engine_message(err),
                )
            ) from err

    @api.model
    def _chorus_guard_block_lines(self, diagnostics):
        return [
            "[%s] %s" % (diag.get("rule"), diag.get("message_fr"))
            for diag in diagnostics
            if diag.get("severity") == "block"
        ]

    def _chorus_guard_refusals(self, engine=None):
        """{move: [lines]} for the Chorus invoices of ``self`` that the engine
        blocks."""
        refusals = {}
        engine = engine or (self and self._chorus_guard_engine())
        for move in self:
            lines = self._chorus_guard_block_lines(
                move._chorus_guard_diagnostics(engine)
            )
            if lines:
                refusals[move] = lines
        return refusals

    @api.model
    def _chorus_guard_refusal_message(self, refusals):
        parts = []
        for move, lines in refusals.items():
            parts.append(
                _(
                    "Chorus Guard refuses the invoice %(invoice)s for Chorus Pro:",
                    invoice=move.display_name,
                )
                + "\n"
                + "\n".join(lines)
            )
        return "\n\n".join(parts)

    def _chorus_guard_checked_xml(self):
        """The Factur-X XML of the saved record, built now by the engine;
        UserError when a blocking rule stands."""
        self.ensure_one()
        engine = self._chorus_guard_engine()
        refusals = self._chorus_guard_refusals(engine)
        if refusals:
            raise UserError(self._chorus_guard_refusal_message(refusals))
        try:
            return engine.xml(self._chorus_guard_form_state())
        except Exception as err:
            raise UserError(
                _(
                    "Chorus Guard: the Factur-X file of %(invoice)s cannot be "
                    "written (%(error)s).",
                    invoice=self.display_name,
                    error=_engine_message(err),
                )
            ) from err

    # ------------------------------------------------------------ posting

    def _post(self, soft=True):
        """The guard runs after the standard posting, inside the same
        transaction: the number and dates exist by then, so the engine checks
        exactly the invoice that will be sent, and raising undoes the posting.
        ``_post`` is where action_post, the Post entries wizard and the
        auto-post cron all meet (OCA only checks in action_post)."""
        if self.env.context.get("chorus_guard_autopost"):
            return self._chorus_guard_autopost(soft)
        posted = super()._post(soft=soft)
        chorus = posted.filtered(lambda move: move._chorus_guard_goes_to_chorus())
        if chorus:
            refusals = chorus._chorus_guard_refusals()
            if refusals:
                raise UserError(self._chorus_guard_refusal_message(refusals))
        return posted

    def _chorus_guard_autopost(self, soft):
        """Cron: a blocked Chorus invoice stays draft with a message saying
        why; it does not stop the other entries from being posted."""
        this = self.with_context(chorus_guard_autopost=False)
        chorus = this.filtered(lambda move: move._chorus_guard_goes_to_chorus())
        posted = this.browse()
        if this - chorus:
            posted |= (this - chorus)._post(soft=soft)
        for move in chorus:
            try:
                with self.env.cr.savepoint():
                    posted |= move._post(soft=soft)
            except UserError as err:
                _logger.info("Chorus Guard kept %s in draft", move.display_name)
                move.message_post(
                    body=escape(
                        _("Automatic posting refused by Chorus Guard:")
                        + "\n"
                        + str(err.args[0] if err.args else err)
                    ).replace("\n", Markup("<br/>"))
                )
        return posted

    @api.model
    def _autopost_draft_entries(self):
        return super(
            AccountMove, self.with_context(chorus_guard_autopost=True)
        )._autopost_draft_entries()
