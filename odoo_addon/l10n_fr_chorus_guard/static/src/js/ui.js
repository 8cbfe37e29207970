/* Chorus Guard — the UI layer shared by the stand-alone demo (www/) and the Odoo 14 glue.
 *
 * Classic script, no framework, no module syntax: an Odoo 14 asset bundle is one concatenated
 * classic script. It knows nothing of the host's DOM: the host hands it the panel container,
 * an optional preview container and a `field name -> element` lookup, and gets fixes back
 * through callbacks. Rendering updates nodes in place (keyed by diagnostic), because it runs
 * on every keystroke and must fit in one animation frame.
 */
(function (global) {
    "use strict";

    var TEXT = {
        title: {fr: "Chorus Guard", en: "Chorus Guard"},
        none: {fr: "Aucun problème détecté.", en: "No problem found."},
        block: {fr: "Bloquant", en: "Blocking"},
        todo: {fr: "À compléter", en: "To fill in"},
        warn: {fr: "Attention", en: "Warning"},
        info: {fr: "Info", en: "Info"},
        counts: {
            fr: function (b, w, todo) {
                return (
                    b +
                    " bloquant" +
                    (b > 1 ? "s" : "") +
                    ", " +
                    w +
                    " avertissement" +
                    (w > 1 ? "s" : "") +
                    (todo ? ", " + todo + " à compléter" : "")
                );
            },
            en: function (b, w, todo) {
                return (
                    b +
                    " blocking, " +
                    w +
                    " warning" +
                    (w > 1 ? "s" : "") +
                    (todo ? ", " + todo + " to fill in" : "")
                );
            },
        },
        // The form's own buttons, named as the French UI names them (OCA's translations).
        steps: {
            chorus_send: {fr: "Envoyer à Chorus", en: "Send to Chorus"},
            chorus_update_flow: {
                fr: "Mettre à jour l’état du flux",
                en: "Update Flow Status",
            },
            chorus_detach_rejected: {
                fr: "Détacher du flux rejeté",
                en: "Detach from the rejected flow",
            },
            credit_note: {fr: "Ajouter un avoir", en: "Add Credit Note"},
        },
        toggle: {fr: "English", en: "Français"},
        setTo: {fr: "Renseigner « {v} »", en: "Set to “{v}”"},
        pick: {fr: "Choisir {v}", en: "Choose {v}"},
        preview: {fr: "Factur-X (factur-x.xml)", en: "Factur-X (factur-x.xml)"},
        draft: {fr: "aperçu", en: "preview"},
        draftHint: {
            fr: "Brouillon : le numéro et les dates sont fixés à la confirmation.",
            en: "Draft: the number and dates are fixed when the invoice is confirmed.",
        },
        downloadXml: {fr: "Télécharger le XML", en: "Download the XML"},
        downloadPdf: {
            fr: "Télécharger le PDF Factur-X",
            en: "Download the Factur-X PDF",
        },
        noXml: {fr: "Pas de fichier Factur-X : ", en: "No Factur-X file: "},
        showXml: {fr: "Voir le XML", en: "Show the XML"},
        hideXml: {fr: "Masquer le XML", en: "Hide the XML"},
    };

    function t(entry, lang) {
        return entry[lang] !== undefined ? entry[lang] : entry.fr;
    }

    function fill(template, value) {
        return template.replace("{v}", value);
    }

    function el(tag, className, text) {
        var node = document.createElement(tag);
        if (className) {
            node.className = className;
        }
        if (text !== undefined) {
            node.textContent = text;
        }
        return node;
    }

    // A text that changes on every keystroke (a message quoting what is typed) is written
    // into the existing text node: replacing the node (textContent) costs a style
    // recalculation and a new layout object each time (measured: 0.02-0.03 ms a keystroke).
    function setText(node, text) {
        var only = node.firstChild;
        if (only && only === node.lastChild && only.nodeType === 3) {
            if (only.data !== text) {
                only.data = text;
            }
        } else if (node.textContent !== text) {
            node.textContent = text;
        }
    }

    // Writing a DOM property, even to its current value, can cost a style recalculation.
    function setHidden(node, hidden) {
        if (node.hidden !== hidden) {
            node.hidden = hidden;
        }
    }

    function setAttr(node, name, value) {
        if (node.getAttribute(name) !== value) {
            node.setAttribute(name, value);
        }
    }

    function setDisabled(node, disabled) {
        if (node.disabled !== disabled) {
            node.disabled = disabled;
        }
    }

    /** Identity of a diagnostic within one render: same rule, field and meaning. */
    function keyOf(d) {
        return d.rule + "\u0001" + (d.field || "") + "\u0001" + d.message_en;
    }

    /**
     * The place a diagnostic takes across renders: its rule and field (and its rank among
     * the render's diagnostics of that rule and field), not its wording. Messages quote
     * what is being typed (« La Référence client « 04AM » … »): keyed by their text, every
     * keystroke replaced the message's nodes, and the new elements' style and layout cost
     * five times the text change of the same node.
     */
    function slotOf(d, taken) {
        var slot = d.rule + "\u0001" + (d.field || "");
        var rank = taken.get(slot) || 0;
        taken.set(slot, rank + 1);
        return slot + "\u0001" + rank;
    }

    /**
     * How a diagnostic shows now: a pending one (its field not entered yet) reads as
     * « à compléter » until the host says its field was left or Confirm was tried.
     */
    function shownSeverity(d, guard) {
        if (d.pending && d.severity !== "info" && !guard.isRevealed(d.field)) {
            return "todo";
        }
        return d.severity;
    }

    function isBlocking(diagnostics) {
        for (var i = 0; i < diagnostics.length; i++) {
            if (diagnostics[i].severity === "block") {
                return true;
            }
        }
        return false;
    }

    function choiceLabel(choice) {
        return (
            "« " +
            choice.display_name +
            " »" +
            (choice.service_code ? " [" + choice.service_code + "]" : "")
        );
    }

    /** Saves `data` (string or bytes) under `filename` through a temporary link. */
    function download(filename, data, mime) {
        var blob = new Blob([data], {type: mime || "application/octet-stream"});
        var url = URL.createObjectURL(blob);
        var a = document.createElement("a");
        a.href = url;
        a.download = filename;
        a.style.display = "none";
        document.body.appendChild(a);
        a.click();
        document.body.removeChild(a);
        setTimeout(function () {
            URL.revokeObjectURL(url);
        }, 1000);
    }

    /**
     * options:
     *   panel         Element: where the « Chorus Guard » panel is built (required)
     *   fieldElement  function(fieldName) -> Element|null: the field's widget; messages go
     *                 right after it
     *   preview       Element: where the Factur-X preview is built (optional)
     *   onFix         function(fix, diagnostic): fix is {action:"set", field, value} or
     *                 {action:"pick_partner", field, choice}
     *   onDownload    function(kind) with kind "xml" or "pdf"; default: the XML is saved as
     *                 factur-x.xml and the PDF button is hidden
     *   onLang        function(lang) after the language toggle
     *   lang          "fr" (default) or "en"
     *   translate     function(englishLabel): the label in the user's language (Odoo's _t),
     *                 used while `lang` is `translateLang`; the layer's own words otherwise
     *   translateLang the language `translate` serves ("fr" or "en")
     *   previewOpen   true to show the XML text from the start (default: collapsed behind
     *                 « Voir le XML »)
     */
    function Guard(options) {
        if (!options || !options.panel) {
            throw new Error("ChorusGuardUI: options.panel est requis / is required");
        }
        this.options = options;
        this.lang = options.lang === "en" ? "en" : "fr";
        this.fieldElement =
            options.fieldElement ||
            function () {
                return null;
            };
        // « À compléter » turns into what it is once its field is left or Confirm is tried:
        // the host says when (reveal, revealAll), for as long as it shows the same record.
        this.revealedFields = {};
        this.revealedAll = false;
        this.entries = new Map();
        this.fieldBoxes = new Map();
        this.order = [];
        this.diagnostics = [];
        this.notice = null;
        this.xml = null;
        this.previewState = {draft: false, error: null};
        // The XML text is written into the <pre> lazily (see _schedulePreviewWrite).
        this.previewOpen = !!options.previewOpen;
        this.shownXml = null;
        this.previewFrame = null;
        this._buildPanel(options.panel);
        if (options.preview) {
            this._buildPreview(options.preview);
        }
        this._applyLang();
        if (this.previewRoot) {
            this.setPreviewOpen(this.previewOpen);
        }
    }

    /**
     * A label of the panel in `lang`: through the host's `translate` (Odoo's `_t`) when `lang`
     * is the user's own, so that the words are the ones of the user's language files; the
     * layer's own French or English otherwise (the language toggle, the demo).
     *
     * @param {Object} entry {fr, en}
     * @param {String} lang "fr" or "en"
     * @returns {String|Function}
     */
    Guard.prototype._text = function (entry, lang) {
        var options = this.options;
        if (
            options.translate &&
            lang === options.translateLang &&
            typeof entry.en === "string" &&
            entry !== TEXT.toggle
        ) {
            return String(options.translate(entry.en));
        }
        return t(entry, lang);
    };

    Guard.prototype._buildPanel = function (container) {
        var self = this;
        var root = el("section", "o_cg_panel");
        root.setAttribute("aria-live", "polite");
        var head = el("header", "o_cg_panel_head");
        this.titleNode = el("span", "o_cg_title");
        this.countNode = el("span", "o_cg_counts");
        this.langButton = el("button", "btn btn-link o_cg_lang");
        this.langButton.type = "button";
        this.langButton.setAttribute("name", "chorus_guard_lang");
        this.langButton.addEventListener("click", function () {
            self.setLang(self.lang === "fr" ? "en" : "fr");
            if (self.options.onLang) {
                self.options.onLang(self.lang);
            }
        });
        head.appendChild(this.titleNode);
        head.appendChild(this.countNode);
        head.appendChild(this.langButton);
        this.noticeNode = el("div", "o_cg_notice");
        this.noticeNode.hidden = true;
        this.listNode = el("ul", "o_cg_list");
        this.emptyNode = el("p", "o_cg_empty");
        root.appendChild(head);
        root.appendChild(this.noticeNode);
        root.appendChild(this.listNode);
        root.appendChild(this.emptyNode);
        container.appendChild(root);
        this.root = root;
    };

    Guard.prototype._buildPreview = function (container) {
        var self = this;
        var root = el("section", "o_cg_preview");
        var head = el("header", "o_cg_preview_head");
        this.previewTitle = el("span", "o_cg_preview_title");
        this.draftBadge = el("span", "o_cg_draft_badge");
        this.draftBadge.setAttribute("data-draft", "1");
        var buttons = el("span", "o_cg_preview_buttons");
        this.xmlButton = el("button", "btn btn-secondary btn-sm o_cg_download_xml");
        this.xmlButton.type = "button";
        this.xmlButton.setAttribute("name", "download_xml");
        this.xmlButton.addEventListener("click", function () {
            if (self.options.onDownload) {
                self.options.onDownload("xml");
            } else if (self.xml !== null) {
                download("factur-x.xml", self.xml, "application/xml");
            }
        });
        this.pdfButton = el("button", "btn btn-secondary btn-sm o_cg_download_pdf");
        this.pdfButton.type = "button";
        this.pdfButton.setAttribute("name", "download_pdf");
        this.pdfButton.hidden = !this.options.onDownload;
        this.pdfButton.addEventListener("click", function () {
            if (self.options.onDownload) {
                self.options.onDownload("pdf");
            }
        });
        this.toggleButton = el("button", "btn btn-link btn-sm o_cg_toggle_xml");
        this.toggleButton.type = "button";
        this.toggleButton.setAttribute("name", "toggle_xml");
        this.toggleButton.addEventListener("click", function () {
            self.setPreviewOpen(!self.previewOpen);
        });
        buttons.appendChild(this.toggleButton);
        buttons.appendChild(this.xmlButton);
        buttons.appendChild(this.pdfButton);
        head.appendChild(this.previewTitle);
        head.appendChild(this.draftBadge);
        head.appendChild(buttons);
        this.draftHint = el("p", "o_cg_draft_hint");
        this.previewError = el("p", "o_cg_preview_error");
        this.previewError.hidden = true;
        this.xmlNode = el("pre", "o_cg_xml");
        this.xmlNode.hidden = true;
        root.appendChild(head);
        root.appendChild(this.draftHint);
        root.appendChild(this.previewError);
        root.appendChild(this.xmlNode);
        container.appendChild(root);
        this.previewRoot = root;
    };

    /** The message box right after a field's widget, created on first use. */
    Guard.prototype._fieldBox = function (field) {
        var widget = field ? this.fieldElement(field) : null;
        // The totals block is a narrow right-aligned table: a message there would squeeze
        // into its label column and push « Montant dû » out of sight. The panel says it.
        if (
            !widget ||
            !widget.parentNode ||
            (widget.closest && widget.closest(".oe_subtotal_footer"))
        ) {
            return null;
        }
        var box = this.fieldBoxes.get(field);
        if (!box) {
            box = el("div", "o_cg_field_msgs");
            box.setAttribute("data-field", field);
            this.fieldBoxes.set(field, box);
        }
        // The host may have re-rendered the widget: follow it.
        if (widget.nextSibling !== box) {
            widget.parentNode.insertBefore(box, widget.nextSibling);
        }
        return box;
    };

    Guard.prototype._diagNode = function (d, tag) {
        var self = this;
        var node = el(tag, "o_cg_diag");
        var badge = el("span", "o_cg_badge");
        var rule = el("code", "o_cg_rule");
        var msg = el("span", "o_cg_msg");
        var fixes = el("span", "o_cg_fixes");
        node.appendChild(badge);
        node.appendChild(rule);
        node.appendChild(msg);
        node.appendChild(fixes);
        node._cg = {
            badge: badge,
            rule: rule,
            msg: msg,
            fixes: fixes,
            d: null,
            fixKey: null,
        };
        fixes.addEventListener("click", function (ev) {
            var button = ev.target.closest("button[data-fix]");
            if (!button || !self.options.onFix) {
                return;
            }
            var d = node._cg.d;
            var fix = d && d.fix;
            if (!fix) {
                return;
            }
            if (fix.action === "pick_partner") {
                var id = button.getAttribute("data-choice-id");
                var choice = null;
                for (var i = 0; i < fix.choices.length; i++) {
                    if (String(fix.choices[i].id) === id) {
                        choice = fix.choices[i];
                    }
                }
                if (choice) {
                    self.options.onFix(
                        {action: "pick_partner", field: fix.field, choice: choice},
                        d
                    );
                }
            } else if (fix.action === "set") {
                self.options.onFix(
                    {action: "set", field: fix.field, value: fix.value},
                    d
                );
            } else if (fix.action === "button") {
                self.options.onFix({action: "button", name: fix.name}, d);
            }
        });
        return node;
    };

    Guard.prototype._updateDiagNode = function (node, d) {
        var parts = node._cg;
        parts.d = d;
        var shown = shownSeverity(d, this);
        setAttr(node, "data-rule", d.rule);
        setAttr(node, "data-severity", d.severity);
        setAttr(node, "data-shown", shown);
        if (d.field) {
            setAttr(node, "data-field", d.field);
        } else if (node.hasAttribute("data-field")) {
            node.removeAttribute("data-field");
        }
        var cls = "o_cg_diag o_cg_" + shown;
        if (node.className !== cls) {
            node.className = cls;
        }
        setText(parts.badge, this._text(TEXT[shown] || TEXT.info, this.lang));
        setText(parts.rule, d.rule + (d.bt ? " · " + d.bt : ""));
        setText(parts.msg, this.lang === "en" ? d.message_en : d.message_fr);
        var fixKey = this.lang + JSON.stringify(d.fix || null);
        if (parts.fixKey !== fixKey) {
            parts.fixKey = fixKey;
            this._renderFixes(parts.fixes, d.fix);
        }
    };

    Guard.prototype._renderFixes = function (box, fix) {
        while (box.firstChild) {
            box.removeChild(box.firstChild);
        }
        if (!fix) {
            return;
        }
        var button = null;
        if (fix.action === "set") {
            button = el(
                "button",
                "btn btn-link btn-sm o_cg_fix",
                fill(this._text(TEXT.setTo, this.lang), fix.value)
            );
            button.type = "button";
            button.setAttribute("data-fix", "set");
            button.setAttribute("data-fix-field", fix.field);
            button.setAttribute("data-fix-value", fix.value);
            box.appendChild(button);
        } else if (fix.action === "button") {
            var step = TEXT.steps[fix.name];
            button = el(
                "button",
                "btn btn-secondary btn-sm o_cg_fix",
                step ? this._text(step, this.lang) : fix.name
            );
            button.type = "button";
            button.setAttribute("data-fix", "button");
            button.setAttribute("data-fix-name", fix.name);
            box.appendChild(button);
        } else if (fix.action === "pick_partner") {
            for (var i = 0; i < (fix.choices || []).length; i++) {
                var choice = fix.choices[i];
                button = el(
                    "button",
                    "btn btn-link btn-sm o_cg_fix",
                    fill(this._text(TEXT.pick, this.lang), choiceLabel(choice))
                );
                button.type = "button";
                button.setAttribute("data-fix", "pick_partner");
                button.setAttribute("data-choice-id", String(choice.id));
                box.appendChild(button);
            }
        }
    };

    /**
     * Shows `diagnostics` (the engine's, in its order) next to their fields and in the panel.
     * Returns true when one of them blocks Confirm and Send.
     */
    Guard.prototype.render = function (diagnostics) {
        var list = diagnostics || [];
        var said = new Set();
        var seen = new Set();
        var taken = new Map();
        var order = [];
        var blocks = 0;
        var warns = 0;
        var pendingBlocks = 0;
        for (var i = 0; i < list.length; i++) {
            var d = list[i];
            var meaning = keyOf(d);
            if (said.has(meaning)) {
                continue;
            }
            said.add(meaning);
            var key = slotOf(d, taken);
            seen.add(key);
            order.push(key);
            var shown = shownSeverity(d, this);
            if (shown === "block") {
                blocks++;
            } else if (shown === "warn") {
                warns++;
            } else if (shown === "todo" && d.severity === "block") {
                pendingBlocks++;
            }
            var entry = this.entries.get(key);
            if (!entry) {
                entry = {panelNode: this._diagNode(d, "li"), inlineNode: null};
                this.entries.set(key, entry);
            }
            this._updateDiagNode(entry.panelNode, d);
            // Information stays in the panel: the form itself is left quiet.
            var box = d.severity === "info" ? null : this._fieldBox(d.field);
            if (box) {
                if (!entry.inlineNode) {
                    entry.inlineNode = this._diagNode(d, "div");
                }
                this._updateDiagNode(entry.inlineNode, d);
                if (entry.inlineNode.parentNode !== box) {
                    box.appendChild(entry.inlineNode);
                }
            } else if (entry.inlineNode && entry.inlineNode.parentNode) {
                entry.inlineNode.parentNode.removeChild(entry.inlineNode);
            }
        }
        var self = this;
        this.entries.forEach(function (entry, key) {
            if (!seen.has(key)) {
                if (entry.panelNode.parentNode) {
                    entry.panelNode.parentNode.removeChild(entry.panelNode);
                }
                if (entry.inlineNode && entry.inlineNode.parentNode) {
                    entry.inlineNode.parentNode.removeChild(entry.inlineNode);
                }
                self.entries.delete(key);
            }
        });
        // Re-append only when the order changed: most keystrokes change nothing here.
        if (order.join("\u0002") !== this.order.join("\u0002")) {
            for (var j = 0; j < order.length; j++) {
                this.listNode.appendChild(this.entries.get(order[j]).panelNode);
            }
            this.order = order;
        }
        this.fieldBoxes.forEach(function (box) {
            var empty = !box.firstChild;
            if (box.hidden !== empty) {
                box.hidden = empty;
            }
        });
        this.diagnostics = list;
        this.counts = {block: blocks, warn: warns, todo: pendingBlocks};
        this._renderCounts();
        setAttr(this.root, "data-blocking", blocks + pendingBlocks > 0 ? "1" : "0");
        return blocks + pendingBlocks > 0;
    };

    /**
     * The accountant left `field`: its « à compléter » shows as what it is.
     *
     * @param {String} field
     * @returns {Boolean} true when this changes what is shown (the host renders again)
     */
    Guard.prototype.reveal = function (field) {
        if (this.isRevealed(field)) {
            return false;
        }
        this.revealedFields[field] = true;
        return true;
    };

    /**
     * Confirm or Send was tried: every « à compléter » shows as what it is.
     *
     * @returns {Boolean} true when this changes what is shown (the host renders again)
     */
    Guard.prototype.revealAll = function () {
        if (this.revealedAll) {
            return false;
        }
        this.revealedAll = true;
        return true;
    };

    /** Another record: nothing revealed yet. */
    Guard.prototype.forgetReveals = function () {
        this.revealedFields = {};
        this.revealedAll = false;
    };

    /**
     * @param {String} field
     * @returns {Boolean}
     */
    Guard.prototype.isRevealed = function (field) {
        return this.revealedAll || Boolean(this.revealedFields[field]);
    };

    /** A block is shown as such (not « à compléter »): the host greys Confirm and Send. */
    Guard.prototype.shownBlocking = function () {
        return !!(this.counts && this.counts.block > 0);
    };

    Guard.prototype._renderCounts = function () {
        var counts = this.counts || {block: 0, warn: 0, todo: 0};
        setText(
            this.countNode,
            this._text(TEXT.counts, this.lang)(counts.block, counts.warn, counts.todo)
        );
        setHidden(this.emptyNode, this.order.length !== 0);
    };

    /**
     * A notice above the list (e.g. the file changed since Confirm / the last send), or
     * null to remove it. notice: {kind, fr, en}.
     */
    Guard.prototype.setNotice = function (notice) {
        this.notice = notice || null;
        if (!notice) {
            this.noticeNode.hidden = true;
            this.noticeNode.removeAttribute("data-notice");
            setText(this.noticeNode, "");
            return;
        }
        this.noticeNode.hidden = false;
        this.noticeNode.setAttribute("data-notice", notice.kind || "notice");
        setText(this.noticeNode, this.lang === "en" ? notice.en : notice.fr);
    };

    /**
     * The Factur-X preview: `xml` (string, or null with `state.error` saying why) and
     * `state.draft` (true while the invoice is a draft: the file is only a preview).
     *
     * Runs on every keystroke, so it only keeps the XML: laying out some 70 KB of text in the
     * <pre> cost ten times the engine's whole work. The text is written when the preview is
     * open, at most once per frame (see _schedulePreviewWrite). Downloads read `this.xml`,
     * always the latest.
     */
    Guard.prototype.showPreview = function (xml, state) {
        if (!this.previewRoot) {
            return;
        }
        state = state || {};
        this.xml = typeof xml === "string" ? xml : null;
        this.previewState = {draft: !!state.draft, error: state.error || null};
        var draft = state.draft ? "1" : "0";
        if (this.previewRoot.getAttribute("data-draft") !== draft) {
            this.previewRoot.setAttribute("data-draft", draft);
        }
        setHidden(this.draftBadge, !state.draft);
        setHidden(this.draftHint, !state.draft);
        if (this.xml !== null) {
            setHidden(this.previewError, true);
        } else {
            setHidden(this.previewError, false);
            setText(
                this.previewError,
                this._text(TEXT.noXml, this.lang) + (state.error || "")
            );
            // Hiding costs nothing: the file that no longer exists goes at once.
            setHidden(this.xmlNode, true);
        }
        setDisabled(this.xmlButton, this.xml === null);
        setDisabled(this.pdfButton, this.xml === null);
        setDisabled(this.toggleButton, this.xml === null && !this.previewOpen);
        this._schedulePreviewWrite();
    };

    /** Opens (true) or collapses (false) the XML text; opening shows the latest XML at once. */
    Guard.prototype.setPreviewOpen = function (open) {
        if (!this.previewRoot) {
            return;
        }
        this.previewOpen = !!open;
        this.previewRoot.setAttribute("data-xml-open", this.previewOpen ? "1" : "0");
        this.toggleButton.setAttribute(
            "aria-expanded",
            this.previewOpen ? "true" : "false"
        );
        setText(
            this.toggleButton,
            t(this.previewOpen ? TEXT.hideXml : TEXT.showXml, this.lang)
        );
        setDisabled(this.toggleButton, this.xml === null && !this.previewOpen);
        this._writePreview();
    };

    /**
     * Coalesces the keystrokes of one frame into one write of the <pre>, and none at all
     * while it is collapsed or already shows this XML. The diagnostics are not deferred:
     * only the XML text is.
     */
    Guard.prototype._schedulePreviewWrite = function () {
        if (this.previewFrame !== null || this._previewUpToDate()) {
            return;
        }
        var self = this;
        var later =
            typeof requestAnimationFrame === "function"
                ? requestAnimationFrame
                : function (fn) {
                      return setTimeout(fn, 16);
                  };
        this.previewFrame = later(function () {
            self.previewFrame = null;
            self._writePreview();
        });
    };

    Guard.prototype._previewUpToDate = function () {
        var show = this.previewOpen && this.xml !== null;
        if (this.xmlNode.hidden !== !show) {
            return false;
        }
        return show
            ? this.shownXml === this.xml
            : this.previewOpen || this.shownXml === null;
    };

    Guard.prototype._writePreview = function () {
        if (!this.previewRoot) {
            return;
        }
        var show = this.previewOpen && this.xml !== null;
        if (show && this.shownXml !== this.xml) {
            this.xmlNode.textContent = this.xml;
            this.shownXml = this.xml;
        } else if (!this.previewOpen && this.shownXml !== null) {
            // Collapsed: drop the text too, so the page holds no second copy to lay out.
            this.xmlNode.textContent = "";
            this.shownXml = null;
        }
        setHidden(this.xmlNode, !show);
    };

    Guard.prototype.setLang = function (lang) {
        this.lang = lang === "en" ? "en" : "fr";
        this._applyLang();
    };

    Guard.prototype._applyLang = function () {
        var lang = this.lang;
        this.root.setAttribute("lang", lang);
        setText(this.titleNode, this._text(TEXT.title, lang));
        setText(this.langButton, this._text(TEXT.toggle, lang));
        setText(this.emptyNode, this._text(TEXT.none, lang));
        var self = this;
        this.entries.forEach(function (entry) {
            self._updateDiagNode(entry.panelNode, entry.panelNode._cg.d);
            if (entry.inlineNode) {
                self._updateDiagNode(entry.inlineNode, entry.inlineNode._cg.d);
            }
        });
        this._renderCounts();
        if (this.notice) {
            this.setNotice(this.notice);
        }
        if (this.previewRoot) {
            setText(this.previewTitle, this._text(TEXT.preview, lang));
            setText(this.draftBadge, this._text(TEXT.draft, lang));
            setText(this.draftHint, this._text(TEXT.draftHint, lang));
            setText(this.xmlButton, this._text(TEXT.downloadXml, lang));
            setText(this.pdfButton, this._text(TEXT.downloadPdf, lang));
            setText(
                this.toggleButton,
                t(this.previewOpen ? TEXT.hideXml : TEXT.showXml, lang)
            );
            if (this.xml === null && this.previewState.error) {
                setText(
                    this.previewError,
                    this._text(TEXT.noXml, lang) + this.previewState.error
                );
            }
        }
    };

    /** Removes everything the layer added to the host's DOM. */
    Guard.prototype.destroy = function () {
        this.entries.forEach(function (entry) {
            if (entry.inlineNode && entry.inlineNode.parentNode) {
                entry.inlineNode.parentNode.removeChild(entry.inlineNode);
            }
        });
        this.fieldBoxes.forEach(function (box) {
            if (box.parentNode) {
                box.parentNode.removeChild(box);
            }
        });
        if (this.root.parentNode) {
            this.root.parentNode.removeChild(this.root);
        }
        if (this.previewRoot && this.previewRoot.parentNode) {
            this.previewRoot.parentNode.removeChild(this.previewRoot);
        }
        if (this.previewFrame !== null) {
            (typeof cancelAnimationFrame === "function"
                ? cancelAnimationFrame
                : clearTimeout)(this.previewFrame);
            this.previewFrame = null;
        }
        this.entries.clear();
        this.fieldBoxes.clear();
    };

    global.ChorusGuardUI = {
        create: function (options) {
            return new Guard(options);
        },
        isBlocking: isBlocking,
        download: download,
        keyOf: keyOf,
    };
})(typeof window !== "undefined" ? window : this);
