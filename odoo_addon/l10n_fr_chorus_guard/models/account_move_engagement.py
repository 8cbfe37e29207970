# Copyright 2026 Chorus Guard
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The engagement number (BT-13, « engagement juridique ») on the invoice,
where the guide's convention keeps it apart from `ref`, and OCA's checks of
it."""

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..engine import payload

# Chorus Pro's limit on BT-13, the engagement number.
ENGAGEMENT_MAX = 50
# The customer settings (OCA's fr_chorus_required) under which an engagement
# number may be asked for on the invoice.
ENGAGEMENT_SETTINGS = ("engagement", "service_and_engagement", "service_or_engagement")


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
