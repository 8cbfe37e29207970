/* The accountants' guide in the real invoice form: the public body chosen as customer is
 * blocked (CHORUS-CONTACT, Confirm disabled), one click picks its contact, `ref` is filled
 * with the contact's service code, Confirm goes through. Run by tests/test_tour.py. */
odoo.define("l10n_fr_chorus_guard.tour", function (require) {
    "use strict";

    var tour = require("web_tour.tour");

    /** A step that only waits for its trigger. */
    function noop() {
        return undefined;
    }

    function overlap(a, b) {
        return (
            a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom
        );
    }

    /**
     * The form's own layout stays as Odoo draws it: the Chorus Guard boxes never cover the
     * totals (« Montant dû » readable), and no message squeezes into the totals' columns.
     * A violation throws, which fails the tour.
     */
    function checkTotalsUncovered() {
        var totals = document.querySelector(".o_form_view .oe_subtotal_footer");
        var due = document.querySelector(
            ".o_form_view .oe_subtotal_footer [name='amount_residual']"
        );
        if (!totals || !due) {
            throw new Error(
                "Chorus Guard tour: the totals block or « Montant dû » is missing"
            );
        }
        var dueBox = due.getBoundingClientRect();
        if (!dueBox.width || !dueBox.height) {
            throw new Error("Chorus Guard tour: « Montant dû » is not visible");
        }
        var totalsBox = totals.getBoundingClientRect();
        document
            .querySelectorAll(".o_cg_host, .o_cg_preview_host")
            .forEach(function (box) {
                if (
                    box.offsetParent &&
                    overlap(box.getBoundingClientRect(), totalsBox)
                ) {
                    throw new Error(
                        "Chorus Guard tour: " + box.className + " covers the totals"
                    );
                }
            });
        if (totals.querySelector(".o_cg_field_msgs:not([hidden])")) {
            throw new Error(
                "Chorus Guard tour: a message sits inside the totals block"
            );
        }
        var hit = document.elementFromPoint(
            (dueBox.left + dueBox.right) / 2,
            (dueBox.top + dueBox.bottom) / 2
        );
        if (!hit || !(due === hit || due.contains(hit) || hit.contains(due))) {
            throw new Error(
                "Chorus Guard tour: something is drawn over « Montant dû »"
            );
        }
    }

    tour.register(
        "l10n_fr_chorus_guard_tour",
        // No url: the tour runs on the invoice the test opens (a url would navigate away).
        {test: true},
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
                trigger:
                    ".ui-autocomplete .ui-menu-item a:containsExactText('Aix Marseille Université (visite)')",
            },
            {
                content: "CHORUS-CONTACT blocks, next to the customer and in the panel",
                trigger:
                    ".o_cg_panel [data-rule='CHORUS-CONTACT'][data-severity='block']",
                extra_trigger:
                    ".o_field_widget[name='partner_id'] + .o_cg_field_msgs [data-rule='CHORUS-CONTACT']",
                run: noop,
            },
            {
                content: "Confirm is disabled while the block stands",
                trigger: ".o_statusbar_buttons button[name='action_post'][disabled]",
                run: noop,
            },
            {
                content: "Pick the contact in one click",
                trigger:
                    ".o_cg_panel [data-rule='CHORUS-CONTACT'] button[data-fix='pick_partner']",
            },
            {
                content: "Open the Other Info tab, where `ref` (Customer Reference) is",
                trigger:
                    ".o_notebook .nav-link:contains('Other Info'), .o_notebook .nav-link:contains('Autres informations')",
                extra_trigger: ".o_form_view.o_form_editable",
            },
            {
                content: "The contact is the customer and `ref` holds its service code",
                trigger:
                    ".o_field_widget[name='ref']:not(.o_invisible_modifier):propValue('04AMIDEX')",
                extra_trigger:
                    ".o_field_widget[name='partner_id'] input:propValue('Aix Marseille Université (visite), AIX MARSEILLE UNIVERSITE')",
                run: noop,
            },
            {
                content: "No block left: Confirm",
                trigger:
                    ".o_statusbar_buttons button[name='action_post']:not([disabled]):visible",
                extra_trigger: ".o_cg_panel[data-blocking='0']",
            },
            {
                content: "The invoice is posted",
                trigger: ".o_statusbar_buttons button[name='button_draft']:visible",
                extra_trigger: ".o_cg_preview[data-draft='0']",
                run: noop,
            },
            {
                content: "Open the Invoice Lines tab, where the totals are",
                trigger:
                    ".o_notebook .nav-link:contains('Invoice Lines'), .o_notebook .nav-link:contains('Lignes de facture')",
            },
            {
                content:
                    "The totals of the posted invoice are not covered (« Montant dû » readable)",
                trigger:
                    ".o_form_view .oe_subtotal_footer [name='amount_residual']:visible",
                extra_trigger: ".o_cg_preview[data-draft='0']",
                run: function () {
                    var due = document.querySelector(
                        ".o_form_view .oe_subtotal_footer [name='amount_residual']"
                    );
                    due.scrollIntoView({block: "center"});
                    checkTotalsUncovered();
                },
            },
            {
                content: "Send to Chorus: the browser's XML goes to the server first",
                trigger:
                    ".o_statusbar_buttons button.o_cg_send_chorus:not([disabled]):visible",
            },
            {
                // The server rebuilt the file from the saved invoice and found the very
                // bytes of the browser's: OCA's send wizard opens (it is not run here).
                content:
                    "The server accepted the browser's file: the send wizard opens",
                trigger: ".modal-footer button[name='run']",
                run: noop,
            },
            {
                content: "Close the wizard without sending",
                trigger: ".modal-footer button[special='cancel']",
            },
        ]
    );

    /* The French reform (issue 14): with the company's setting on, a B2B invoice to a
     * French company without SIREN is judged live by the reform's rules, in the same
     * panel, and Confirm waits; the billing framework chosen on the invoice is read
     * live. Run by tests/test_reform.py. */
    tour.register("l10n_fr_chorus_guard_reform_tour", {test: true}, [
        {
            content: "The engine runs in the form: the Chorus Guard panel is there",
            trigger: ".o_form_view .o_cg_host[data-engine='ready'] .o_cg_panel",
            run: noop,
        },
        {
            content:
                "BR-FR-11 (the customer's SIREN) blocks, beside the customer and in the panel",
            trigger: ".o_cg_panel [data-rule='BR-FR-11'][data-severity='block']",
            extra_trigger:
                ".o_field_widget[name='partner_id'] + .o_cg_field_msgs [data-rule='BR-FR-11']",
            run: noop,
        },
        {
            content: "No Chorus Pro note: the reform judges this invoice",
            trigger: ".o_cg_panel:not(:has([data-rule='CHORUS-SCOPE']))",
            run: noop,
        },
        {
            content: "Confirm is disabled while the block stands",
            trigger: ".o_statusbar_buttons button[name='action_post'][disabled]",
            run: noop,
        },
        {
            content:
                "The lines have no product: the billing framework is « à compléter »",
            trigger: ".o_cg_panel [data-rule='BR-FR-08'][data-shown='todo']",
            run: noop,
        },
        {
            content: "Edit the draft invoice",
            trigger: ".o_form_button_edit",
        },
        {
            content: "Open the Other Info tab, where the billing framework is",
            trigger:
                ".o_notebook .nav-link:contains('Other Info'), .o_notebook .nav-link:contains('Autres informations')",
            // Once the form is re-rendered for editing: a click on the read-only form's
            // tab is lost when the editable one replaces it.
            extra_trigger: ".o_form_view.o_form_editable",
        },
        {
            content: "Choose the framework S1 (services)",
            trigger:
                "select.o_field_widget[name='chorus_guard_billing_framework']:visible",
            run: function () {
                var select = document.querySelector(
                    "select.o_field_widget[name='chorus_guard_billing_framework']"
                );
                var option = Array.prototype.find.call(select.options, function (o) {
                    return o.textContent.trim().indexOf("S1") === 0;
                });
                select.value = option.value;
                select.dispatchEvent(new Event("change", {bubbles: true}));
            },
        },
        {
            content: "The framework is known: BR-FR-08 is gone, BR-FR-11 stays",
            trigger: ".o_cg_panel:not(:has([data-rule='BR-FR-08']))",
            extra_trigger: ".o_cg_panel [data-rule='BR-FR-11']",
            run: noop,
        },
    ]);
});
