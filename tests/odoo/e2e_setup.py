# Run by tests/odoo/run.sh through `odoo-bin shell` on the test database, after the addon's
# tests and before the end-to-end test (tests/e2e/odoo_form.test.mjs). The e2e creates its
# own public body, contact and service code, but takes from the database what an
# accountant's company has configured once:
#   - the company (the admin's) French, with a SIRET and a VAT number: Chorus needs the
#     seller's SIRET (BT-30) and l10n_fr_chorus_account refuses to post without it;
#   - Référence client filled with the service code (the accountants' guide);
#   - a default sale tax with UNECE codes (VAT, S): the e2e's line takes the company's
#     default tax and the engine needs the VAT category of each line;
#   - an inbound payment mode with a fixed bank journal holding an IBAN, whose payment
#     method has a UNECE code (OCA gives Odoo's manual method code 30): Chorus needs the
#     payment means and, for 30, the IBAN.
# Idempotent: what exists already is reused. Demo data must not be a precondition, so
# everything is searched by its own name.
IBAN = "FR76 1382 5002 0008 0132 8023 592"
company = env.user.company_id
fr = env.ref("base.fr")
company.write(
    {
        "street": company.street or "12 rue de la République",
        "zip": "26400",
        "city": "Crest",
        "country_id": fr.id,
        "vat": "FR17852147362",
        "chorus_guard_ref_mode": "service_code",
    }
)
company.partner_id.write({"siren": "852147362", "nic": "00010"})

Tax = env["account.tax"]
tax = Tax.search(
    [("name", "=", "TVA collectée 20 % (e2e)"), ("company_id", "=", company.id)], limit=1
) or Tax.create(
    {
        "name": "TVA collectée 20 % (e2e)",
        "amount": 20.0,
        "amount_type": "percent",
        "type_tax_use": "sale",
        "company_id": company.id,
        "unece_type_id": env.ref("account_tax_unece.tax_type_vat").id,
        "unece_categ_id": env.ref("account_tax_unece.tax_categ_s").id,
    }
)
company.account_sale_tax_id = tax

bank = env["res.partner.bank"].search(
    [("sanitized_acc_number", "=", IBAN.replace(" ", ""))], limit=1
) or env["res.partner.bank"].create(
    {"acc_number": IBAN, "partner_id": company.partner_id.id, "company_id": company.id}
)
Journal = env["account.journal"]
journal = Journal.search(
    [("code", "=", "BCGE"), ("company_id", "=", company.id)], limit=1
) or Journal.create(
    {
        "name": "Banque Chorus Guard (e2e)",
        "type": "bank",
        "code": "BCGE",
        "bank_account_id": bank.id,
        "company_id": company.id,
    }
)
method = env.ref("account.account_payment_method_manual_in")
if not method.unece_id:
    method.unece_id = env.ref("account_payment_unece.payment_means_30")
Mode = env["account.payment.mode"]
mode = Mode.search(
    [("name", "=", "Virement bancaire (e2e)"), ("company_id", "=", company.id)], limit=1
) or Mode.create(
    {
        "name": "Virement bancaire (e2e)",
        "payment_type": "inbound",
        "payment_method_id": method.id,
        "bank_account_link": "fixed",
        "fixed_journal_id": journal.id,
        "company_id": company.id,
    }
)
env.cr.commit()
print(
    "e2e setup: done (company %s, tax %s, payment mode %s, IBAN %s)"
    % (company.name, tax.name, mode.name, bank.acc_number)
)
