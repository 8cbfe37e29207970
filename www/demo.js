/* The stand-alone demo: the Odoo 14 customer invoice form of the accountants' guide, driven
 * by the real Chorus Guard engine (WebAssembly) and the shared UI layer (ChorusGuardUI).
 *
 * Every rule, amount and file comes from the engine: this script only holds the form's
 * values, builds the form state the engine reads (amounts as decimal strings), and plays
 * Odoo's part (onchanges, Confirm, Reset to draft) and Chorus Pro's (a labelled simulation).
 */
(function () {
    "use strict";

    var LIB = "../odoo_addon/l10n_fr_chorus_guard/static/lib/chorus_guard/";

    // What Chorus Pro answers for the rules the guide met, in its own wording.
    var CHORUS_WORDING = {
        "CHORUS-CONTACT": "Vous devez sélectionner un contact comme adresse de facturation",
        "CHORUS-SERVICE-MISSING": "Le code service doit être obligatoirement renseigné",
        "CHORUS-SERVICE-REF": "Le code service doit être obligatoirement renseigné",
    };

    var FLOW_DEPOSITED = "IN_DEPOT_PORTAIL_EN_ATTENTE_TRAITEMENT_SE_CPP";
    var FLOW_INTEGRATED = "INTEGRE";
    var FLOW_REJECTED = "REJETE";

    var data = null;
    var engine = null;
    // The PDF module's URLs (version.json); the module itself is fetched on first use.
    var pdfModuleOptions = null;
    var pdfModuleLoaded = false;
    var ui = null;
    var lang = "fr";

    // The form's values, as Odoo's record would hold them.
    var rec = null;
    // Derived on each refresh.
    var current = { form: null, xml: null, diagnostics: [], blocking: false, shownBlocking: false };
    var pdfBase = null; // {name, bytes} when the user dropped a PDF

    function $(selector) {
        return document.querySelector(selector);
    }

    function byName(name) {
        return document.querySelector('#invoice_form [name="' + name + '"]');
    }

    // ---------------------------------------------------------------- values

    /** "2 600,50" or "2600.50" -> "2600.50"; null when it is not a decimal number. */
    function decimalString(text) {
        var s = String(text || "")
            .replace(/[\s\u00a0\u202f]/g, "")
            .replace(",", ".");
        return /^-?\d+(\.\d+)?$/.test(s) ? s : null;
    }

    /** "2600.5" -> "2 600,50 €", by string surgery: never through a float. */
    function money(value) {
        if (value === null || value === undefined || value === "") {
            return "—";
        }
        var s = String(value);
        var negative = s.charAt(0) === "-";
        if (negative) {
            s = s.slice(1);
        }
        var parts = s.split(".");
        var whole = parts[0] || "0";
        var frac = (parts[1] || "").slice(0, 2);
        while (frac.length < 2) {
            frac += "0";
        }
        var grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, "\u202f");
        return (negative ? "-" : "") + grouped + "," + frac + "\u00a0€";
    }

    /** "02/04/2026" or "2026-04-02" -> "2026-04-02"; null otherwise. */
    function isoDate(text) {
        var s = String(text || "").trim();
        var m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
        var y, mo, d;
        if (m) {
            d = +m[1];
            mo = +m[2];
            y = +m[3];
        } else {
            m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
            if (!m) {
                return null;
            }
            y = +m[1];
            mo = +m[2];
            d = +m[3];
        }
        var days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        if (mo < 1 || mo > 12 || d < 1 || d > days[mo - 1]) {
            return null;
        }
        return y + "-" + (mo < 10 ? "0" : "") + mo + "-" + (d < 10 ? "0" : "") + d;
    }

    function frDate(iso) {
        if (!iso) {
            return "";
        }
        var p = iso.split("-");
        return p[2] + "/" + p[1] + "/" + p[0];
    }

    function todayIso() {
        var now = new Date();
        var m = now.getMonth() + 1;
        var d = now.getDate();
        return now.getFullYear() + "-" + (m < 10 ? "0" : "") + m + "-" + (d < 10 ? "0" : "") + d;
    }

    /** The sample record of `list` (data.partners, data.taxes…) with this id, or null. */
    function byId(list, id) {
        for (var i = 0; i < list.length; i++) {
            if (list[i].id === id) {
                return list[i];
            }
        }
        return null;
    }

    function partnerById(id) {
        return byId(data.partners, id);
    }

    function taxById(id) {
        return byId(data.taxes, id);
    }

    function paymentModeById(id) {
        return byId(data.payment_modes, id);
    }

    // ------------------------------------------------------- the engine's input

    /** A sample partner as the engine's `Partner` (only the fields it knows). */
    function enginePartner(p) {
        var out = { id: p.id, display_name: p.display_name };
        ["name", "parent_id", "is_company", "service", "siret", "siren", "vat", "email", "address"].forEach(function (k) {
            if (p[k] !== undefined && p[k] !== null) {
                out[k] = p[k];
            }
        });
        return out;
    }

    function commercialOf(p) {
        var top = p.parent_id ? partnerById(p.parent_id) || p : p;
        var out = { id: top.id, name: top.name || top.display_name };
        ["fr_chorus_required", "siret", "siren", "vat", "address"].forEach(function (k) {
            if (top[k] !== undefined && top[k] !== null) {
                out[k] = top[k];
            }
        });
        out.contacts = data.partners
            .filter(function (c) {
                return c.parent_id === top.id;
            })
            .map(enginePartner);
        return out;
    }

    /**
     * The number the engine sees. A draft has none yet ("/"): `_post()` assigns it at
     * Confirm. The draft's preview is the file Confirm will produce, so the engine gets
     * the number Confirm would take: otherwise BR-02 would block the very Confirm that
     * fixes it.
     */
    function engineName() {
        if (rec.name && rec.name !== "/") {
            return rec.name;
        }
        return rec.state === "draft" ? nextNumber(engineDate(rec.invoice_date)) : "/";
    }

    /** Likewise `_post()` dates an undated invoice today. */
    function engineDate(text) {
        var iso = isoDate(text);
        if (iso || rec.state !== "draft" || String(text || "").trim() !== "") {
            return iso;
        }
        return todayIso();
    }

    /** The form state the engine reads (src/form/state.rs), amounts as strings. */
    function formState() {
        var partner = rec.partner_id ? partnerById(rec.partner_id) : null;
        var mode = rec.payment_mode_id ? paymentModeById(rec.payment_mode_id) : null;
        var name = engineName();
        var form = {
            move_type: "out_invoice",
            state: rec.state,
            name: name,
            partner: partner ? enginePartner(partner) : null,
            commercial_partner: partner ? commercialOf(partner) : null,
            transmit_method_code: rec.transmit_method_code || null,
            ref: rec.ref,
            payment_mode: null,
            payment_reference: name !== "/" ? name : null,
            company: data.company,
            invoice_date: engineDate(rec.invoice_date),
            invoice_date_due: isoDate(rec.invoice_date_due) || (rec.state === "draft" ? engineDate(rec.invoice_date) : null),
            currency: "EUR",
            lines: rec.lines.map(function (l) {
                var tax = taxById(l.tax_id);
                var taxCopy = tax ? JSON.parse(JSON.stringify(tax)) : null;
                return {
                    name: l.name,
                    quantity: decimalString(l.quantity) || "0",
                    uom_code: "C62",
                    price_unit: decimalString(l.price_unit) || "0",
                    taxes: taxCopy ? [taxCopy] : [],
                };
            }),
            last_sent_fingerprint: rec.last_sent_fingerprint || null,
        };
        // The reform's billing framework (BT-23), when chosen; the engine derives it otherwise.
        if (rec.billing_framework) {
            form.billing_framework = rec.billing_framework;
        }
        if (mode) {
            form.payment_mode = { id: mode.id, name: mode.name, code: mode.code };
            var iban = (rec.bank || "").trim();
            if (iban) {
                form.payment_mode.iban = iban;
                if (mode.bic) {
                    form.payment_mode.bic = mode.bic;
                }
            }
        }
        return form;
    }

    function messageOf(err) {
        return err && err.message ? err.message : String(err);
    }

    // ------------------------------------------------------------- refreshing

    /**
     * Runs the engine on the current values and updates everything shown. Called
     * synchronously from every `input` event: no debounce, the engine is fast enough
     * and the UI layer updates in place.
     */
    function refresh() {
        if (!engine) {
            return;
        }
        var form = formState();
        var diagnostics = [];
        var engineError = null;
        var xml = null;
        var xmlError = null;
        // check and xml from one reading of the form.
        try {
            var both = engine.check_and_xml(form, {});
            diagnostics = both.diagnostics;
            xml = both.xml;
            xmlError = both.xml_error ? both.xml_error.message : null;
        } catch (err) {
            engineError = messageOf(err);
            xmlError = engineError;
        }
        var blocking = ui.render(diagnostics);
        ui.showPreview(xml, { draft: rec.state === "draft", error: xmlError });
        current = {
            form: form,
            xml: xml,
            diagnostics: diagnostics,
            blocking: blocking || engineError !== null,
            shownBlocking: ui.shownBlocking() || engineError !== null,
        };
        renderTotals(form);
        renderTabMarks();
        renderStale(engineError);
        renderButtons();
    }

    /** Amounts as the engine computes them for the file (decimal strings, EN 16931 rounding). */
    function renderTotals(form) {
        var invoice = null;
        try {
            invoice = engine.to_invoice(form, { completed: true });
        } catch (err) {
            invoice = null;
        }
        var totals = (invoice && invoice.totals) || {};
        setText(byName("amount_untaxed"), money(totals.tax_exclusive));
        setText(byName("amount_tax"), money(totals.tax_total));
        setText(byName("amount_total"), money(totals.grand_total));
        var rows = document.querySelectorAll("#lines_body tr");
        var lines = (invoice && invoice.lines) || [];
        for (var i = 0; i < rows.length; i++) {
            var cell = rows[i].querySelector('[name="price_subtotal"]');
            var line = lines[i];
            setText(cell, line && line.net_amount !== undefined ? money(line.net_amount) : "—");
        }
    }

    /** A tab whose pane holds a diagnostic says so, as the field itself may be out of sight. */
    function renderTabMarks() {
        var tabs = document.querySelectorAll(".o_notebook [data-tab]");
        for (var i = 0; i < tabs.length; i++) {
            var pane = document.querySelector('.o_notebook [data-pane="' + tabs[i].getAttribute("data-tab") + '"]');
            var block = !!pane.querySelector(".o_cg_field_msgs:not([hidden]) .o_cg_block");
            var warn = !block && !!pane.querySelector(".o_cg_field_msgs:not([hidden]) .o_cg_warn");
            tabs[i].classList.toggle("o_cg_tab_block", block);
            tabs[i].classList.toggle("o_cg_tab_warn", warn);
        }
    }

    function setText(node, text) {
        if (node && node.textContent !== text) {
            node.textContent = text;
        }
    }

    /**
     * The engine's CHORUS-STALE, when it stands: the file at Chorus Pro is not the one the
     * form stands for. The engine decides (it compares the XML it wrote with the one sent,
     * `last_sent_fingerprint`); the demo only shows its words.
     */
    function staleNotice() {
        for (var i = 0; i < current.diagnostics.length; i++) {
            var d = current.diagnostics[i];
            if (d.rule === "CHORUS-STALE") {
                return { fr: d.message_fr, en: d.message_en };
            }
        }
        return null;
    }

    function renderStale(engineError) {
        var alert = $("#stale_alert");
        if (engineError !== null) {
            ui.setNotice({
                kind: "error",
                fr: "Le moteur refuse le formulaire : " + engineError,
                en: "The engine refused the form: " + engineError,
            });
            alert.hidden = true;
            alert.removeAttribute("data-notice");
            return;
        }
        var notice = staleNotice();
        ui.setNotice(notice ? { kind: "stale", fr: notice.fr, en: notice.en } : null);
        if (notice) {
            alert.hidden = false;
            alert.setAttribute("data-notice", "stale");
            setText(alert, lang === "en" ? notice.en : notice.fr);
        } else {
            alert.hidden = true;
            alert.removeAttribute("data-notice");
        }
    }

    function renderButtons() {
        var draft = rec.state === "draft";
        var post = byName("action_post");
        var send = byName("chorus_send");
        var reset = byName("button_draft");
        var update = byName("update_flow_status");
        var chorus = rec.transmit_method_code === "fr-chorus";
        post.hidden = !draft;
        post.disabled = current.shownBlocking;
        reset.hidden = draft;
        send.hidden = draft || !chorus;
        send.disabled = current.shownBlocking;
        var blockTitle = current.shownBlocking
            ? lang === "en"
                ? "Chorus Guard: fix the blocking problems first"
                : "Chorus Guard : corrigez d'abord les problèmes bloquants"
            : "";
        post.title = blockTitle;
        send.title = blockTitle;
        update.hidden = !(rec.flow && rec.flow.status === FLOW_DEPOSITED);
        var unguarded = document.querySelector('[name="chorus_send_unguarded"]');
        unguarded.hidden = draft || !chorus || !current.blocking;
        var status = document.querySelectorAll('.o_statusbar_status [data-value]');
        for (var i = 0; i < status.length; i++) {
            var on = status[i].getAttribute("data-value") === rec.state;
            status[i].classList.toggle("btn-primary", on);
            status[i].setAttribute("aria-current", on ? "step" : "false");
        }
        var form = $("#invoice_form");
        form.setAttribute("data-state", rec.state);
        var name = draft && (!rec.name || rec.name === "/") ? "Brouillon" : rec.name;
        setText(byName("name"), name);
        setText($("#breadcrumb_name"), name);
        setText(byName("payment_reference"), draft ? "" : rec.name);
        // Odoo 14 locks what _post() fixed; `ref`, the payment mode and the bank account stay
        // editable on a posted invoice, which is how the guide's stale-file trap happens.
        var locked = !draft;
        $("#partner_input").readOnly = locked;
        $("#invoice_date_input").readOnly = locked;
        $("#invoice_date_due_input").readOnly = locked;
        var lineInputs = document.querySelectorAll("#lines_body input, #lines_body select, #lines_body button");
        for (var j = 0; j < lineInputs.length; j++) {
            lineInputs[j].disabled = locked;
        }
        byName("add_line").hidden = locked;
        byName("chorus_guard_billing_framework").disabled = locked;
    }

    // --------------------------------------------------------------- the form

    function fillSelect(select, options, value) {
        select.innerHTML = "";
        options.forEach(function (o) {
            var opt = document.createElement("option");
            opt.value = String(o.value);
            opt.textContent = o.label;
            select.appendChild(opt);
        });
        select.value = value === null || value === undefined ? "" : String(value);
    }

    function renderAddress() {
        var p = rec.partner_id ? partnerById(rec.partner_id) : null;
        var box = $("#partner_address");
        box.textContent = "";
        if (!p) {
            return;
        }
        var a = p.address || {};
        var top = p.parent_id ? partnerById(p.parent_id) : p;
        var lines = [a.line1, [a.postcode, a.city].filter(Boolean).join(" "), a.country === "FR" ? "France" : a.country];
        if (top && top.vat) {
            lines.push(top.vat);
        }
        if (p.service) {
            lines.push("Code service Chorus : [" + p.service.code + "]");
        }
        lines.filter(Boolean).forEach(function (l) {
            var div = document.createElement("div");
            div.textContent = l;
            box.appendChild(div);
        });
    }

    function lineRow(line, index) {
        var tr = document.createElement("tr");
        tr.className = "o_data_row";
        tr.setAttribute("data-line", String(index));

        function cell(cls) {
            var td = document.createElement("td");
            td.className = cls || "";
            tr.appendChild(td);
            return td;
        }
        function input(td, name, value, cls) {
            var i = document.createElement("input");
            i.type = "text";
            i.name = name;
            i.className = "o_input " + (cls || "");
            i.value = value;
            i.autocomplete = "off";
            td.appendChild(i);
            return i;
        }
        input(cell("o_cg_col_label"), "name", line.name);
        input(cell("o_cg_col_num"), "quantity", String(line.quantity).replace(".", ","), "o_cg_num");
        input(cell("o_cg_col_num"), "price_unit", String(line.price_unit).replace(".", ","), "o_cg_num");
        var taxSelect = document.createElement("select");
        taxSelect.name = "tax_ids";
        taxSelect.className = "o_input";
        cell("o_cg_col_tax").appendChild(taxSelect);
        fillSelect(
            taxSelect,
            data.taxes.map(function (t) {
                return { value: t.id, label: t.name };
            }),
            line.tax_id
        );
        var sub = cell("o_cg_col_num o_cg_amount");
        sub.setAttribute("name", "price_subtotal");
        var trash = document.createElement("button");
        trash.type = "button";
        trash.name = "delete_line";
        trash.className = "o_list_record_remove btn btn-link";
        trash.title = "Supprimer la ligne";
        trash.textContent = "\u00d7";
        cell("o_cg_col_trash").appendChild(trash);
        return tr;
    }

    function renderLines() {
        var body = $("#lines_body");
        body.textContent = "";
        rec.lines.forEach(function (line, i) {
            body.appendChild(lineRow(line, i));
        });
    }

    function onLineInput(ev) {
        var tr = ev.target.closest("tr[data-line]");
        if (!tr) {
            return;
        }
        var line = rec.lines[+tr.getAttribute("data-line")];
        if (!line) {
            return;
        }
        var name = ev.target.name;
        if (name === "name") {
            line.name = ev.target.value;
        } else if (name === "quantity" || name === "price_unit") {
            line[name] = ev.target.value;
            ev.target.classList.toggle("o_field_invalid", decimalString(ev.target.value) === null);
        } else if (name === "tax_ids") {
            line.tax_id = +ev.target.value;
        }
        refresh();
    }

    function writeFields() {
        $("#partner_input").value = rec.partner_id ? partnerById(rec.partner_id).display_name : "";
        $("#invoice_date_input").value = frDate(isoDate(rec.invoice_date)) || rec.invoice_date || "";
        $("#invoice_date_due_input").value = frDate(isoDate(rec.invoice_date_due)) || rec.invoice_date_due || "";
        byName("transmit_method_id").value = rec.transmit_method_code || "";
        byName("ref").value = rec.ref || "";
        byName("chorus_guard_billing_framework").value = rec.billing_framework || "";
        byName("payment_mode_id").value = rec.payment_mode_id ? String(rec.payment_mode_id) : "";
        byName("partner_bank_id").value = rec.bank || "";
        renderAddress();
    }

    // ------------------------------------------------ customer (many2one) field

    var dropdown = { items: [], active: -1 };

    function fold(s) {
        return s
            .normalize("NFD")
            .replace(/[\u0300-\u036f]/g, "")
            .toLowerCase();
    }

    function openDropdown(text) {
        var ul = $("#partner_dropdown");
        var q = fold(text.trim());
        dropdown.items = data.partners.filter(function (p) {
            return q === "" || fold(p.display_name).indexOf(q) !== -1;
        });
        dropdown.active = dropdown.items.length ? 0 : -1;
        ul.textContent = "";
        dropdown.items.forEach(function (p, i) {
            var li = document.createElement("li");
            li.className = "ui-menu-item";
            li.setAttribute("role", "option");
            li.setAttribute("data-partner-id", String(p.id));
            var a = document.createElement("a");
            a.className = "dropdown-item ui-menu-item-wrapper" + (i === 0 ? " ui-state-active" : "");
            a.textContent = p.display_name;
            li.appendChild(a);
            ul.appendChild(li);
        });
        ul.hidden = dropdown.items.length === 0;
    }

    function closeDropdown() {
        $("#partner_dropdown").hidden = true;
        dropdown.active = -1;
    }

    function moveActive(step) {
        var lis = document.querySelectorAll("#partner_dropdown li a");
        if (!lis.length) {
            return;
        }
        dropdown.active = (dropdown.active + step + lis.length) % lis.length;
        for (var i = 0; i < lis.length; i++) {
            lis[i].classList.toggle("ui-state-active", i === dropdown.active);
        }
    }

    /**
     * Odoo's onchange on the customer: the transmission method follows the customer's,
     * then an EMPTY `ref` takes the engine's proposed value (the contact's service code).
     * A `ref` the user typed is never overwritten.
     */
    function selectPartner(id) {
        var p = partnerById(id);
        rec.partner_id = p ? p.id : null;
        if (p && p.transmit_method_code) {
            rec.transmit_method_code = p.transmit_method_code;
        }
        closeDropdown();
        writeFields();
        refresh();
        if (!(rec.ref || "").trim()) {
            var fill = null;
            current.diagnostics.forEach(function (d) {
                if (d.fix && d.fix.action === "set" && d.fix.field === "ref" && d.fix.value) {
                    fill = d.fix.value;
                }
            });
            if (fill !== null) {
                rec.ref = fill;
                byName("ref").value = fill;
                refresh();
            }
        }
    }

    // ------------------------------------------------------ Odoo's buttons

    function nextNumber(iso) {
        var p = (iso || todayIso()).split("-");
        var n = String(rec.next_number || 1);
        while (n.length < 4) {
            n = "0" + n;
        }
        return "INV/" + p[0] + "/" + p[1] + "/" + n;
    }

    /** action_post: number and dates are fixed, as `_post()` does. */
    function post() {
        refresh();
        if (current.blocking && ui.revealAll()) {
            refresh();
        }
        if (current.blocking || rec.state !== "draft") {
            return;
        }
        if (!isoDate(rec.invoice_date)) {
            rec.invoice_date = todayIso();
        }
        if (!isoDate(rec.invoice_date_due)) {
            rec.invoice_date_due = isoDate(rec.invoice_date);
        }
        if (!rec.name || rec.name === "/") {
            rec.name = nextNumber(isoDate(rec.invoice_date));
            rec.next_number = (rec.next_number || 1) + 1;
        }
        rec.state = "posted";
        writeFields();
        refresh();
    }

    function resetToDraft() {
        if (rec.state !== "posted") {
            return;
        }
        rec.state = "draft";
        refresh();
    }

    // --------------------------------------------- the Chorus Pro simulation

    function flowNumber() {
        var n = String(1000000 + Math.floor(Math.random() * 8999999));
        return "CPP00111170000000" + n;
    }

    function nowFr() {
        var d = new Date();
        function two(x) {
            return (x < 10 ? "0" : "") + x;
        }
        return (
            two(d.getDate()) + "/" + two(d.getMonth() + 1) + "/" + d.getFullYear() + " " +
            two(d.getHours()) + ":" + two(d.getMinutes()) + ":" + two(d.getSeconds())
        );
    }

    /**
     * Send to Chorus: the XML of the CURRENT state goes, never a file kept from Confirm.
     * The simulated portal rejects exactly what the engine blocks, in Chorus's words.
     */
    function sendToChorus() {
        if (rec.state !== "posted") {
            return;
        }
        refresh();
        var sent = current;
        var blocks = sent.diagnostics.filter(function (d) {
            return d.severity === "block";
        });
        rec.flow = {
            number: flowNumber(),
            file: "factur-x_chorus_facture_" + rec.name.replace(/\//g, "-") + ".pdf",
            date: nowFr(),
            status: FLOW_DEPOSITED,
            rejection: null,
            buyer_reference: null,
        };
        if (blocks.length || sent.xml === null) {
            var first = blocks[0];
            var text = first ? CHORUS_WORDING[first.rule] || first.message_fr : "Fichier illisible";
            rec.flow.status = FLOW_REJECTED;
            rec.flow.rejection = { text: text, explanation: null };
        }
        readSentFile(rec.flow, sent.xml);
        // What the server stores at a send: the fingerprint of the file sent.
        rec.last_sent_fingerprint = sent.xml !== null ? engine.fingerprint(sent.xml) : null;
        rec.last_sent_xml = sent.xml;
        renderFlow();
        refresh();
    }

    /**
     * What the portal read in the file (BT-10), and for a rejection the guide's steps: both
     * come from the PDF module (read, explain), fetched on the first send. The flow shows
     * at once; these fill in when the module is there (`data-reading` meanwhile).
     */
    function readSentFile(flow, xml) {
        var box = $("#chorus_flow");
        box.setAttribute("data-reading", "1");
        pdfModule()
            .then(
                function (m) {
                    if (xml !== null) {
                        try {
                            flow.buyer_reference = m.read(xml).buyer_reference || "";
                        } catch (err) {
                            flow.buyer_reference = null;
                        }
                    }
                    if (flow.rejection) {
                        try {
                            flow.rejection.explanation = m.explain(flow.rejection.text);
                        } catch (err) {
                            flow.rejection.explanation = null;
                        }
                    }
                },
                function (err) {
                    ui.setNotice({ kind: "error", fr: "Chorus Pro : " + messageOf(err), en: "Chorus Pro: " + messageOf(err) });
                }
            )
            .then(function () {
                // A later send replaced this flow: its own reading fills the panel.
                if (rec.flow === flow) {
                    box.removeAttribute("data-reading");
                    renderFlow();
                }
            });
    }

    function updateFlowStatus() {
        if (rec.flow && rec.flow.status === FLOW_DEPOSITED) {
            rec.flow.status = FLOW_INTEGRATED;
            rec.flow.date = nowFr();
        }
        renderFlow();
        renderButtons();
    }

    function renderFlow() {
        var flow = rec.flow;
        $("#chorus_sim_idle").hidden = !!flow;
        $("#chorus_flow").hidden = !flow;
        if (!flow) {
            return;
        }
        var service = (rec.ref || "").trim();
        setText(
            $("#chorus_flow_path"),
            "Factures / " + rec.name + (service ? " (" + service + ")" : "") + " / " + flow.number + " (" + flow.status + ")"
        );
        var status = $("#chorus_flow_status");
        setText(status, flow.status);
        status.setAttribute("data-status", flow.status);
        setText($("#chorus_flow_file"), flow.file);
        setText($("#chorus_flow_date"), flow.date);
        // What the portal read in the file it took; a rejected file was not taken.
        $("#chorus_flow_bt10").parentNode.hidden = !!flow.rejection;
        setText($("#chorus_flow_bt10"), flow.buyer_reference === null ? "—" : flow.buyer_reference || "(vide)");
        var box = $("#chorus_rejection");
        box.hidden = !flow.rejection;
        var steps = $("#chorus_rejection_steps");
        steps.textContent = "";
        if (flow.rejection) {
            setText($("#chorus_rejection_text"), "Rejet : « " + flow.rejection.text + " »");
            var ex = flow.rejection.explanation;
            var list = ex ? (lang === "en" ? ex.steps_en : ex.steps_fr) || [] : [];
            list.forEach(function (s) {
                var li = document.createElement("li");
                li.textContent = s;
                steps.appendChild(li);
            });
        }
    }

    // -------------------------------------------------------------- downloads

    function pdfBytes() {
        if (pdfBase) {
            return Promise.resolve(pdfBase.bytes);
        }
        return fetch("sample-invoice.pdf").then(function (r) {
            if (!r.ok) {
                throw new Error("sample-invoice.pdf : HTTP " + r.status);
            }
            return r.arrayBuffer().then(function (b) {
                return new Uint8Array(b);
            });
        });
    }

    function onDownload(kind) {
        refresh();
        if (current.xml === null) {
            return;
        }
        var xml = current.xml;
        if (kind === "xml") {
            ChorusGuardUI.download("factur-x.xml", xml, "application/xml");
            return;
        }
        var loading = null;
        if (!pdfModuleLoaded) {
            loading = { kind: "loading", fr: "PDF : chargement du module PDF…", en: "PDF: loading the PDF module…" };
            ui.setNotice(loading);
        }
        Promise.all([pdfBytes(), pdfModule()])
            .then(function (res) {
                var out = res[1].pdf(res[0], xml);
                var base = rec.name && rec.name !== "/" ? rec.name.replace(/\//g, "-") : "brouillon";
                // Typing meanwhile already replaced the notice; otherwise the form's own again.
                if (loading && ui.notice === loading) {
                    refresh();
                }
                ChorusGuardUI.download("factur-x_" + base + ".pdf", out, "application/pdf");
            })
            .catch(function (err) {
                ui.setNotice({ kind: "error", fr: "PDF : " + messageOf(err), en: "PDF: " + messageOf(err) });
            });
    }

    /**
     * The PDF module (pdf, extract, read, explain): a second WebAssembly module, fetched on
     * first use — the PDF code is most of the engine's weight and typing never needs it. The loader
     * loads it once; a failed load is tried again on the next call.
     */
    function pdfModule() {
        return window.ChorusGuardEngine.loadPdf(pdfModuleOptions).then(function (m) {
            pdfModuleLoaded = true;
            return m;
        });
    }

    function takePdf(file) {
        if (!file) {
            return;
        }
        // A dropped PDF is for the Factur-X download: fetch its module now, while the user
        // looks; a failure is reported by the download itself.
        pdfModule().catch(function () {});
        file.arrayBuffer().then(function (buf) {
            pdfBase = { name: file.name, bytes: new Uint8Array(buf) };
            var text = $("#pdf_drop_text");
            text.textContent = "";
            text.appendChild(document.createTextNode("PDF de base : "));
            var b = document.createElement("b");
            b.textContent = file.name;
            text.appendChild(b);
        });
    }

    // ----------------------------------------------------------------- wiring

    function wire() {
        $("#invoice_form").addEventListener("focusout", function (ev) {
            var named = ev.target && ev.target.closest && ev.target.closest("[name]");
            var lines = ev.target && ev.target.closest && ev.target.closest("#lines_body");
            var field = lines ? "invoice_line_ids" : named && named.getAttribute("name");
            // As in the Odoo form: leaving a field turns its « à compléter » into what it is.
            if (field && ui.reveal(field)) {
                refresh();
            }
        });
        var partnerInput = $("#partner_input");
        partnerInput.addEventListener("input", function () {
            if (partnerInput.readOnly) {
                return;
            }
            openDropdown(partnerInput.value);
            if (partnerInput.value.trim() === "" && rec.partner_id !== null) {
                rec.partner_id = null;
                renderAddress();
                refresh();
            }
        });
        partnerInput.addEventListener("focus", function () {
            if (!partnerInput.readOnly) {
                openDropdown("");
            }
        });
        partnerInput.addEventListener("keydown", function (ev) {
            if ($("#partner_dropdown").hidden) {
                return;
            }
            if (ev.key === "ArrowDown") {
                moveActive(1);
                ev.preventDefault();
            } else if (ev.key === "ArrowUp") {
                moveActive(-1);
                ev.preventDefault();
            } else if (ev.key === "Enter") {
                var p = dropdown.items[dropdown.active];
                if (p) {
                    selectPartner(p.id);
                }
                ev.preventDefault();
            } else if (ev.key === "Escape") {
                closeDropdown();
            }
        });
        partnerInput.addEventListener("blur", function () {
            // Odoo restores the chosen record's name when the typed text matched nothing.
            closeDropdown();
            var p = rec.partner_id ? partnerById(rec.partner_id) : null;
            partnerInput.value = p ? p.display_name : "";
        });
        // mousedown, not click: it must win against the input's blur.
        $("#partner_dropdown").addEventListener("mousedown", function (ev) {
            var li = ev.target.closest("li[data-partner-id]");
            if (li) {
                ev.preventDefault();
                selectPartner(+li.getAttribute("data-partner-id"));
            }
        });

        $("#invoice_date_input").addEventListener("input", function (ev) {
            rec.invoice_date = ev.target.value;
            ev.target.classList.toggle("o_field_invalid", ev.target.value !== "" && !isoDate(ev.target.value));
            refresh();
        });
        $("#invoice_date_due_input").addEventListener("input", function (ev) {
            rec.invoice_date_due = ev.target.value;
            ev.target.classList.toggle("o_field_invalid", ev.target.value !== "" && !isoDate(ev.target.value));
            refresh();
        });
        byName("transmit_method_id").addEventListener("change", function (ev) {
            rec.transmit_method_code = ev.target.value || null;
            refresh();
        });
        byName("ref").addEventListener("input", function (ev) {
            rec.ref = ev.target.value;
            refresh();
        });
        byName("chorus_guard_billing_framework").addEventListener("change", function (ev) {
            rec.billing_framework = ev.target.value || null;
            refresh();
        });
        byName("payment_mode_id").addEventListener("change", function (ev) {
            rec.payment_mode_id = ev.target.value ? +ev.target.value : null;
            var mode = paymentModeById(rec.payment_mode_id);
            rec.bank = mode && mode.iban ? mode.iban : "";
            writeFields();
            refresh();
        });
        byName("partner_bank_id").addEventListener("input", function (ev) {
            rec.bank = ev.target.value;
            refresh();
        });

        var body = $("#lines_body");
        body.addEventListener("input", onLineInput);
        body.addEventListener("change", function (ev) {
            if (ev.target.name === "tax_ids") {
                onLineInput(ev);
            }
        });
        body.addEventListener("click", function (ev) {
            var trash = ev.target.closest('button[name="delete_line"]');
            if (!trash) {
                return;
            }
            var tr = trash.closest("tr[data-line]");
            rec.lines.splice(+tr.getAttribute("data-line"), 1);
            renderLines();
            refresh();
        });
        byName("add_line").addEventListener("click", function (ev) {
            ev.preventDefault();
            rec.lines.push({ name: "", quantity: "1", price_unit: "0", tax_id: data.taxes[0].id });
            renderLines();
            refresh();
            var inputs = document.querySelectorAll('#lines_body tr:last-child input[name="name"]');
            if (inputs.length) {
                inputs[0].focus();
            }
        });

        var tabs = document.querySelectorAll(".o_notebook [data-tab]");
        for (var i = 0; i < tabs.length; i++) {
            tabs[i].addEventListener("click", function (ev) {
                ev.preventDefault();
                showTab(ev.currentTarget.getAttribute("data-tab"));
            });
        }

        byName("action_post").addEventListener("click", post);
        byName("button_draft").addEventListener("click", resetToDraft);
        byName("chorus_send").addEventListener("click", sendToChorus);
        byName("update_flow_status").addEventListener("click", updateFlowStatus);
        document.querySelector('[name="chorus_send_unguarded"]').addEventListener("click", sendToChorus);

        var drop = $("#pdf_drop");
        drop.querySelector("input").addEventListener("change", function (ev) {
            takePdf(ev.target.files && ev.target.files[0]);
        });
        drop.addEventListener("dragover", function (ev) {
            ev.preventDefault();
            drop.classList.add("o_cg_drop_over");
        });
        drop.addEventListener("dragleave", function () {
            drop.classList.remove("o_cg_drop_over");
        });
        drop.addEventListener("drop", function (ev) {
            ev.preventDefault();
            drop.classList.remove("o_cg_drop_over");
            takePdf(ev.dataTransfer.files && ev.dataTransfer.files[0]);
        });
    }

    function showTab(name) {
        var tabs = document.querySelectorAll(".o_notebook [data-tab]");
        for (var i = 0; i < tabs.length; i++) {
            tabs[i].classList.toggle("active", tabs[i].getAttribute("data-tab") === name);
        }
        var panes = document.querySelectorAll(".o_notebook [data-pane]");
        for (var j = 0; j < panes.length; j++) {
            var on = panes[j].getAttribute("data-pane") === name;
            panes[j].hidden = !on;
            panes[j].classList.toggle("active", on);
        }
    }

    /** Where a diagnostic's field is shown: Odoo's field names, as in the form view. */
    function fieldElement(field) {
        if (field === "partner_id") {
            return byName("partner_id");
        }
        return byName(field);
    }

    function onFix(fix) {
        if (fix.action === "pick_partner") {
            selectPartner(fix.choice.id);
        } else if (fix.action === "set") {
            if (fix.field === "ref") {
                rec.ref = fix.value;
                showTab("other");
            } else if (fix.field === "invoice_date" || fix.field === "invoice_date_due") {
                rec[fix.field] = fix.value;
            } else if (fix.field === "transmit_method_id") {
                rec.transmit_method_code = fix.value;
            }
            writeFields();
            refresh();
        }
    }

    // --------------------------------------------------------------- startup

    function loadEngine() {
        return fetch(LIB + "version.json", { cache: "no-store" })
            .then(function (r) {
                if (!r.ok) {
                    throw new Error(
                        "moteur non construit (" + LIB + "version.json : HTTP " + r.status + ") — lancez « npm start »"
                    );
                }
                return r.json();
            })
            .then(function (v) {
                // The build writes versioned names ("chorus_guard_bg.wasm?v=<sha>"); a bare
                // name still gets the version, so no browser ever keeps a stale engine.
                function versioned(file) {
                    return LIB + file + (file.indexOf("?") === -1 ? "?v=" + encodeURIComponent(v.version || "0") : "");
                }
                pdfModuleOptions = {
                    glueUrl: versioned(v.pdf_glue || "chorus_guard_pdf.js"),
                    wasmUrl: versioned(v.pdf_wasm || "chorus_guard_pdf_bg.wasm"),
                };
                return window.ChorusGuardEngine.load({
                    glueUrl: versioned(v.glue || "chorus_guard.js"),
                    wasmUrl: versioned(v.wasm || "chorus_guard_bg.wasm"),
                });
            });
    }

    function start() {
        var status = $("#engine_status");
        Promise.all([
            fetch("data/demo.json").then(function (r) {
                return r.json();
            }),
            loadEngine(),
        ])
            .then(function (res) {
                data = res[0];
                engine = res[1];
                var inv = data.invoice;
                rec = {
                    state: inv.state,
                    name: "/",
                    partner_id: inv.partner_id,
                    transmit_method_code: inv.transmit_method_code,
                    ref: inv.ref || "",
                    billing_framework: null,
                    payment_mode_id: inv.payment_mode_id,
                    bank: (paymentModeById(inv.payment_mode_id) || {}).iban || "",
                    invoice_date: frDate(inv.invoice_date),
                    invoice_date_due: frDate(inv.invoice_date_due),
                    next_number: inv.next_number,
                    lines: inv.lines.map(function (l) {
                        return { name: l.name, quantity: l.quantity, price_unit: l.price_unit, tax_id: l.tax_id };
                    }),
                    last_sent_fingerprint: null,
                    flow: null,
                };
                fillSelect(
                    byName("transmit_method_id"),
                    [{ value: "", label: "" }].concat(
                        data.transmit_methods.map(function (m) {
                            return { value: m.code, label: m.name };
                        })
                    ),
                    rec.transmit_method_code
                );
                fillSelect(
                    byName("payment_mode_id"),
                    [{ value: "", label: "" }].concat(
                        data.payment_modes.map(function (m) {
                            return { value: m.id, label: m.name };
                        })
                    ),
                    rec.payment_mode_id
                );
                ui = ChorusGuardUI.create({
                    panel: $("#guard_panel"),
                    preview: $("#guard_preview"),
                    fieldElement: fieldElement,
                    onFix: onFix,
                    onDownload: onDownload,
                    onLang: function (l) {
                        lang = l;
                        renderFlow();
                        refresh();
                    },
                });
                renderLines();
                writeFields();
                wire();
                refresh();
                renderFlow();
                var version = "";
                try {
                    version = engine.version();
                } catch (err) {
                    version = "?";
                }
                status.textContent = "Moteur Chorus Guard " + version + " chargé.";
                status.setAttribute("data-ready", "1");
                document.documentElement.setAttribute("data-engine", "ready");
            })
            .catch(function (err) {
                status.textContent = "Le moteur n'a pas pu être chargé : " + messageOf(err);
                status.classList.add("o_cg_engine_error");
                document.documentElement.setAttribute("data-engine", "error");
            });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
