/* Chorus Guard — the browser benchmark (issue 5). Classic script, like the demo.
 *
 * window.ChorusGuardBench:
 *   coldStart()          fetch + compile + instantiate + first check, on a fresh engine
 *                        (the first call in a page also fetches the glue script)
 *   run(options)         for 1, 50 and 1000 lines: one keystroke's work (form state →
 *                        check → xml → render by ChorusGuardUI, layout included), each
 *                        phase apart, `check` and `xml` on the invoice itself, and the
 *                        module's memory after the invoice is processed
 * tests/bench/browser_bench.mjs drives it in headless Chromium; the button runs it by hand.
 * Fixtures: ?fixtures=<url/> or ../tests/bench/out/fixtures/ (written by `npm run bench`).
 */
(function () {
    "use strict";

    var LIB = "../odoo_addon/l10n_fr_chorus_guard/static/lib/chorus_guard/";
    var SIZES = [1, 50, 1000];
    // A keystroke at a time, the service code typed into `ref` and typed again: the
    // diagnostics change along the way, as they do when an accountant types.
    var TYPED = "04AMIDEX";

    function fixturesBase() {
        var param = new URLSearchParams(location.search).get("fixtures");
        return param || "../tests/bench/out/fixtures/";
    }

    function fetchJson(url) {
        return fetch(url, { cache: "no-store" }).then(function (r) {
            if (!r.ok) {
                throw new Error(url + " : HTTP " + r.status + " (lancez `npm run bench` pour écrire les factures)");
            }
            return r.json();
        });
    }

    function summary(samples) {
        var s = samples.slice().sort(function (a, b) {
            return a - b;
        });
        // Nearest rank: p99 of 300 samples is the third largest.
        var rank = function (q) {
            return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
        };
        return { median: rank(0.5), p99: rank(0.99), min: s[0], max: s[s.length - 1], n: s.length };
    }

    /** The smallest step performance.now() takes here (coarsened unless cross-origin isolated). */
    function timerResolution() {
        var best = Infinity;
        for (var i = 0; i < 50; i++) {
            var a = performance.now();
            var b = performance.now();
            while (b === a) {
                b = performance.now();
            }
            best = Math.min(best, b - a);
        }
        return best;
    }

    var forms = {};
    var invoices = {};
    // The reform's B2B form (issue 14): EN 16931 + BR-FR live, the fr-ctc file.
    var reformForms = {};

    function loadFixtures() {
        var base = fixturesBase();
        return Promise.all(
            SIZES.map(function (n) {
                return Promise.all([fetchJson(base + "form-" + n + ".json"), fetchJson(base + "invoice-" + n + ".json")]).then(
                    function (pair) {
                        forms[n] = pair[0];
                        invoices[n] = pair[1];
                    }
                );
            }).concat(
                SIZES.map(function (n) {
                    // Older fixture directories have none: the reform is then not measured.
                    return fetch(base + "form-reform-" + n + ".json", { cache: "no-store" })
                        .then(function (r) {
                            return r.ok ? r.json() : null;
                        })
                        .then(function (form) {
                            if (form) {
                                reformForms[n] = form;
                            }
                        });
                })
            )
        );
    }

    var coldRuns = 0;

    function coldStart() {
        return loadFixtures().then(function () {
            coldRuns += 1;
            var t0 = performance.now();
            // A URL never loaded before: the loader's cache and the HTTP cache are bypassed.
            return ChorusGuardEngine.load({
                wasmUrl: LIB + "chorus_guard_bg.wasm?cold=" + Date.now() + "-" + coldRuns,
                glueUrl: LIB + "chorus_guard.js",
            }).then(function (engine) {
                var t1 = performance.now();
                engine.check(forms[1]);
                var t2 = performance.now();
                return { total_ms: t2 - t0, load_ms: t1 - t0, first_check_ms: t2 - t1, engine: engine };
            });
        });
    }

    function fieldElement(name) {
        return document.querySelector('#form_fields [name="' + name + '"]');
    }

    /**
     * One keystroke: what the form does on an `input` event, timed phase by phase: the
     * engine (`check_and_xml`: check and xml from one reading of the form), the messages,
     * the preview (collapsed, as the form opens: it only keeps the XML).
     */
    function keystroke(engine, ui, form, phases) {
        var t0 = performance.now();
        var diagnostics = [];
        var xml = null;
        var error = null;
        try {
            var both = engine.check_and_xml(form, {});
            diagnostics = both.diagnostics;
            xml = both.xml;
            error = both.xml_error ? both.xml_error.message : null;
        } catch (err) {
            error = err.message;
        }
        var t2 = performance.now();
        ui.render(diagnostics);
        // The frame is not done until layout is: count it, after each part.
        void document.body.offsetHeight;
        var t3 = performance.now();
        ui.showPreview(xml, { draft: true, error: error });
        void document.body.offsetHeight;
        var t4 = performance.now();
        if (phases) {
            phases.engine.push(t2 - t0);
            phases.render.push(t3 - t2);
            phases.preview.push(t4 - t3);
            phases.no_preview.push(t3 - t0);
        }
        return t4 - t0;
    }

    /**
     * The preview opened on `xml`: the one write of the XML text (and its layout) an open
     * preview costs per frame, however many keystrokes the frame held.
     */
    function previewWrite(ui, xmlA, xmlB, count) {
        var samples = [];
        ui.showPreview(xmlA, { draft: true });
        ui.setPreviewOpen(true);
        void document.body.offsetHeight;
        for (var i = 0; i < count; i++) {
            ui.showPreview(i % 2 ? xmlA : xmlB, { draft: true });
            var t0 = performance.now();
            ui._writePreview();
            void document.body.offsetHeight;
            samples.push(performance.now() - t0);
        }
        ui.setPreviewOpen(false);
        void document.body.offsetHeight;
        return summary(samples);
    }

    function timeCalls(fn, count) {
        var samples = [];
        for (var i = 0; i < count; i++) {
            var t0 = performance.now();
            fn();
            samples.push(performance.now() - t0);
        }
        return summary(samples);
    }

    /** The module's linear memory after one check and one xml of `form`, on a fresh instance. */
    function memoryFor(engine, form) {
        var glue = chorus_guard_wasm_factory();
        var exports = glue.initSync({ module: engine.module });
        var before = exports.memory.buffer.byteLength;
        glue.check(form);
        glue.xml(form, {});
        return { start_bytes: before, after_bytes: exports.memory.buffer.byteLength };
    }

    function run(options) {
        options = options || {};
        var counts = options.keystrokes || { 1: 400, 50: 400, 1000: 40 };
        return coldStart().then(function (cold) {
            var engine = cold.engine;
            var ui = ChorusGuardUI.create({
                panel: document.getElementById("guard_panel"),
                preview: document.getElementById("guard_preview"),
                fieldElement: fieldElement,
            });
            var out = {
                cold_start: { total_ms: cold.total_ms, load_ms: cold.load_ms, first_check_ms: cold.first_check_ms },
                timer_resolution_ms: timerResolution(),
                cross_origin_isolated: !!window.crossOriginIsolated,
                user_agent: navigator.userAgent,
                sizes: {},
            };
            function typing(base, count) {
                var warm = Math.max(5, Math.floor(count / 10));
                var phases = { engine: [], render: [], preview: [], no_preview: [] };
                var samples = [];
                for (var i = 0; i < warm + count; i++) {
                    var form = Object.assign({}, base, { ref: TYPED.slice(0, i % (TYPED.length + 1)) });
                    var ms = keystroke(engine, ui, form, i >= warm ? phases : null);
                    if (i >= warm) {
                        samples.push(ms);
                    }
                }
                return { samples: samples, phases: phases };
            }
            out.reform = {};
            SIZES.forEach(function (n) {
                var base = forms[n];
                var count = counts[n] || 100;
                var typed = typing(base, count);
                var samples = typed.samples;
                var phases = typed.phases;
                var invoice = invoices[n];
                var xmlA = engine.xml(base, {});
                var xmlB = engine.xml(Object.assign({}, base, { ref: "X" }), {});
                var previewOpen = previewWrite(ui, xmlA, xmlB, Math.max(10, Math.floor(count / 10)));
                var calls = Math.max(10, Math.floor(count / 2));
                engine.xml(invoice, {});
                out.sizes[n] = {
                    keystroke: summary(samples),
                    engine: summary(phases.engine),
                    render: summary(phases.render),
                    preview: summary(phases.preview),
                    keystroke_without_preview: summary(phases.no_preview),
                    invoice_check: timeCalls(function () {
                        engine.check(invoice);
                    }, calls),
                    invoice_xml: timeCalls(function () {
                        engine.xml(invoice, {});
                    }, calls),
                    preview_open_write: previewOpen,
                    memory: memoryFor(engine, base),
                };
                if (reformForms[n]) {
                    var reform = typing(reformForms[n], count);
                    out.reform[n] = {
                        keystroke: summary(reform.samples),
                        engine: summary(reform.phases.engine),
                        keystroke_without_preview: summary(reform.phases.no_preview),
                    };
                }
            });
            ui.destroy();
            return out;
        });
    }

    function fmt(ms) {
        return ms < 1 ? ms.toFixed(3) : ms.toFixed(1);
    }

    function show(result) {
        var rows = [
            ["frappe, médiane (ms)", function (s) { return fmt(s.keystroke.median); }],
            ["frappe, p99 (ms)", function (s) { return fmt(s.keystroke.p99); }],
            ["  dont moteur, check_and_xml (médiane)", function (s) { return fmt(s.engine.median); }],
            ["  dont affichage des messages (médiane)", function (s) { return fmt(s.render.median); }],
            ["  dont aperçu XML (médiane)", function (s) { return fmt(s.preview.median); }],
            ["frappe sans aperçu XML, médiane (ms)", function (s) { return fmt(s.keystroke_without_preview.median); }],
            ["frappe sans aperçu XML, p99 (ms)", function (s) { return fmt(s.keystroke_without_preview.p99); }],
            ["aperçu ouvert : écriture du XML, une par image (ms)", function (s) { return fmt(s.preview_open_write.median); }],
            ["xml de la facture (ms)", function (s) { return fmt(s.invoice_xml.median); }],
            ["check de la facture (ms)", function (s) { return fmt(s.invoice_check.median); }],
            ["mémoire du module (Mo)", function (s) { return (s.memory.after_bytes / 1048576).toFixed(1); }],
        ];
        var body = document.querySelector("#results tbody");
        body.textContent = "";
        rows.forEach(function (row) {
            var tr = document.createElement("tr");
            var th = document.createElement("td");
            th.textContent = row[0];
            tr.appendChild(th);
            SIZES.forEach(function (n) {
                var td = document.createElement("td");
                td.textContent = row[1](result.sizes[n]);
                tr.appendChild(td);
            });
            body.appendChild(tr);
        });
        document.getElementById("results").hidden = false;
        var raw = document.getElementById("raw");
        raw.textContent = "démarrage à froid : " + fmt(result.cold_start.total_ms) + " ms\n" + JSON.stringify(result, null, 1);
        raw.hidden = false;
    }

    window.ChorusGuardBench = { coldStart: function () {
        return coldStart().then(function (c) {
            return { total_ms: c.total_ms, load_ms: c.load_ms, first_check_ms: c.first_check_ms };
        });
    }, run: run };

    document.getElementById("run").addEventListener("click", function () {
        var status = document.getElementById("status");
        status.textContent = "mesure en cours…";
        run().then(
            function (result) {
                status.textContent = "";
                show(result);
            },
            function (err) {
                status.textContent = "échec : " + err.message;
            }
        );
    });
})();
