# Copyright 2026 Chorus Guard
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import logging

import requests

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

_logger = logging.getLogger(__name__)

# HTTP statuses by which Chorus Pro refuses the server's own credentials: a
# configuration problem the accountant cannot fix.
AUTH_STATUSES = (401, 403)


class _StatusWatchingSession:
    """Wraps OCA's OAuth2 session to remember the last HTTP status, which
    OCA's chorus_post folds into a generic message."""

    def __init__(self, session):
        self.inner = session
        self.last_status = None

    def post(self, *args, **kwargs):
        response = self.inner.post(*args, **kwargs)
        self.last_status = getattr(response, "status_code", None)
        return response

    def __getattr__(self, name):
        return getattr(self.inner, name)


# The mandatory legal notes of a French B2B invoice (BR-FR-05), by their
# UNTDID 4451 subject code, with the wording most companies use by default.
LEGAL_NOTES = (
    (
        "PMT",
        "chorus_guard_note_pmt",
        "Indemnité forfaitaire pour frais de recouvrement en cas de retard de "
        "paiement : 40 €.",
    ),
    (
        "PMD",
        "chorus_guard_note_pmd",
        "Pénalités de retard : trois fois le taux d'intérêt légal, exigibles "
        "dès le lendemain de la date d'échéance.",
    ),
    ("AAB", "chorus_guard_note_aab", "Pas d'escompte pour paiement anticipé."),
)
_NOTE_DEFAULTS = {field: text for _code, field, text in LEGAL_NOTES}


