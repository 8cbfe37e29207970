# Copyright 2026 Chorus Guard
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""« To Resend » became a stored flag: the invoices sent before this version
get the fingerprint of their file as it is now, so that the flag is right
from the upgrade on."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["account.move"].search(
        [("state", "=", "posted"), ("chorus_guard_sent_fingerprint", "!=", False)]
    )._chorus_guard_refresh_current()
