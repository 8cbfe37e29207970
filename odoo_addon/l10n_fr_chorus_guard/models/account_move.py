# Copyright 2026 Chorus Guard
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import logging

from markupsafe import Markup, escape
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import mute_logger
from odoo.tools.misc import formatLang
from psycopg2 import OperationalError, errorcodes

from ..engine import compare, payload

_logger = logging.getLogger(__name__)

MAX_CONTACTS = 200
# Chorus Pro's limit on BT-13, the engagement number.
ENGAGEMENT_MAX = 50
# The customer settings (OCA's fr_chorus_required) under which an engagement
# number may be asked for on the invoice.
ENGAGEMENT_SETTINGS = ("engagement", "service_and_engagement", "service_or_engagement")

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
NO_REFRESH_KEY = "chorus_guard_no_refresh"


def load_engine():
    """The server engine. A module-level function so that tests can replace
    it; any failure here means a Chorus invoice cannot be posted or sent."""
    from ..engine import wasm_engine

    return wasm_engine.get_engine()


class AccountMove(models.Model):
    _inherit = "account.move"

    chorus_guard_engagement = fields.Char(
        string="Engagement",
        copy=False,
        tracking=True,
        readonly=True,
        states={"draft": [("readonly", False)]},
        help="Legal engagement number (engagement juridique, BT-13) given by the "
        "public customer on its purchase order, when the customer or its Chorus "
        "service requires one. At most 50 characters.",
    )
    chorus_guard_engagement_asked = fields.Boolean(
        string="Engagement Number Asked",
        compute="_compute_chorus_guard_engagement_asked",
        help="Technical: the customer's Chorus Pro settings ask for an "
        "engagement number on its invoices.",
    )
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
    chorus_guard_rejected = fields.Boolean(
        string="Rejected by Chorus", compute="_compute_chorus_guard_rejection"
    )
    chorus_guard_rejection = fields.Html(
        string="Chorus Rejection",
        compute="_compute_chorus_guard_rejection",
        sanitize=False,
    )

    # ------------------------------------------------------------ engagement

    @api.depends(
        "move_type",
        "partner_id",
        "partner_id.commercial_partner_id.fr_chorus_required",
        "partner_id.fr_chorus_service_id.engagement_required",
        "company_id.chorus_guard_ref_mode",
        "chorus_guard_engagement",
    )
    def _compute_chorus_guard_engagement_asked(self):
        for move in self:
            partner = move.partner_id
            required = partner.commercial_partner_id.fr_chorus_required
            asked = (
                required in ENGAGEMENT_SETTINGS
                or partner.fr_chorus_service_id.engagement_required
            )
            # In OCA's convention (ref_mode engagement) `ref` holds it; the
            # field is shown there only if it holds a value already.
            move.chorus_guard_engagement_asked = (
                move.move_type in payload.CHORUS_MOVE_TYPES
                and bool(
                    (asked and move.company_id.chorus_guard_ref_mode != "engagement")
                    or move.chorus_guard_engagement
                )
            )

    @api.constrains("chorus_guard_engagement")
    def _check_chorus_guard_engagement(self):
        for move in self:
            value = (move.chorus_guard_engagement or "").strip()
            if len(value) > ENGAGEMENT_MAX:
                raise ValidationError(
                    _(
                        "The engagement number %(value)s is %(length)s characters "
                        "long: Chorus Pro accepts at most %(max)s.",
                        value=value,
                        length=len(value),
                        max=ENGAGEMENT_MAX,
                    )
                )

    def _chorus_guard_engagement_value(self):
        """BT-13 as the engine reads it: the separate field, or `ref` in
        OCA's convention (ref_mode engagement)."""
        self.ensure_one()
        separate = (self.chorus_guard_engagement or "").strip() or False
        if self.company_id.chorus_guard_ref_mode == "engagement":
            return (self.ref or "").strip() or separate
        return separate

    def _get_commitment_number(self):
        # OCA reads `ref`, which holds the service code in the guide's
        # convention: its commitment-number check and its writer read the
        # real engagement number instead.
        self.ensure_one()
        if self.move_type in payload.CHORUS_MOVE_TYPES:
            return self._chorus_guard_engagement_value()
        return super()._get_commitment_number()

    def chorus_invoice_check_commitment_number(
        self, commitment_number=None, raise_if_not_found=True
    ):
        # OCA's service_or_engagement path calls this without the number
        # (a TypeError): the invoice's own is meant.
        if commitment_number is None:
            commitment_number = self._get_commitment_number()
        return super().chorus_invoice_check_commitment_number(
            commitment_number, raise_if_not_found=raise_if_not_found
        )

    # ------------------------------------------------------------ language

    def _chorus_guard_in_french(self):
        lang = self.env.context.get("lang") or self.env.user.lang or ""
        return lang.startswith("fr")

    def _chorus_guard_say(self, message_fr, message_en):
        """The engine's message in the user's language (the other one if it
        lacks that language)."""
        if self._chorus_guard_in_french():
            return message_fr or message_en or ""
        return message_en or message_fr or ""

    def _chorus_guard_error_text(self, err):
        return self._chorus_guard_say(
            getattr(err, "message_fr", None), getattr(err, "message_en", None)
        ) or str(err)

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
                    error=self._chorus_guard_error_text(err),
                )
            ) from err

    def _chorus_guard_goes_to_chorus(self):
        self.ensure_one()
        return payload.goes_to_chorus(self.move_type, self.transmit_method_code)

    def _chorus_guard_label(self):
        """A name the user can find the invoice by, also after a refused
        posting has been rolled back (the number it was about to get never
        exists): its draft label, the customer and the amount."""
        self.ensure_one()
        amount = formatLang(self.env, self.amount_total, currency_obj=self.currency_id)
        return "%s (%s, %s)" % (
            self.display_name,
            self.partner_id.display_name or "-",
            amount,
        )

    # ------------------------------------------------------------ form state

    def _chorus_guard_move_values(self):
        self.ensure_one()
        reversed_entry = self.reversed_entry_id
        return {
            "move_type": self.move_type,
            "state": self.state,
            "name": self.name,
            "ref": self.ref,
            "engagement": self.chorus_guard_engagement,
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

    def _chorus_guard_form_states(self):
        """{move id: the engine's form} for the saved records, their related
        records read together (one query per model for the whole batch).
        Once the user's right to read the invoices is checked, the related
        records are read with sudo: what goes into the invoice's own file is
        not the user's to filter."""
        if not self:
            return {}
        self.check_access_rights("read")
        self.check_access_rule("read")
        moves = self.sudo()
        contexts = moves._chorus_guard_build_contexts(
            [(move, move._chorus_guard_record_ids()) for move in moves],
            check_access=False,
        )
        forms = {}
        for move, context in zip(moves, contexts):
            try:
                forms[move.id] = payload.build_form_state(
                    move._chorus_guard_move_values(), context
                )
            except payload.PayloadError as err:
                raise UserError(
                    _(
                        "Chorus Guard: %(error)s",
                        error=self._chorus_guard_error_text(err),
                    )
                ) from err
        return forms

    def _chorus_guard_form_state(self):
        self.ensure_one()
        return self._chorus_guard_form_states()[self.id]

    def _chorus_guard_run(self, engine, operation, form, label):
        """One engine operation on a form; a failure is a UserError naming
        the invoice and the reason."""
        try:
            return getattr(engine, operation)(form)
        except UserError:
            raise
        except Exception as err:
            if operation == "check":
                message = _(
                    "Chorus Guard: the invoice %(invoice)s cannot be checked "
                    "(%(error)s).",
                    invoice=label,
                    error=self._chorus_guard_error_text(err),
                )
            else:
                message = _(
                    "Chorus Guard: the Factur-X file of %(invoice)s cannot be "
                    "written (%(error)s).",
                    invoice=label,
                    error=self._chorus_guard_error_text(err),
                )
            raise UserError(message) from err

    def _chorus_guard_diagnostics(self, engine=None):
        self.ensure_one()
        engine = engine or self._chorus_guard_engine()
        return self._chorus_guard_run(
            engine, "check", self._chorus_guard_form_state(), self.display_name
        )

    def _chorus_guard_block_lines(self, diagnostics, rules=None):
        return [
            "[%s] %s"
            % (
                diag.get("rule"),
                self._chorus_guard_say(diag.get("message_fr"), diag.get("message_en")),
            )
            for diag in diagnostics
            if diag.get("severity") == "block"
            and (rules is None or diag.get("rule") in rules)
        ]

    def _chorus_guard_check_all(self, labels=None, want_xml=None, rules=None):
        """Checks the Chorus invoices of ``self`` with one context build for
        all of them. Returns ``(refusals, xmls)``: {move: [block lines]} and
        {move id: XML} for the moves ``want_xml`` accepts that are not
        refused (the XML is written from the same form as the check)."""
        refusals, xmls = {}, {}
        if not self:
            return refusals, xmls
        labels = labels or {}
        engine = self._chorus_guard_engine()
        forms = self._chorus_guard_form_states()
        for move in self:
            form = forms[move.id]
            label = labels.get(move.id) or move.display_name
            lines = self._chorus_guard_block_lines(
                self._chorus_guard_run(engine, "check", form, label), rules
            )
            if lines:
                refusals[move] = (label, lines)
            elif want_xml and want_xml(move):
                xmls[move.id] = self._chorus_guard_run(engine, "xml", form, label)
        return refusals, xmls

    def _chorus_guard_refusals(self, engine=None):
        """{move: [lines]} for the Chorus invoices of ``self`` that the engine
        blocks."""
        refusals, _xmls = self._chorus_guard_check_all()
        return {move: lines for move, (_label, lines) in refusals.items()}

    @api.model
    def _chorus_guard_refusal_message(self, refusals):
        parts = []
        for move, value in refusals.items():
            label, lines = value if isinstance(value, tuple) else (None, value)
            parts.append(
                _(
                    "Chorus Guard refuses the invoice %(invoice)s for Chorus Pro:",
                    invoice=label or move.display_name,
                )
                + "\n"
                + "\n".join(lines)
            )
        return "\n\n".join(parts)

    def _chorus_guard_checked_xml(self):
        """The Factur-X XML of the saved record, built now by the engine from
        one form for both the check and the file; UserError when a blocking
        rule stands."""
        self.ensure_one()
        refusals, xmls = self._chorus_guard_check_all(want_xml=bool)
        if refusals:
            raise UserError(self._chorus_guard_refusal_message(refusals))
        return xmls[self.id]

    # ------------------------------------------------------------ what was sent

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
        return self.with_context(
            **{SEND_KEY: SEND_TOKEN, NO_REFRESH_KEY: True}
        ).write(vals)

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
            engine = load_engine()
            forms = moves._chorus_guard_form_states()
            for move in moves:
                current = compare.fingerprint(engine.xml(forms[move.id]))
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

    # ------------------------------------------------------------ posting

    def action_post(self):
        """Before OCA's own checks: an engagement number missing from the
        Engagement field is said in the engine's words (OCA's message names
        the Customer Reference, which holds the service code here)."""
        chorus = self.filtered(
            lambda move: move._chorus_guard_goes_to_chorus()
            and move.company_id.chorus_guard_ref_mode != "engagement"
            and move.chorus_guard_engagement_asked
            and not move.chorus_guard_engagement
        )
        if chorus:
            refusals, _xmls = chorus._chorus_guard_check_all(
                labels=chorus._chorus_guard_labels(), rules=("CHORUS-ENGAGEMENT",)
            )
            if refusals:
                raise UserError(self._chorus_guard_refusal_message(refusals))
        if len(self.filtered(lambda move: move._chorus_guard_goes_to_chorus())) > 1:
            # OCA's checks read the commitment number of the whole set (a
            # singleton error): they run invoice by invoice.
            for move in self:
                super(AccountMove, move).action_post()
            return False
        return super().action_post()

    def _chorus_guard_labels(self):
        return {move.id: move._chorus_guard_label() for move in self}

    def _post(self, soft=True):
        """The guard runs after the standard posting, inside the same
        transaction: the number and dates exist by then, so the engine checks
        exactly the invoice that will be sent, and raising undoes the posting.
        ``_post`` is where action_post, the Post entries wizard and the
        auto-post cron all meet (OCA only checks in action_post)."""
        if self.env.context.get("chorus_guard_autopost"):
            return self._chorus_guard_autopost(soft)
        if self.env.context.get("chorus_guard_bypass"):
            # Benchmarks only (tests/bench): OCA alone, for the comparison.
            return super()._post(soft=soft)
        chorus = self.filtered(lambda move: move._chorus_guard_goes_to_chorus())
        # Labels now: after a refusal the number given below never exists.
        labels = chorus._chorus_guard_labels()
        posted = super(AccountMove, self.with_context(**{NO_REFRESH_KEY: True}))._post(
            soft=soft
        )
        chorus = chorus & posted
        if chorus:
            refusals, xmls = chorus._chorus_guard_check_all(
                labels=labels, want_xml=lambda move: move.chorus_guard_sent_fingerprint
            )
            if refusals:
                raise UserError(self._chorus_guard_refusal_message(refusals))
            for move in chorus.filtered(lambda m: m.id in xmls):
                move._chorus_guard_record(
                    {
                        "chorus_guard_current_fingerprint": compare.fingerprint(
                            xmls[move.id]
                        )
                    }
                )
        return posted.with_env(self.env)

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


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def write(self, vals):
        result = super().write(vals)
        if LINE_FILE_FIELDS.intersection(vals) and not self.env.context.get(
            NO_REFRESH_KEY
        ):
            self.move_id._chorus_guard_refresh_current()
        return result