class ResCompany(models.Model):
    _inherit = "res.company"

    chorus_guard_reform_2026 = fields.Boolean(
        string="E-Invoicing Reform (2026)",
        default=False,
        help="Checks the customer invoices and credit notes to French companies "
        "(B2B) that do not go to Chorus Pro against the French e-invoicing "
        "reform's rules (BR-FR), in the form and at posting: an invoice an "
        "accredited platform would reject cannot be confirmed. Invoices to "
        "private persons are never blocked; Chorus Pro invoices keep their own "
        "checks.",
    )
    chorus_guard_note_pmt = fields.Text(
        string="Recovery Fee Note (PMT)",
        default=_NOTE_DEFAULTS["chorus_guard_note_pmt"],
        help="Mandatory note on B2B invoices: the fixed recovery fee in case of "
        "late payment.",
    )
    chorus_guard_note_pmd = fields.Text(
        string="Late Payment Penalties Note (PMD)",
        default=_NOTE_DEFAULTS["chorus_guard_note_pmd"],
        help="Mandatory note on B2B invoices: the late payment penalties.",
    )
    chorus_guard_note_aab = fields.Text(
        string="Early Payment Discount Note (AAB)",
        default=_NOTE_DEFAULTS["chorus_guard_note_aab"],
        help="Mandatory note on B2B invoices: the discount for early payment, "
        "or that there is none.",
    )

    def _chorus_guard_legal_notes(self):
        """The company's legal notes in the engine's shape (empty ones left
        out: the engine then says which one is missing)."""
        self.ensure_one()
        return [
            {"subject_code": code, "content": self[field]}
            for code, field, _default in LEGAL_NOTES
            if (self[field] or "").strip()
        ]

    chorus_guard_ref_mode = fields.Selection(
        [
            ("service_code", "Service code (accountants' guide)"),
            ("engagement", "Engagement number (OCA)"),
        ],
        string="Meaning of the Customer Reference for Chorus",
        default="service_code",
        required=True,
        help="Service code: the invoice's Customer Reference holds the Chorus "
        "service code of the public body's contact (written as BT-10). "
        "Engagement number: it holds the legal engagement number (BT-13), "
        "OCA's convention; the service code then comes from the contact.",
    )

    @api.model
    def _chorus_guard_auth_message(self, status):
        return _(
            "Chorus Pro refused the connection (HTTP %(status)s): technical "
            "problem on the server side, contact the Odoo administrator.",
            status=status,
        )

    @api.model
    def chorus_post(self, api_params, url_path, payload, session=None):
        inner = (
            session.inner if isinstance(session, _StatusWatchingSession) else session
        )
        if inner is None:
            token = self._get_token(api_params)
            from requests_oauthlib import OAuth2Session

            inner = OAuth2Session(api_params["oauth_id"], token=token)
        watched = _StatusWatchingSession(inner)
        try:
            answer, _session = super().chorus_post(
                api_params, url_path, payload, session=watched
            )
        except UserError as err:
            if watched.last_status in AUTH_STATUSES:
                raise UserError(
                    self._chorus_guard_auth_message(watched.last_status)
                ) from err
            raise
        return answer, inner

    def _get_token(self, api_params):
        try:
            return super()._get_token(api_params)
        except UserError as err:
            detail = err.args[0] if err.args else err
            # OCA raises its UserError inside the handler of what went wrong:
            # a requests error there is the network, a JSON error an answer
            # that is not PISTE's; otherwise PISTE refused the identifiers.
            cause = err.__cause__ or err.__context__
            if isinstance(cause, requests.exceptions.RequestException):
                raise UserError(
                    _(
                        "Chorus Pro (PISTE) cannot be reached from the Odoo "
                        "server: network failure or time-out. Nothing was sent; "
                        "try again later, and if it lasts, contact the Odoo "
                        "administrator.\n\nDetail: %(detail)s",
                        detail=detail,
                    )
                ) from err
            if isinstance(cause, ValueError):
                raise UserError(
                    _(
                        "Chorus Pro (PISTE) gave an unreadable answer: the service "
                        "is probably unavailable. Nothing was sent; try again "
                        "later.\n\nDetail: %(detail)s",
                        detail=detail,
                    )
                ) from err
            # PISTE answered and refused the server's OAuth identifiers: the
            # same server-side problem for the user; the detail stays for the
            # administrator.
            raise UserError(
                _(
                    "Chorus Pro cannot be reached with the server's identifiers: "
                    "technical problem on the server side, contact the Odoo "
                    "administrator.\n\nDetail: %(detail)s",
                    detail=detail,
                )
            ) from err

    def chorus_guard_test_connection(self):
        """Administrators: test the Chorus Pro connection and say what is
        wrong. Nothing is sent; no credential is shown."""
        self.ensure_one()
        if not self.env.user.has_group("base.group_system"):
            raise AccessError(
                _("Only the Odoo administrator can test the Chorus Pro connection.")
            )
        self.check_access_rule("read")
        problems = []
        if not self.fr_chorus_invoice_format:
            problems.append(_("the Chorus invoice format is not set"))
        if not self.fr_chorus_api_login:
            problems.append(_("the Chorus technical user login is missing"))
        if not self.fr_chorus_api_password:
            problems.append(_("the Chorus technical user password is missing"))
        if not self.partner_id.siret:
            problems.append(_("the company has no SIRET"))
        if problems:
            raise UserError(
                _(
                    "Chorus Pro connection test for %(company)s: %(problems)s.",
                    company=self.display_name,
                    problems="; ".join(problems),
                )
            )
        api_params = self.chorus_get_api_params(raise_if_ko=True)
        try:
            structure, _session = self.partner_id.fr_chorus_api_structures_rechercher(
                api_params
            )
        except UserError as err:
            raise UserError(
                _(
                    "Chorus Pro connection test for %(company)s failed: "
                    "%(error)s\n\nHTTP 401: check the technical user's login, "
                    "password and its expiry date. HTTP 403: the technical user is "
                    "not attached to this structure or the PISTE application is "
                    "not subscribed to the Chorus Pro API.",
                    company=self.display_name,
                    error=err.args[0] if err.args else err,
                )
            ) from err
        if structure:
            message = _(
                "Chorus Pro answers: connection working, structure %(structure)s "
                "found for SIRET %(siret)s.",
                structure=structure,
                siret=self.partner_id.siret,
            )
            kind = "success"
        else:
            message = _(
                "Chorus Pro answers, but no structure has the company's SIRET "
                "%(siret)s: check the SIRET and the Chorus Pro account.",
                siret=self.partner_id.siret,
            )
            kind = "warning"
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Chorus Pro connection"),
                "message": message,
                "type": kind,
                "sticky": True,
            },
        }
