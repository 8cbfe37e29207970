# Copyright 2026 Chorus Guard
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    chorus_guard_ref_mode = fields.Selection(
        related="company_id.chorus_guard_ref_mode", readonly=False
    )

    chorus_guard_reform_2026 = fields.Boolean(
        related="company_id.chorus_guard_reform_2026", readonly=False
    )
    chorus_guard_note_pmt = fields.Text(
        related="company_id.chorus_guard_note_pmt", readonly=False
    )
    chorus_guard_note_pmd = fields.Text(
        related="company_id.chorus_guard_note_pmd", readonly=False
    )
    chorus_guard_note_aab = fields.Text(
        related="company_id.chorus_guard_note_aab", readonly=False
    )

    def chorus_guard_test_connection(self):
        self.ensure_one()
        return self.company_id.chorus_guard_test_connection()
