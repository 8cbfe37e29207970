# Copyright 2026 Chorus Guard
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import logging
import os

from markupsafe import Markup, escape

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import formatLang

from ..engine import payload

_logger = logging.getLogger(__name__)

MAX_CONTACTS = 200
NO_REFRESH_KEY = "chorus_guard_no_refresh"


def load_engine():
    """The server engine. A module-level function so that tests can replace
    it; any failure here means a Chorus invoice cannot be posted or sent."""
    from odoo.tools import config

    from ..engine import wasm_engine

    # The compiled module is kept in Odoo's data dir: a new worker deserializes it
    # (about 10 ms) instead of compiling it (about 1.8 s).
    return wasm_engine.get_engine(
        cache_dir=os.path.join(config["data_dir"], "chorus_guard")
    )


class AccountMove(models.Model):
    _inherit = "account.move"

    chorus_guard_rejected = fields.Boolean(
        string="Rejected by Chorus", compute="_compute_chorus_guard_rejection"
    )
    chorus_guard_rejection = fields.Html(
        string="Chorus Rejection",
        compute="_compute_chorus_guard_rejection",
        sanitize=False,
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
            "billing_framework": self.chorus_guard_billing_framework,
            "already_paid": self.chorus_guard_already_paid,
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
                    "product_id": line.product_id.id,
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
            if move._chorus_guard_goes_to_chorus():
                head = _(
                    "Chorus Guard refuses the invoice %(invoice)s for Chorus Pro:",
                    invoice=label or move.display_name,
                )
            else:
                head = _(
                    "Chorus Guard refuses the invoice %(invoice)s: an e-invoicing "
                    "platform of the 2026 reform would reject it:",
                    invoice=label or move.display_name,
                )
            parts.append(head + "\n" + "\n".join(lines))
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

    # ------------------------------------------------------------ posting

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
        # Chorus Pro invoices, and the reform's B2B ones when the company turned it on.
        chorus = self.filtered(lambda move: move._chorus_guard_judged())
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
            engine = xmls and self._chorus_guard_engine()
            for move in chorus.filtered(lambda m: m.id in xmls):
                move._chorus_guard_record(
                    {
                        "chorus_guard_current_fingerprint": engine.fingerprint(
                            xmls[move.id]
                        )
                    }
                )
        return posted.with_env(self.env)

    def _chorus_guard_autopost(self, soft):
        """Cron: a blocked Chorus invoice stays draft with a message saying
        why; it does not stop the other entries from being posted."""
        this = self.with_context(chorus_guard_autopost=False)
        chorus = this.filtered(lambda move: move._chorus_guard_judged())
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
