# Copyright 2026 Chorus Guard
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import logging

from markupsafe import Markup, escape
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..engine import compare, payload

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

    # ------------------------------------------------------------ context

    @api.model
    def _chorus_guard_readable(self, records, check_access):
        if check_access and records:
            records.check_access_rights("read")
            records.check_access_rule("read")
        return records

    @api.model
    def _chorus_guard_partner_values(self, partner):
        service = partner.fr_chorus_service_id
        return {
            "id": partner.id,
            "display_name": partner.display_name,
            "name": partner.name,
            "parent_id": partner.parent_id.id,
            "is_company": partner.is_company,
            "active": partner.active,
            "siret": partner.siret,
            "vat": partner.vat,
            "email": partner.email,
            "street": partner.street,
            "street2": partner.street2,
            "city": partner.city,
            "zip": partner.zip,
            "state_name": partner.state_id.name,
            "country_code": partner.country_id.code,
            "fr_chorus_required": partner.fr_chorus_required,
            "service": service
            and {
                "id": service.id,
                "code": service.code,
                "name": service.name,
                "active": service.active,
                "engagement_required": service.engagement_required,
            },
        }

    @api.model
    def _chorus_guard_company_values(self, company):
        cpartner = company.partner_id
        values = self._chorus_guard_partner_values(cpartner)
        values.update(
            {
                "name": company.name,
                "vat": company.vat or cpartner.vat,
                "email": company.email,
                "phone": company.phone,
                "ref_mode": company.chorus_guard_ref_mode,
            }
        )
        return values

    def _chorus_guard_record_ids(self):
        """The relational ids of the saved record, in the context call's shape."""
        self.ensure_one()
        lines = self.invoice_line_ids.filtered(lambda line: not line.display_type)
        return {
            "partner_id": self.partner_id.id or None,
            "company_id": self.company_id.id or None,
            "payment_mode_id": self.payment_mode_id.id or None,
            "partner_bank_id": self.partner_bank_id.id or None,
            "transmit_method_id": self.transmit_method_id.id or None,
            "currency_id": self.currency_id.id or None,
            "fiscal_position_id": self.fiscal_position_id.id or None,
            "reversed_entry_id": self.reversed_entry_id.id or None,
            "tax_ids": lines.tax_ids.ids,
            "product_uom_ids": lines.product_uom_id.ids,
        }

    def _chorus_guard_build_context(self, ids, check_access=True):
        """What the form lacks, in the engine's shapes (see engine/payload.py).
        ``self`` is the move (or nothing for a new one); ``ids`` the cleaned
        relational ids. With ``check_access``, every record read is checked
        against the user's access rights and record rules first."""
        env = self.env
        move = self[:1]

        def browse(model, record_id):
            return self._chorus_guard_readable(
                env[model].browse(record_id or []), check_access
            )

        partner = browse("res.partner", ids["partner_id"])
        company = browse("res.company", ids["company_id"]) or move.company_id
        if not company:
            company = env.company
        mode = browse("account.payment.mode", ids["payment_mode_id"])
        bank = browse("res.partner.bank", ids["partner_bank_id"])
        if not bank and mode.bank_account_link == "fixed":
            bank = self._chorus_guard_readable(
                mode.fixed_journal_id.bank_account_id, check_access
            )
        method = browse("transmit.method", ids["transmit_method_id"])
        currency = browse("res.currency", ids["currency_id"])
        fiscal_position = browse("account.fiscal.position", ids["fiscal_position_id"])
        reversed_entry = browse("account.move", ids["reversed_entry_id"])
        taxes = browse("account.tax", ids["tax_ids"])
        uoms = browse("uom.uom", ids["product_uom_ids"])

        commercial = self._chorus_guard_readable(
            partner.commercial_partner_id, check_access
        )
        contacts = env["res.partner"]
        if commercial:
            # search() applies the record rules: contacts of another company
            # are simply not offered.
            contacts = env["res.partner"].search(
                [("parent_id", "=", commercial.id), ("is_company", "=", False)],
                limit=MAX_CONTACTS,
                order="id",
            )
        digits = env["decimal.precision"]
        has_uom_code = "unece_code" in env["uom.uom"]._fields
        exemption = fiscal_position.note if fiscal_position else None
        return {
            "partner": payload.context_partner(
                self._chorus_guard_partner_values(partner) if partner else None
            ),
            "commercial_partner": payload.context_commercial_partner(
                self._chorus_guard_partner_values(commercial) if commercial else None,
                [self._chorus_guard_partner_values(c) for c in contacts],
            ),
            "company": payload.context_company(
                self._chorus_guard_company_values(company)
            ),
            "payment_mode": payload.context_payment_mode(
                mode
                and {
                    "id": mode.id,
                    "name": mode.name,
                    "unece_code": mode.payment_method_id.unece_code,
                },
                bank
                and {
                    "acc_number": bank.acc_number,
                    "bank_bic": bank.bank_bic,
                    "acc_holder_name": bank.acc_holder_name,
                },
            ),
            "taxes": {
                str(tax.id): payload.context_tax(
                    {
                        "id": tax.id,
                        "name": tax.name,
                        "amount": tax.amount,
                        "amount_type": tax.amount_type,
                        "unece_categ_code": tax.unece_categ_code,
                    },
                    exemption,
                )
                for tax in taxes
            },
            "uoms": {
                str(uom.id): (uom.unece_code if has_uom_code else None) or None
                for uom in uoms
            },
            "transmit_method_code": method.code or None,
            "currency": currency.name or move.currency_id.name or "EUR",
            "digits": {
                "price_unit": digits.precision_get("Product Price"),
                "quantity": digits.precision_get("Product Unit of Measure"),
                "discount": digits.precision_get("Discount"),
                "tax_rate": payload.DEFAULT_DIGITS["tax_rate"],
            },
            "reversed_entry": payload.context_reversed_entry(
                reversed_entry
                and {
                    "name": reversed_entry.name,
                    "invoice_date": reversed_entry.invoice_date,
                }
            ),
            "last_sent_fingerprint": move.chorus_guard_sent_fingerprint or None,
            "state": move.state or "draft",
            "name": move.name or None,
        }

    @api.model
    def _chorus_guard_browse_checked(self, move_id):
        """The move named by an RPC argument, after access rights and record
        rules: AccessError for a user who may not read it."""
        if isinstance(move_id, bool) or not isinstance(move_id, int) or move_id <= 0:
            raise UserError(_("Chorus Guard: invalid invoice id."))
        move = self.browse(move_id)
        move.check_access_rights("read")
        if not move.exists():
            raise UserError(_("Chorus Guard: this invoice no longer exists."))
        move.check_access_rule("read")
        return move

    @api.model
    def chorus_guard_context(self, move_id=None, values=None):
        """One call for everything the invoice form lacks (public, for the
        browser). ``values``: the form's current relational ids (partner_id,
        company_id, payment_mode_id, partner_bank_id, transmit_method_id,
        currency_id, fiscal_position_id, reversed_entry_id, tax_ids,
        product_uom_ids); without them, the saved record's.

        Returns the engine's shapes, ready to use: ``partner``,
        ``commercial_partner`` (with ``contacts``), ``company`` (with
        ``ref_mode``), ``payment_mode``, ``taxes`` {"id": tax},
        ``uoms`` {"id": UNECE code}, ``transmit_method_code``, ``currency``,
        ``digits`` (the precisions amounts are written with),
        ``reversed_entry``, ``last_sent_fingerprint``, ``state``, ``name``.
        ``engine/payload.py`` builds the same form on the server."""
        self.check_access_rights("read")
        move = self.browse()
        if move_id:
            move = self._chorus_guard_browse_checked(move_id)
        try:
            if values is None and move:
                ids = move._chorus_guard_record_ids()
            else:
                ids = payload.clean_context_values(values)
                if move and not (values or {}).get("reversed_entry_id"):
                    # read-only on the form: the saved value is the form's
                    ids["reversed_entry_id"] = move.reversed_entry_id.id or None
        except payload.PayloadError as err:
            raise UserError(_("Chorus Guard: %(error)s", error=err.message_fr)) from err
        return move._chorus_guard_build_context(ids, check_access=True)

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

    # ------------------------------------------------------------ sending

    def _chorus_guard_render_pdf(self):
        """A freshly rendered invoice PDF, without any embedded XML: never a
        stored report attachment, which may predate the last edit."""
        self.ensure_one()
        report = self.env.ref("account.account_invoices")
        content, _kind = report.with_context(
            chorus_guard_fresh_pdf=True, **{"no_embedded_factur-x_xml": True}
        )._render_qweb_pdf([self.id])
        return content

    def chorus_get_invoice(self, chorus_invoice_format):
        """OCA's Send to Chorus asks here for the file: the engine writes the
        XML from the posted record now, and the Factur-X PDF is rebuilt
        around it."""
        self.ensure_one()
        if not self._chorus_guard_goes_to_chorus() or chorus_invoice_format not in (
            "xml_cii",
            "pdf_factur-x",
        ):
            return super().chorus_get_invoice(chorus_invoice_format)
        if self.state != "posted":
            raise UserError(
                _(
                    "Chorus Guard: the invoice %(invoice)s is not posted: nothing "
                    "was sent.",
                    invoice=self.display_name,
                )
            )
        xml = self._chorus_guard_checked_xml()
        sent = self.env.context.get("chorus_guard_sent")
        if isinstance(sent, dict):
            sent[self.id] = compare.fingerprint(xml)
        if chorus_invoice_format == "xml_cii":
            return xml.encode("utf-8")
        engine = self._chorus_guard_engine()
        try:
            return engine.pdf(self._chorus_guard_render_pdf(), xml)
        except UserError:
            raise
        except Exception as err:
            raise UserError(
                _(
                    "Chorus Guard: the Factur-X PDF of %(invoice)s cannot be built "
                    "(%(error)s).",
                    invoice=self.display_name,
                    error=_engine_message(err),
                )
            ) from err

    def generate_facturx_xml(self):
        """Every Factur-X XML of a Chorus invoice (printing, e-mail, sending)
        is the engine's, so that no other writer's file reaches Chorus."""
        self.ensure_one()
        if not self._chorus_guard_goes_to_chorus():
            return super().generate_facturx_xml()
        try:
            # Not the checked XML: a draft or a blocked invoice can still be
            # printed; sending goes through chorus_get_invoice, which checks.
            xml = load_engine().xml(self._chorus_guard_form_state())
        except Exception as err:
            _logger.warning(
                "Chorus Guard cannot write the XML of %s for the PDF: %s",
                self.id,
                err,
            )
            return super().generate_facturx_xml()
        return (xml.encode("utf-8"), "en16931")

    @api.model
    def chorus_guard_check_browser_xml(self, move_id, xml):
        """Before Send to Chorus, the browser submits the XML it shows; it is
        accepted only if byte-identical to the server's for the saved record.
        The size cap comes first, the XML is never parsed."""
        if isinstance(xml, str) and len(xml) > compare.MAX_XML_BYTES:
            return compare.compare_browser_xml(xml, "")
        move = self._chorus_guard_browse_checked(move_id)
        if move.state != "posted":
            return {
                "ok": False,
                "message": _(
                    "Chorus Guard: only a posted invoice can be sent to Chorus "
                    "Pro; nothing was sent."
                ),
            }
        if not move._chorus_guard_goes_to_chorus():
            return {
                "ok": False,
                "message": _(
                    "Chorus Guard: this invoice does not go to Chorus Pro "
                    "(customer invoice with the Chorus Pro transmission method)."
                ),
            }
        try:
            server_xml = move._chorus_guard_checked_xml()
        except UserError as err:
            return {"ok": False, "message": str(err.args[0] if err.args else err)}
        result = compare.compare_browser_xml(xml, server_xml)
        if not result["ok"]:
            result["message"] = _(
                "Chorus Guard: the file prepared in the browser does not match "
                "the saved invoice. Save or reload the invoice and try again: "
                "nothing was sent."
            )
            if isinstance(xml, (str, bytes)) and len(xml) > compare.MAX_XML_BYTES:
                result["message"] = _(
                    "Chorus Guard: XML file too large; nothing was sent."
                )
        return result

    # ------------------------------------------------------------ resend

    def _chorus_guard_is_stale(self):
        self.ensure_one()
        if (
            self.state != "posted"
            or not self.chorus_guard_sent_fingerprint
            or not self._chorus_guard_goes_to_chorus()
        ):
            return False
        try:
            xml = self._chorus_guard_engine().xml(self._chorus_guard_form_state())
        except Exception as err:  # a display flag never breaks the form
            _logger.warning(
                "Chorus Guard cannot compute the XML of %s: %s", self.id, err
            )
            return False
        return compare.fingerprint(xml) != self.chorus_guard_sent_fingerprint

    def _compute_chorus_guard_to_resend(self):
        for move in self:
            move.chorus_guard_to_resend = move._chorus_guard_is_stale()

    def _search_chorus_guard_to_resend(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(_("Chorus Guard: unsupported search on 'To Resend'."))
        candidates = self.search(
            [
                ("state", "=", "posted"),
                ("move_type", "in", payload.CHORUS_MOVE_TYPES),
                ("transmit_method_code", "=", payload.CHORUS_METHOD_CODE),
                ("chorus_guard_sent_fingerprint", "!=", False),
            ]
        )
        stale = candidates.filtered(lambda move: move._chorus_guard_is_stale())
        wanted = (operator == "=") == bool(value)
        return [("id", "in" if wanted else "not in", stale.ids)]

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
                engine = engine or load_engine()
                explanation = engine.explain(text) or {}
                steps = explanation.get("steps_fr") or []
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
