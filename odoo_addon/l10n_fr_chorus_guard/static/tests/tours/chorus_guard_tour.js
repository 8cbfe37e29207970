/* The accountants' guide in the real invoice form: the public body chosen as customer is
 * blocked (CHORUS-CONTACT, Confirm disabled), one click picks its contact, `ref` is filled
 * with the contact's service code, Confirm goes through. Run by tests/test_tour.py. */
odoo.define("l10n_fr_chorus_guard.tour", function (require) {
    "use strict";

    var tour = require("web_tour.tour");

    function noop() {}

    tour.register(
        "l10n_fr_chorus_guard_tour",
        // No url: the tour runs on the invoice the test opens (a url would navigate away).
        { test: true },
        [
            {
                content: "The engine runs in the form: the Chorus Guard panel is there",
                trigger: ".o_form_view .o_cg_host[data-engine='ready'] .o_cg_panel",
                run: noop,
            },
            {
                content: "Edit the draft invoice",
                trigger: ".o_form_button_edit",
            },
            {
                content: "Type the public body as customer",
                trigger: ".o_field_widget[name='partner_id'] input",
                run: "text Aix Marseille Université (visite)",
            },
            {
                content: "Choose the public body itself (not its contact)",
                trigger: ".ui-autocomplete .ui-menu-item a:containsExactText('Aix Marseille Université (visite)')",
            },
            {
                content: "CHORUS-CONTACT blocks, next to the customer and in the panel",
                trigger: ".o_cg_panel [data-rule='CHORUS-CONTACT'][data-severity='block']",
                extra_trigger: ".o_field_widget[name='partner_id'] + .o_cg_field_msgs [data-rule='CHORUS-CONTACT']",
                run: noop,
            },
            {
                content: "Confirm is disabled while the block stands",
                trigger: ".o_statusbar_buttons button[name='action_post'][disabled]",
                run: noop,
            },
            {
                content: "Pick the contact in one click",
                trigger: ".o_cg_panel [data-rule='CHORUS-CONTACT'] button[data-fix='pick_partner']",
            },
            {
                content: "Open the Other Info tab, where `ref` (Customer Reference) is",
                trigger: ".o_notebook .nav-link:contains('Other Info'), .o_notebook .nav-link:contains('Autres informations')",
            },
            {
                content: "The contact is the customer and `ref` holds its service code",
                trigger: ".o_field_widget[name='ref']:not(.o_invisible_modifier):propValue('04AMIDEX')",
                extra_trigger: ".o_field_widget[name='partner_id'] input:propValue('Aix Marseille Université (visite), AIX MARSEILLE UNIVERSITE')",
                run: noop,
            },
            {
                content: "No block left: Confirm",
                trigger: ".o_statusbar_buttons button[name='action_post']:not([disabled]):visible",
                extra_trigger: ".o_cg_panel[data-blocking='0']",
            },
            {
                content: "The invoice is posted",
                trigger: ".o_statusbar_buttons button[name='button_draft']:visible",
                extra_trigger: ".o_cg_preview[data-draft='0']",
                run: noop,
            },
            {
                content: "Send to Chorus: the browser's XML goes to the server first",
                trigger: ".o_statusbar_buttons button.o_cg_send_chorus:not([disabled]):visible",
            },
            {
                // The server rebuilt the file from the saved invoice and found the very
                // bytes of the browser's: OCA's send wizard opens (it is not run here).
                content: "The server accepted the browser's file: the send wizard opens",
                trigger: ".modal-footer button[name='run']",
                run: noop,
            },
            {
                content: "Close the wizard without sending",
                trigger: ".modal-footer button[special='cancel']",
            },
        ]
    );
});
