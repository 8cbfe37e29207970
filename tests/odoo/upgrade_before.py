# Run by tests/odoo/run.sh through `odoo-bin shell`, on a database where the addon's
# previous release is installed (after e2e_setup.py has configured the company): what an
# accountant's database holds before the administrator upgrades the addon — a posted
# invoice and a draft one, to a private customer (never judged) — so that
# upgrade_after.py can check they come through the upgrade.
company = env.user.company_id
Partner = env["res.partner"]
customer = Partner.search([("name", "=", "Client particulier (upgrade)")], limit=1) or Partner.create(
    {"name": "Client particulier (upgrade)", "company_type": "person"}
)


def invoice(ref):
    return env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": customer.id,
            "ref": ref,
            "invoice_line_ids": [(0, 0, {"name": "Prestation", "quantity": 1, "price_unit": 100})],
        }
    )


posted = invoice("upgrade-posted")
posted.action_post()
draft = invoice("upgrade-draft")
env.cr.commit()
print("upgrade before: done (posted %s, draft %s)" % (posted.name, draft.id))
