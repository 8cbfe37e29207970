/* Chorus Guard — the engine live in Odoo 14's invoice form (`js_class="chorus_guard_form"`).
 *
 * Registered synchronously: an unknown js_class makes Odoo 14 silently drop the form, so
 * nothing here waits for the engine. The engine (WebAssembly) loads lazily, once per page,
 * from a versioned URL; when it cannot load, the form works as usual, a discreet notice
 * says so, and the server-side guard (the posting check, the XML comparison at send) holds.
 *
 * Each keystroke (`input`: Odoo 14 commits text fields only on `change`) and each confirmed
 * change (after the onchanges) builds the form state, runs `check` and `xml`, renders the
 * diagnostics next to the fields and in the « Chorus Guard » panel, and disables Confirm and
 * Send to Chorus while a `block` stands.
 */
odoo.define("l10n_fr_chorus_guard.ChorusGuardForm", function (require) {
    "use strict";

    var core = require("web.core");
    var FormController = require("web.FormController");
    var FormRenderer = require("web.FormRenderer");
    var FormView = require("web.FormView");
    var fieldUtils = require("web.field_utils");
    var viewRegistry = require("web.view_registry");

    var _t = core._t;

    var LIB = "/l10n_fr_chorus_guard/static/lib/chorus_guard/";
    /** Class set on OCA's « Send to Chorus » button by views/account_move_form_js_class.xml. */
    var SEND_CLASS = "o_cg_send_chorus";
    var GUARDED_BUTTONS = 'button[name="action_post"], button.' + SEND_CLASS;
    var MAX_CONTEXTS = 20;

    var enginePromise = null;

    function injectScript(url) {
        return new Promise(function (resolve, reject) {
            var script = document.createElement("script");
            script.src = url;
            script.onload = function () {
                resolve();
            };
            script.onerror = function () {
                reject(new Error(url + ": not loaded"));
            };
            document.head.appendChild(script);
        });
    }

    /** The engine, loaded once for the whole web client. */
    function loadEngine() {
        if (!enginePromise) {
            enginePromise = fetch(LIB + "version.json", {
                cache: "no-store",
                credentials: "same-origin",
            })
                .then(function (response) {
                    if (!response.ok) {
                        throw new Error(LIB + "version.json: HTTP " + response.status);
                    }
                    return response.json();
                })
                .then(function (v) {
                    // version.json names the files with their content hash (?v=…): a new
                    // build is never hidden by a cached engine.
                    var options = {
                        glueUrl: LIB + (v.glue || "chorus_guard.js?v=" + v.version),
                        wasmUrl:
                            LIB + (v.wasm || "chorus_guard_bg.wasm?v=" + v.version),
                    };
                    return window.ChorusGuardEngine.load(options).catch(function () {
                        // The glue in the bundle may be older than this .wasm: Odoo keeps
                        // serving its bundle until restarted after an update. The glue of
                        // the same build redefines the factory; then one more try.
                        return injectScript(options.glueUrl).then(function () {
                            return window.ChorusGuardEngine.load(options);
                        });
                    });
                });
        }
        return enginePromise;
    }

    function messageOf(error) {
        if (!error) {
            return "";
        }
        if (error.message && typeof error.message === "object") {
            // An RPC error: {message: {data: {message}}} in Odoo 14.
            var data = error.message.data;
            return (
                (data && data.message) || error.message.message || String(error.message)
            );
        }
        return error.message || String(error);
    }

    /** The user's today, as `_post()` would date an undated invoice (fields.Date.context_today). */
    function todayIso() {
        var d = new Date();
        var pad = function (n) {
            return (n < 10 ? "0" : "") + n;
        };
        return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
    }

    function parseUserFloat(raw) {
        return fieldUtils.parse.float(raw);
    }

    var ChorusGuardFormRenderer = FormRenderer.extend({
        init: function () {
            this._super.apply(this, arguments);
            // Kept across re-renders (mode switch, reload): the panel keeps its state.
            this.cgHost = document.createElement("div");
            this.cgHost.className = "o_cg_host";
            // The Factur-X preview is long: under the sheet's content, not above it.
            this.cgPreviewHost = document.createElement("div");
            this.cgPreviewHost.className = "o_cg_preview_host";
        },
        /**
         * Each full render rebuilds the DOM: put the panel back at the top of the sheet and
         * let the controller re-place the messages and re-disable the buttons.
         */
        _renderView: function () {
            var self = this;
            return this._super.apply(this, arguments).then(function (result) {
                self._cgPlaceHost();
                self.trigger_up("chorus_guard_rendered");
                return result;
            });
        },
        _cgPlaceHost: function () {
            if (!this.el) {
                return;
            }
            var sheet = this.el.querySelector(".o_form_sheet");
            var parent = sheet || this.el;
            if (
                this.cgHost.parentNode !== parent ||
                parent.firstChild !== this.cgHost
            ) {
                parent.insertBefore(this.cgHost, parent.firstChild);
            }
            if (
                this.cgPreviewHost.parentNode !== parent ||
                parent.lastChild !== this.cgPreviewHost
            ) {
                parent.appendChild(this.cgPreviewHost);
            }
        },
    });

    var ChorusGuardFormController = FormController.extend({
        custom_events: Object.assign({}, FormController.prototype.custom_events, {
            chorus_guard_rendered: "_onChorusGuardRendered",
        }),

        init: function () {
            this._super.apply(this, arguments);
            this._cg = {
                engine: null,
                loadError: null,
                ui: null,
                contexts: {},
                contextOrder: [],
                inflight: {},
                // {datapointId: {field: <input element>}}: inputs typed in, read live.
                typed: {},
                result: null,
                autofill: false,
                sending: false,
                sendRefusal: null,
            };
            this._cgOnInput = this._cgOnInput.bind(this);
            this._cgOnFocusOut = this._cgOnFocusOut.bind(this);
        },

        start: function () {
            var self = this;
            return this._super.apply(this, arguments).then(function (result) {
                if (self.renderer.el) {
                    self.renderer.el.addEventListener("input", self._cgOnInput, true);
                    self.renderer.el.addEventListener(
                        "focusout",
                        self._cgOnFocusOut,
                        true
                    );
                }
                self._cgRefresh();
                return result;
            });
        },

        destroy: function () {
            if (this.renderer && this.renderer.el) {
                this.renderer.el.removeEventListener("input", this._cgOnInput, true);
                this.renderer.el.removeEventListener(
                    "focusout",
                    this._cgOnFocusOut,
                    true
                );
            }
            if (this._cg && this._cg.ui) {
                this._cg.ui.destroy();
                this._cg.ui = null;
            }
            this._super.apply(this, arguments);
        },

        // ------------------------------------------------------------ Odoo hooks

        /** After the onchanges of a confirmed change: run the engine on the new record. */
        _confirmChange: function (id, fields) {
            var self = this;
            var result = this._super.apply(this, arguments);
            Promise.resolve(result).then(function () {
                if ((fields || []).indexOf("partner_id") !== -1) {
                    // A customer was chosen: fill an empty `ref` with its service code
                    // once its context is known.
                    self._cg.autofill = true;
                }
                self._cgRefresh();
            });
            return result;
        },

        /** A reload (after a button, a save, another record): the context may have moved. */
        update: function () {
            var self = this;
            var previous = this.handle && this.model.get(this.handle);
            var previousId = previous ? previous.res_id : null;
            return this._super.apply(this, arguments).then(function (result) {
                self._cgForgetContexts();
                self._cg.sendRefusal = null;
                var record = self.handle && self.model.get(self.handle);
                if (self._cg.ui && (!record || record.res_id !== previousId)) {
                    self._cg.ui.forgetReveals();
                }
                self._cgRefresh();
                return result;
            });
        },

        /** Odoo re-enables every status bar button after an action: re-apply the block. */
        _enableButtons: function () {
            this._super.apply(this, arguments);
            this._cgApplyButtons();
        },

        _onButtonClicked: function (ev) {
            var attrs = (ev.data && ev.data.attrs) || {};
            var kind = this._cgButtonKind(attrs);
            if (!kind) {
                return this._super.apply(this, arguments);
            }
            var result = this._cg.result;
            if (result && result.blocking) {
                ev.stopPropagation();
                // What was « à compléter » is now what stops the invoice.
                if (this._cg.ui && this._cg.ui.revealAll()) {
                    this._cgRefresh();
                }
                var chorus = result.form.transmit_method_code === "fr-chorus";
                this._cgNotify(
                    _t("Chorus Guard"),
                    chorus
                        ? _t(
                              "This invoice would be rejected by Chorus Pro: fix the blocking problems first."
                          )
                        : _t(
                              "This invoice would be rejected by the e-invoicing platforms (2026 reform): fix the blocking problems first."
                          ),
                    "danger"
                );
                this._cgApplyButtons();
                return;
            }
            if (kind === "send" && this._cg.engine) {
                ev.stopPropagation();
                var superHandler = this._super.bind(this);
                return this._cgSend(ev, superHandler);
            }
            return this._super.apply(this, arguments);
        },

        _onChorusGuardRendered: function (ev) {
            ev.stopPropagation();
            if (this._cg.loadError) {
                this._cgShowUnavailable(this._cg.loadError);
            }
            this._cgRefresh();
        },

        // -------------------------------------------------------------- private

        _cgDestroyed: function () {
            return typeof this.isDestroyed === "function" && this.isDestroyed();
        },

        /**
         * Customer invoices and credit notes are the only ones Chorus Pro can receive: the
         * engine is loaded for them alone. Whether this one goes to Chorus is the engine's
         * answer (CHORUS-SCOPE), not decided here.
         */
        _cgConcerned: function (record) {
            var type = record.data && record.data.move_type;
            return type === "out_invoice" || type === "out_refund";
        },

        /** Loads the engine the first time a customer invoice needs it. */
        _cgEnsureEngine: function () {
            var cg = this._cg;
            if (cg.engine || cg.loadError || cg.loading) {
                return;
            }
            var self = this;
            cg.loading = true;
            loadEngine().then(
                function (engine) {
                    cg.loading = false;
                    if (self._cgDestroyed()) {
                        return;
                    }
                    cg.engine = engine;
                    self._cgRefresh();
                },
                function (error) {
                    cg.loading = false;
                    if (self._cgDestroyed()) {
                        return;
                    }
                    cg.loadError = error;
                    self._cgShowUnavailable(error);
                }
            );
        },

        _cgButtonKind: function (attrs) {
            if (attrs.name === "action_post") {
                return "post";
            }
            if (
                attrs.class &&
                (" " + attrs.class + " ").indexOf(" " + SEND_CLASS + " ") !== -1
            ) {
                return "send";
            }
            return null;
        },

        _cgOnInput: function (ev) {
            var target = ev.target;
            if (!target || !target.closest) {
                return;
            }
            var widget = target.closest(".o_field_widget[name]");
            if (!widget) {
                return;
            }
            var row = target.closest("tr.o_data_row[data-id]");
            var dataPointId = row ? row.getAttribute("data-id") : this.handle;
            var field = widget.getAttribute("name");
            var typed = this._cg.typed;
            typed[dataPointId] = typed[dataPointId] || {};
            typed[dataPointId][field] = target;
            this._cgRefresh();
        },

        /** Leaving a field turns its « à compléter » into what it is. */
        _cgOnFocusOut: function (ev) {
            var target = ev.target;
            var widget =
                target && target.closest && target.closest(".o_field_widget[name]");
            if (!widget) {
                return;
            }
            // A cell of the invoice lines stands for the lines field.
            var lines = widget.closest(".o_field_one2many[name]");
            var field = (lines || widget).getAttribute("name");
            if (this._cg.ui && this._cg.ui.reveal(field)) {
                this._cgRefresh();
            }
        },

        /** The live text of the inputs typed in, still in the page. */
        _cgTypedValues: function () {
            var typed = this._cg.typed;
            var out = {};
            Object.keys(typed).forEach(function (dataPointId) {
                Object.keys(typed[dataPointId]).forEach(function (field) {
                    var input = typed[dataPointId][field];
                    if (!input.isConnected) {
                        delete typed[dataPointId][field];
                        return;
                    }
                    out[dataPointId] = out[dataPointId] || {};
                    out[dataPointId][field] = input.value;
                });
            });
            return out;
        },

        _cgEnsureUi: function () {
            var cg = this._cg;
            if (cg.ui || !this.renderer.cgHost) {
                return cg.ui;
            }
            var self = this;
            var host = this.renderer.cgHost;
            host.textContent = "";
            host.removeAttribute("data-engine");
            var panel = document.createElement("div");
            panel.className = "o_cg_panel_host";
            host.appendChild(panel);
            var preview = this.renderer.cgPreviewHost;
            preview.textContent = "";
            // The engine speaks French and English: French for a French user, English for
            // everyone else (the panel's labels follow the user's language files).
            var code =
                (_t.database &&
                    _t.database.parameters &&
                    _t.database.parameters.code) ||
                "fr_FR";
            var lang = /^fr/.test(code) ? "fr" : "en";
            cg.ui = window.ChorusGuardUI.create({
                panel: panel,
                preview: preview,
                lang: lang,
                // The panel's labels through Odoo's translations in the user's language.
                translate: _t,
                translateLang: lang,
                fieldElement: function (field) {
                    return self._cgFieldElement(field);
                },
                onFix: function (fix) {
                    self._cgApplyFix(fix);
                },
            });
            host.setAttribute("data-engine", "ready");
            return cg.ui;
        },

        /** The form's own widget for `field` (not a cell of the lines' list). */
        _cgFieldElement: function (field) {
            if (!this.renderer.el) {
                return null;
            }
            // The form may hold a field twice (account.move shows `ref` differently for
            // bills and invoices, one of them invisible): the visible one wins.
            var nodes = this.renderer.el.querySelectorAll(
                '.o_field_widget[name="' + field + '"]'
            );
            var fallback = null;
            for (var i = 0; i < nodes.length; i++) {
                if (nodes[i].parentNode.closest(".o_field_widget, .o_data_row")) {
                    continue;
                }
                if (!nodes[i].classList.contains("o_invisible_modifier")) {
                    return nodes[i];
                }
                fallback = fallback || nodes[i];
            }
            return fallback;
        },

        _cgShowUnavailable: function (error) {
            var host = this.renderer.cgHost;
            if (!host) {
                return;
            }
            host.textContent = "";
            host.hidden = false;
            host.setAttribute("data-engine", "error");
            if (this.renderer.cgPreviewHost) {
                this.renderer.cgPreviewHost.textContent = "";
            }
            var note = document.createElement("p");
            note.className = "o_cg_unavailable text-muted small";
            note.textContent = _t(
                "Chorus Guard: live checks unavailable in this browser; the server still checks the invoice when it is confirmed and sent."
            );
            note.title = messageOf(error);
            host.appendChild(note);
            this._cgApplyButtons();
        },

        _cgForgetContexts: function () {
            this._cg.contexts = {};
            this._cg.contextOrder = [];
        },

        /** One `chorus_guard_context` call per distinct set of relational ids. */
        _cgContextKey: function (record) {
            var values = window.ChorusGuardFormState.contextValues(record);
            return (
                (record.res_id || false) +
                "|" +
                window.ChorusGuardFormState.contextKey(values)
            );
        },

        /** Resolves once the context of the record as it stands is known (or failed). */
        _cgContextSettled: function () {
            var record = this.model.get(this.handle);
            var pending = record && this._cg.inflight[this._cgContextKey(record)];
            return pending
                ? pending.then(function () {
                      return undefined;
                  })
                : Promise.resolve();
        },

        _cgContext: function (record) {
            var cg = this._cg;
            var values = window.ChorusGuardFormState.contextValues(record);
            var resId = record.res_id || false;
            var key = this._cgContextKey(record);
            if (Object.prototype.hasOwnProperty.call(cg.contexts, key)) {
                return cg.contexts[key];
            }
            if (!cg.inflight[key]) {
                var self = this;
                cg.inflight[key] = this._rpc({
                    model: "account.move",
                    method: "chorus_guard_context",
                    args: [resId, values],
                })
                    .then(
                        function (ctx) {
                            return ctx || {};
                        },
                        function (error) {
                            if (error && error.event && error.event.preventDefault) {
                                // Not worth Odoo's error dialog: the checks wait, the server guards.
                                error.event.preventDefault();
                            }
                            return {__error: messageOf(error)};
                        }
                    )
                    .then(function (ctx) {
                        delete cg.inflight[key];
                        cg.contexts[key] = ctx;
                        cg.contextOrder.push(key);
                        while (cg.contextOrder.length > MAX_CONTEXTS) {
                            delete cg.contexts[cg.contextOrder.shift()];
                        }
                        if (!self._cgDestroyed()) {
                            self._cgRefresh();
                        }
                    });
            }
            return null;
        },

        /**
         * Runs the engine on the form as it stands and shows the result. Whatever goes
         * wrong in here must never break the form: the checks step aside, the server guards.
         */
        _cgRefresh: function () {
            try {
                this._cgRun();
            } catch (error) {
                this._cg.result = null;
                this._cg.engine = null;
                this._cg.loadError = error;
                if (this._cg.ui) {
                    this._cg.ui.destroy();
                    this._cg.ui = null;
                }
                this._cgShowUnavailable(error);
                if (window.console) {
                    console.warn(
                        "Chorus Guard: live checks stopped: " + messageOf(error)
                    );
                }
            }
        },

        _cgRun: function () {
            var cg = this._cg;
            if (!this.handle || this._cgDestroyed()) {
                return;
            }
            var record = this.model.get(this.handle);
            if (!record) {
                return;
            }
            if (!this._cgConcerned(record)) {
                // Bills and journal entries share this form: nothing to check or block.
                cg.result = null;
                this.renderer.cgHost.hidden = true;
                this.renderer.cgPreviewHost.hidden = true;
                this._cgApplyButtons();
                return;
            }
            if (!cg.engine) {
                this._cgEnsureEngine();
                return; // the engine loads, then this runs again
            }
            this.renderer.cgHost.hidden = false;
            var ctx = this._cgContext(record);
            if (!ctx) {
                return; // the context call answers, then this runs again
            }
            var ui = this._cgEnsureUi();
            if (!ui) {
                return;
            }
            if (ctx.__error) {
                ui.setNotice({
                    kind: "context",
                    fr:
                        _t("Chorus Guard: the invoice context could not be loaded: ") +
                        ctx.__error,
                    en:
                        "Chorus Guard: the invoice context could not be loaded: " +
                        ctx.__error,
                });
                cg.result = null;
                this._cgApplyButtons();
                return;
            }
            var form = window.ChorusGuardFormState.build(
                record,
                this._cgTypedValues(),
                ctx,
                {
                    parseFloat: parseUserFloat,
                    today: todayIso(),
                }
            );
            var diagnostics = [];
            var engineError = null;
            var xml = null;
            var xmlError = null;
            if (cg.engine.check_and_xml) {
                // One reading of the form for both: it is the keystroke's largest cost.
                try {
                    var both = cg.engine.check_and_xml(form, {});
                    diagnostics = both.diagnostics;
                    xml = both.xml;
                    xmlError = both.xml_error ? both.xml_error.message : null;
                } catch (error) {
                    engineError = messageOf(error);
                    xmlError = engineError;
                }
            } else {
                try {
                    diagnostics = cg.engine.check(form);
                } catch (error) {
                    engineError = messageOf(error);
                }
                try {
                    xml = cg.engine.xml(form, {});
                } catch (error) {
                    xmlError = messageOf(error);
                }
            }
            var blocking = ui.render(diagnostics);
            // The engine's CHORUS-SCOPE: not a Chorus Pro invoice, so no Factur-X preview and
            // a quiet panel (the note alone).
            var outside = diagnostics.some(function (d) {
                return d.rule === "CHORUS-SCOPE";
            });
            this.renderer.cgHost.classList.toggle("o_cg_quiet", outside);
            this.renderer.cgPreviewHost.hidden = outside;
            if (!outside) {
                ui.showPreview(xml, {draft: form.state === "draft", error: xmlError});
            }
            cg.result = {
                form: form,
                xml: xml,
                diagnostics: diagnostics,
                blocking: blocking,
                // A pending block (« à compléter ») does not grey the buttons: clicking them
                // reveals it and is refused.
                shownBlocking: ui.shownBlocking(),
            };
            this._cgRenderNotice(engineError);
            this._cgApplyButtons();
            if (cg.autofill) {
                cg.autofill = false;
                this._cgAutofillRef(form, diagnostics);
            }
        },

        /** The engine's own CHORUS-STALE says "to resend": the notice is for the rest. */
        _cgRenderNotice: function (engineError) {
            var ui = this._cg.ui;
            if (engineError) {
                ui.setNotice({
                    kind: "engine-error",
                    fr: _t("Chorus Guard could not check this invoice: ") + engineError,
                    en: "Chorus Guard could not check this invoice: " + engineError,
                });
            } else if (this._cg.sendRefusal) {
                ui.setNotice(this._cg.sendRefusal);
            } else {
                ui.setNotice(null);
            }
        },

        /** Confirm and Send to Chorus stay disabled while a blocking diagnostic stands. */
        _cgApplyButtons: function () {
            if (!this.renderer || !this.renderer.el) {
                return;
            }
            var result = this._cg.result;
            var block = !!(result && result.shownBlocking) || this._cg.sending;
            var title = _t("Chorus Guard: fix the blocking problems first");
            var buttons = this.renderer.el.querySelectorAll(GUARDED_BUTTONS);
            for (var i = 0; i < buttons.length; i++) {
                var button = buttons[i];
                if (block) {
                    if (!button.hasAttribute("data-cg-blocked")) {
                        button.setAttribute("data-cg-blocked", "1");
                        button.setAttribute(
                            "data-cg-title",
                            button.getAttribute("title") || ""
                        );
                    }
                    // Runs on every keystroke: writing even the same value can cost a style
                    // recalculation, so only what changes is written.
                    if (!button.disabled) {
                        button.disabled = true;
                    }
                    if (button.getAttribute("title") !== title) {
                        button.setAttribute("title", title);
                    }
                } else if (button.hasAttribute("data-cg-blocked")) {
                    button.disabled = false;
                    var previous = button.getAttribute("data-cg-title");
                    if (previous) {
                        button.setAttribute("title", previous);
                    } else {
                        button.removeAttribute("title");
                    }
                    button.removeAttribute("data-cg-blocked");
                    button.removeAttribute("data-cg-title");
                }
            }
        },

        _cgEditable: function () {
            var record = this.model.get(this.handle);
            return (
                this.mode === "edit" &&
                record &&
                record.data &&
                record.data.state === "draft"
            );
        },

        /** The guide's rule: an empty `ref` takes the chosen contact's service code. */
        _cgAutofillRef: function (form, diagnostics) {
            if ((form.ref || "").trim() || !this._cgEditable()) {
                return;
            }
            for (var i = 0; i < diagnostics.length; i++) {
                var fix = diagnostics[i].fix;
                if (fix && fix.action === "set" && fix.field === "ref" && fix.value) {
                    this._cgSetField("ref", fix.value);
                    return;
                }
            }
        },

        _cgSetField: function (field, value) {
            var changes = {};
            changes[field] = value;
            this.renderer.trigger_up("field_changed", {
                dataPointID: this.handle,
                changes: changes,
            });
        },

        _cgApplyFix: function (fix) {
            var self = this;
            var record = this.model.get(this.handle);
            if (fix.action === "button") {
                return this._cgRunStep(fix.name);
            }
            if (!record || record.data.state !== "draft") {
                this._cgNotify(
                    _t("Chorus Guard"),
                    _t(
                        "Reset the invoice to draft to change it, then confirm and send it again."
                    ),
                    "warning"
                );
                return;
            }
            var ready =
                this.mode === "edit" ? Promise.resolve() : this._setMode("edit");
            ready.then(function () {
                if (fix.action === "pick_partner" && fix.choice) {
                    self._cgSetField(fix.field || "partner_id", {
                        id: fix.choice.id,
                        display_name: fix.choice.display_name,
                    });
                } else if (fix.action === "set") {
                    self._cgSetField(fix.field, fix.value);
                }
            });
        },

        /**
         * A step the engine names (CHORUS-STALE's fix): « Envoyer à Chorus » goes through
         * the form's own button, so the browser's file is checked as for a click; the
         * others are the server's (chorus_guard_step), which checks the flow's state again.
         */
        _cgRunStep: function (name) {
            var self = this;
            if (name === "chorus_send") {
                var send =
                    this.renderer.el &&
                    this.renderer.el.querySelector(
                        ".o_form_statusbar button." +
                            SEND_CLASS +
                            ":not(.o_invisible_modifier)"
                    );
                if (send) {
                    send.click();
                    return;
                }
            }
            var record = this.model.get(this.handle);
            if (!record || !record.res_id) {
                return;
            }
            return this._rpc({
                model: "account.move",
                method: "chorus_guard_step",
                args: [[record.res_id], name],
            }).then(function (action) {
                if (action && typeof action === "object") {
                    return self.do_action(action, {
                        on_close: function () {
                            self.reload();
                        },
                    });
                }
                return self.reload();
            });
        },

        _cgNotify: function (title, message, type) {
            if (typeof this.displayNotification === "function") {
                this.displayNotification({
                    title: title,
                    message: message,
                    type: type,
                    sticky: false,
                });
            } else if (typeof this.do_warn === "function") {
                this.do_warn(title, message);
            }
        },

        /**
         * Send to Chorus: the server rebuilds the XML from the saved record and must find
         * the very bytes the browser shows; otherwise nothing is sent.
         */
        _cgSend: function (ev, superHandler) {
            var self = this;
            var cg = this._cg;
            cg.sending = true;
            cg.sendRefusal = null;
            this._cgApplyButtons();
            function done() {
                cg.sending = false;
                self._cgApplyButtons();
            }
            return this.mutex
                .getUnlockedDef()
                .then(function () {
                    if (self.isDirty()) {
                        return self.saveRecord(self.handle, {stayInEdit: true});
                    }
                })
                .then(function () {
                    // After a save the record reloads and its context is asked again:
                    // the XML sent must be the one of the saved record.
                    self._cgRefresh();
                    return self._cgContextSettled();
                })
                .then(function () {
                    self._cgRefresh();
                    var result = cg.result;
                    if (!result || result.xml === null) {
                        throw new Error(
                            _t("the Factur-X file could not be built in the browser")
                        );
                    }
                    if (result.blocking) {
                        throw new Error(_t("fix the blocking problems first"));
                    }
                    var record = self.model.get(self.handle);
                    return self._rpc({
                        model: "account.move",
                        method: "chorus_guard_check_browser_xml",
                        args: [record.res_id, result.xml],
                    });
                })
                .then(function (answer) {
                    if (answer && answer.ok) {
                        done();
                        return superHandler(ev);
                    }
                    throw new Error(
                        (answer && answer.message) || _t("the server refused the file")
                    );
                })
                .catch(function (error) {
                    if (error && error.event && error.event.preventDefault) {
                        error.event.preventDefault();
                    }
                    var message = messageOf(error);
                    cg.sendRefusal = {
                        kind: "send-refused",
                        fr: _t("Not sent to Chorus Pro: ") + message,
                        en: "Not sent to Chorus Pro: " + message,
                    };
                    done();
                    if (cg.ui) {
                        cg.ui.setNotice(cg.sendRefusal);
                    }
                    self._cgNotify(_t("Not sent to Chorus Pro"), message, "danger");
                });
        },
    });

    var ChorusGuardFormView = FormView.extend({
        config: Object.assign({}, FormView.prototype.config, {
            Controller: ChorusGuardFormController,
            Renderer: ChorusGuardFormRenderer,
        }),
    });

    viewRegistry.add("chorus_guard_form", ChorusGuardFormView);

    return {
        ChorusGuardFormController: ChorusGuardFormController,
        ChorusGuardFormRenderer: ChorusGuardFormRenderer,
        ChorusGuardFormView: ChorusGuardFormView,
        loadEngine: loadEngine,
    };
});
