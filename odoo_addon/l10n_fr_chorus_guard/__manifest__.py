# Copyright 2026 Chorus Guard
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Chorus Guard",
    "summary": "Checks Chorus Pro invoices in the form and on the server, "
    "and sends only the current Factur-X file",
    "version": "14.0.1.2.0",
    "category": "French Localization",
    "license": "AGPL-3",
    "author": "Chorus Guard",
    "development_status": "Beta",
    # account_edi_facturx (auto-installed with account) so that a Chorus
    # invoice PDF carries one factur-x.xml, the engine's.
    "depends": [
        "account",
        "account_edi_facturx",
        "l10n_fr_chorus_account",
        "l10n_fr_chorus_facturx",
    ],
    "external_dependencies": {"python": ["wasmtime"]},
    "data": [
        "views/assets.xml",
        "views/account_move_views.xml",
        "views/account_move_form_js_class.xml",
        "views/res_config_settings_views.xml",
    ],
    # Refuses to install without the built engines (hooks.py).
    "pre_init_hook": "pre_init_hook",
    "installable": True,
}
