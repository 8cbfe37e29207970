# Run by tests/odoo/run.sh through `odoo-bin shell` after `-u l10n_fr_chorus_guard` has
# upgraded the database upgrade_before.py filled under the previous release. Prints
# « upgrade check: done » only if the upgraded database is what an administrator expects:
# the new version installed, the reform setting off with its notes filled for the existing
# company, the invoices kept, the draft still posts (a private customer is never judged).
import os

module = env["ir.module.module"].search([("name", "=", "l10n_fr_chorus_guard")])
expected = os.environ["CHORUS_GUARD_VERSION"]
assert module.state == "installed", module.state
assert module.latest_version == expected, (module.latest_version, expected)
company = env.user.company_id
assert company.chorus_guard_reform_2026 is False
notes = [company.chorus_guard_note_pmt, company.chorus_guard_note_pmd, company.chorus_guard_note_aab]
assert all(notes), "the reform's legal notes are filled for an existing company: %r" % notes
Move = env["account.move"]
posted = Move.search([("ref", "=", "upgrade-posted")], limit=1)
draft = Move.search([("ref", "=", "upgrade-draft")], limit=1)
assert posted.state == "posted" and posted.amount_untaxed == 100, (posted.state, posted.amount_untaxed)
assert not posted.chorus_guard_billing_framework and not posted.chorus_guard_already_paid
assert draft.state == "draft"
draft.action_post()
assert draft.state == "posted"
env.cr.rollback()
print("upgrade check: done (%s -> %s, company %s)" % (os.environ["CHORUS_GUARD_FROM"], expected, company.name))
