# Copyright 2026 Chorus Guard
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The one context call: what the invoice form lacks, in the engine's
shapes."""

from odoo import _, api, models
from odoo.exceptions import UserError

from ..engine import payload
from .account_move import MAX_CONTACTS


class AccountMove(models.Model):
    _inherit = "account.move"

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
            "siren": partner.siren,
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
                "reform_2026": company.chorus_guard_reform_2026,
                "legal_notes": company._chorus_guard_legal_notes(),
            }
        )
        return values

    def _chorus_guard_record_ids(self):
        """The relational ids of the saved record, in the context call's shape."""
        self.ensure_one()
        # Iterated, not filtered(): the lines keep the batch's prefetch, so
        # the taxes of every invoice's lines are read in one query.
        tax_ids, uom_ids, product_ids = {}, {}, {}
        for line in self.invoice_line_ids:
            if not line.display_type:
                tax_ids.update(dict.fromkeys(line.tax_ids.ids))
                if line.product_uom_id:
                    uom_ids[line.product_uom_id.id] = None
                if line.product_id:
                    product_ids[line.product_id.id] = None
        return {
            "partner_id": self.partner_id.id or None,
            "company_id": self.company_id.id or None,
            "payment_mode_id": self.payment_mode_id.id or None,
            "partner_bank_id": self.partner_bank_id.id or None,
            "transmit_method_id": self.transmit_method_id.id or None,
            "currency_id": self.currency_id.id or None,
            "fiscal_position_id": self.fiscal_position_id.id or None,
            "reversed_entry_id": self.reversed_entry_id.id or None,
            "tax_ids": list(tax_ids),
            "product_uom_ids": list(uom_ids),
            "product_ids": list(product_ids),
        }

    def _chorus_guard_build_context(self, ids, check_access=True):
        """What the form lacks, in the engine's shapes (see engine/payload.py).
        ``self`` is the move (or nothing for a new one); ``ids`` the cleaned
        relational ids. With ``check_access``, every record read is checked
        against the user's access rights and record rules first."""
        return self._chorus_guard_build_contexts([(self[:1], ids)], check_access)[0]

    def _chorus_guard_build_contexts(self, pairs, check_access=True):
        """The contexts of several forms, ``pairs`` [(move, ids)], with the
        related records of all of them read together: one query per model for
        a batch of invoices instead of one per invoice and model."""
        env = self.env

        def union(model, key, many=False):
            wanted = set()
            for _move, ids in pairs:
                value = ids.get(key)
                wanted.update(value if many else [value] if value else [])
            records = self._chorus_guard_readable(
                env[model].browse(sorted(wanted)), check_access
            )
            return {record.id: record for record in records}

        partners = union("res.partner", "partner_id")
        companies = union("res.company", "company_id")
        modes = union("account.payment.mode", "payment_mode_id")
        banks = union("res.partner.bank", "partner_bank_id")
        methods = union("transmit.method", "transmit_method_id")
        currencies = union("res.currency", "currency_id")
        positions = union("account.fiscal.position", "fiscal_position_id")
        reversed_entries = union("account.move", "reversed_entry_id")
        taxes = union("account.tax", "tax_ids", many=True)
        uoms = union("uom.uom", "product_uom_ids", many=True)
        products = union("product.product", "product_ids", many=True)

        # The customers' public bodies, read (and checked) together.
        self._chorus_guard_readable(
            env["res.partner"].browse(list(partners)).commercial_partner_id,
            check_access,
        )
        digits = env["decimal.precision"]
        precisions = {
            "price_unit": digits.precision_get("Product Price"),
            "quantity": digits.precision_get("Product Unit of Measure"),
            "discount": digits.precision_get("Discount"),
            "tax_rate": payload.DEFAULT_DIGITS["tax_rate"],
        }
        has_uom_code = "unece_code" in env["uom.uom"]._fields
        tax_values = {
            tax_id: {
                "id": tax.id,
                "name": tax.name,
                "amount": tax.amount,
                "amount_type": tax.amount_type,
                "unece_categ_code": tax.unece_categ_code,
            }
            for tax_id, tax in taxes.items()
        }
        uom_codes = {
            str(uom_id): (uom.unece_code if has_uom_code else None) or None
            for uom_id, uom in uoms.items()
        }
        # service, consu or product: the billing framework's letter (reform).
        product_types = {
            str(product_id): product.type for product_id, product in products.items()
        }
        partner_values = {}

        def partner_vals(partner):
            if partner.id not in partner_values:
                partner_values[partner.id] = self._chorus_guard_partner_values(partner)
            return partner_values[partner.id]

        company_values = {}
        contact_lists = {}
        contexts = []
        for move, ids in pairs:
            partner = partners.get(ids["partner_id"]) or env["res.partner"]
            company = companies.get(ids["company_id"]) or move.company_id or env.company
            if company.id not in company_values:
                company_values[company.id] = payload.context_company(
                    self._chorus_guard_company_values(company)
                )
            mode = modes.get(ids["payment_mode_id"]) or env["account.payment.mode"]
            bank = banks.get(ids["partner_bank_id"]) or env["res.partner.bank"]
            if not bank and mode.bank_account_link == "fixed":
                bank = self._chorus_guard_readable(
                    mode.fixed_journal_id.bank_account_id, check_access
                )
            method = methods.get(ids["transmit_method_id"])
            currency = currencies.get(ids["currency_id"])
            fiscal_position = positions.get(ids["fiscal_position_id"])
            reversed_entry = reversed_entries.get(ids["reversed_entry_id"])
            commercial = (
                partner.commercial_partner_id if partner else env["res.partner"]
            )
            key = (commercial.id, company.id)
            if commercial and key not in contact_lists:
                contact_lists[key] = [
                    partner_vals(contact)
                    for contact in self._chorus_guard_contacts(commercial, company)
                ]
            exemption = fiscal_position.note if fiscal_position else None
            contexts.append(
                {
                    "partner": payload.context_partner(
                        partner_vals(partner) if partner else None
                    ),
                    "commercial_partner": payload.context_commercial_partner(
                        partner_vals(commercial) if commercial else None,
                        contact_lists.get(key, ()),
                    ),
                    "company": company_values[company.id],
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
                        str(tax_id): payload.context_tax(tax_values[tax_id], exemption)
                        for tax_id in ids["tax_ids"]
                        if tax_id in tax_values
                    },
                    "uoms": {
                        str(uom_id): uom_codes[str(uom_id)]
                        for uom_id in ids["product_uom_ids"]
                        if str(uom_id) in uom_codes
                    },
                    "products": {
                        str(product_id): product_types[str(product_id)]
                        for product_id in ids.get("product_ids") or ()
                        if str(product_id) in product_types
                    },
                    "transmit_method_code": (method.code if method else None) or None,
                    "currency": (currency.name if currency else None)
                    or move.currency_id.name
                    or "EUR",
                    "digits": dict(precisions),
                    "reversed_entry": payload.context_reversed_entry(
                        reversed_entry
                        and {
                            "name": reversed_entry.name,
                            "invoice_date": reversed_entry.invoice_date,
                        }
                    ),
                    "last_sent_fingerprint": move.chorus_guard_sent_fingerprint or None,
                    "chorus_flow": payload.context_chorus_flow(
                        move.chorus_flow_id
                        and {
                            "name": move.chorus_flow_id.name,
                            "status": move.chorus_flow_id.status,
                        }
                    ),
                    "state": move.state or "draft",
                    "name": move.name or None,
                }
            )
        return contexts

    def _chorus_guard_contacts(self, commercial, company):
        """The contacts CHORUS-CONTACT may offer: those of the public body
        that the invoice's company may use. search() also applies the user's
        record rules when the context is built for the browser; the company
        domain holds for the server's own (sudo) reading too, so that a
        refusal never names another company's contact."""
        return self.env["res.partner"].search(
            [
                ("parent_id", "=", commercial.id),
                ("is_company", "=", False),
                ("company_id", "in", [False, company.id]),
            ],
            limit=MAX_CONTACTS,
            order="id",
        )

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
        product_uom_ids, product_ids); without them, the saved record's.

        Returns the engine's shapes, ready to use: ``partner``,
        ``commercial_partner`` (with ``contacts``), ``company`` (with
        ``ref_mode``), ``payment_mode``, ``taxes`` {"id": tax},
        ``uoms`` {"id": UNECE code}, ``products`` {"id": product type},
        ``transmit_method_code``, ``currency``,
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
