/* Chorus Guard: loads the engine (WebAssembly) and hands out an object whose methods
 * are synchronous once loaded.
 *
 * A classic script on purpose (no import/export, no import.meta, no
 * document.currentScript): Odoo 14 concatenates its assets into one classic script,
 * and the demo loads it with a plain <script>.
 *
 *   ChorusGuardEngine.load({
 *     wasmUrl: '/l10n_fr_chorus_guard/static/lib/chorus_guard/chorus_guard_bg.wasm?v=…',
 *     glueUrl: '/l10n_fr_chorus_guard/static/lib/chorus_guard/chorus_guard.js',  // optional
 *     wasmBytes: undefined,   // or an ArrayBuffer / Uint8Array instead of wasmUrl
 *   }).then(function (engine) { engine.check(form); });
 *
 * The engine: check(input), xml(input, options), check_and_xml(input, options) (both from
 * one reading of the input: {diagnostics, xml, xml_error}), version(), fingerprint(xml),
 * to_invoice(form, options): what a keystroke needs, nothing more. A test build of either
 * module (tests/tools/build-wasm.sh --selftest) also has selftest_panic(), which panics on
 * purpose; the shipped modules lack it, and the loader wraps only what a module exports.
 *
 * The rest takes a second module, "the PDF module", fetched only when needed: writing or
 * reading a Factur-X PDF, reading a Factur-X XML back, explaining a Chorus Pro rejection
 * (the PDF code is most of its download; the form needs none of it):
 *
 *   ChorusGuardEngine.loadPdf({
 *     wasmUrl: '/l10n_fr_chorus_guard/static/lib/chorus_guard/chorus_guard_pdf_bg.wasm?v=…',
 *     glueUrl: '/l10n_fr_chorus_guard/static/lib/chorus_guard/chorus_guard_pdf.js?v=…',
 *   }).then(function (pdfModule) { pdfModule.pdf(pdfBytes, xml); });
 *
 * It has pdf(pdfBytes, xml) (a Uint8Array), extract(pdfBytes), read(xml), explain(text),
 * version(), synchronous like the engine's; version.json names both modules' versioned URLs (`wasm`,
 * `glue`, `pdf_wasm`, `pdf_glue`).
 *
 * Errors are thrown `Error`s: message in French, `en` in English, `kind`. A panic inside a
 * module traps its WebAssembly instance; each method then starts a fresh instance from the
 * compiled module and throws « erreur interne du moteur (réinitialisé) », and the next call
 * works again.
 */
(function (root) {
    "use strict";

    // One entry per module: its glue's factory global, the file named in messages, its
    // exports. `find` names the factory as a bare identifier too: see findFactory.
    var ENGINE = {
        factory: "chorus_guard_wasm_factory",
        script: "chorus_guard.js",
        call: "ChorusGuardEngine.load",
        fr: "le moteur Chorus Guard",
        en: "the Chorus Guard engine",
        exports: [
            "check",
            "check_and_xml",
            "xml",
            "version",
            "fingerprint",
            "to_invoice",
            // test builds only
            "selftest_panic",
        ],
        find: function () {
            /* global chorus_guard_wasm_factory */
            return typeof chorus_guard_wasm_factory === "function"
                ? chorus_guard_wasm_factory
                : null;
        },
    };
    var PDF = {
        factory: "chorus_guard_pdf_wasm_factory",
        script: "chorus_guard_pdf.js",
        call: "ChorusGuardEngine.loadPdf",
        fr: "le module PDF de Chorus Guard",
        en: "the Chorus Guard PDF module",
        // selftest_panic: test builds only
        exports: ["pdf", "extract", "read", "explain", "version", "selftest_panic"],
        find: function () {
            /* global chorus_guard_pdf_wasm_factory */
            return typeof chorus_guard_pdf_wasm_factory === "function"
                ? chorus_guard_pdf_wasm_factory
                : null;
        },
    };

    function engineError(fr, en, kind, cause) {
        var error = new Error(fr);
        error.en = en;
        error.kind = kind;
        if (cause !== undefined) {
            error.cause = cause;
        }
        return error;
    }

    // The glue defines its globals with `var` at the top of a classic script; they are
    // window properties, but a bundle wrapper could make them plain bindings: try both.
    function findFactory(spec) {
        try {
            var factory = spec.find();
            if (factory) {
                return factory;
            }
        } catch (e) {
            // not yet defined
        }
        return typeof root[spec.factory] === "function" ? root[spec.factory] : null;
    }

    function injectScript(spec, url) {
        return new Promise(function (resolve, reject) {
            var script = document.createElement("script");
            script.src = url;
            script.async = false;
            script.onload = function () {
                resolve();
            };
            script.onerror = function () {
                reject(
                    engineError(
                        "impossible de charger " + spec.fr + " (script " + url + ")",
                        "cannot load " + spec.en + " (script " + url + ")",
                        "load"
                    )
                );
            };
            (document.head || document.documentElement).appendChild(script);
        });
    }

    function glueFactory(spec, options) {
        var factory = findFactory(spec);
        if (factory) {
            return Promise.resolve(factory);
        }
        if (!options.glueUrl) {
            return Promise.reject(
                engineError(
                    "le script " +
                        spec.script +
                        " n'est pas chargé et aucun glueUrl n'est donné",
                    "the script " +
                        spec.script +
                        " is not loaded and no glueUrl was given",
                    "load"
                )
            );
        }
        return injectScript(spec, options.glueUrl).then(function () {
            var loaded = findFactory(spec);
            if (!loaded) {
                throw engineError(
                    "le script " + options.glueUrl + " ne définit pas " + spec.factory,
                    "the script " +
                        options.glueUrl +
                        " does not define " +
                        spec.factory,
                    "load"
                );
            }
            return loaded;
        });
    }

    // Compiled once and kept: a reset after a panic instantiates it again, synchronously.
    function compileModule(spec, options) {
        if (options.wasmBytes) {
            return WebAssembly.compile(options.wasmBytes);
        }
        if (!options.wasmUrl) {
            return Promise.reject(
                engineError(
                    spec.call + " : wasmUrl (versionné) ou wasmBytes est obligatoire",
                    spec.call + ": wasmUrl (versioned) or wasmBytes is required",
                    "load"
                )
            );
        }
        return fetch(options.wasmUrl, {credentials: "same-origin"}).then(function (
            response
        ) {
            if (!response.ok) {
                throw engineError(
                    "impossible de charger " +
                        spec.fr +
                        " (" +
                        options.wasmUrl +
                        " : HTTP " +
                        response.status +
                        ")",
                    "cannot load " +
                        spec.en +
                        " (" +
                        options.wasmUrl +
                        ": HTTP " +
                        response.status +
                        ")",
                    "load"
                );
            }
            var type = (response.headers.get("Content-Type") || "")
                .split(";")[0]
                .trim()
                .toLowerCase();
            // Streaming compilation requires this exact type; servers that say text/plain or
            // application/octet-stream get the buffered path.
            if (
                type === "application/wasm" &&
                typeof WebAssembly.compileStreaming === "function"
            ) {
                return WebAssembly.compileStreaming(response);
            }
            return response.arrayBuffer().then(function (buffer) {
                return WebAssembly.compile(buffer);
            });
        });
    }

    function instantiate(factory, module) {
        var glue = factory();
        glue.initSync({module: module});
        return glue;
    }

    function isTrap(error) {
        // Engine errors carry a `kind`; a trap (panic, unreachable) or a wasm stack
        // overflow does not, and leaves the instance in an unknown state.
        return (
            (error instanceof WebAssembly.RuntimeError ||
                error instanceof RangeError) &&
            !(error && error.kind)
        );
    }

    function makeEngine(spec, factory, module) {
        var current = instantiate(factory, module);
        var engine = {
            /** How many times the instance was replaced after a panic. */
            resets: 0,
            /** The compiled module, e.g. to start a worker with the same code. */
            module: module,
        };

        function reset() {
            engine.resets += 1;
            current = instantiate(factory, module);
        }

        spec.exports.forEach(function (name) {
            // A glue older than this loader lacks the newer exports: callers test for them.
            if (typeof current[name] !== "function") {
                return;
            }
            engine[name] = function () {
                var glue = current;
                try {
                    return glue[name].apply(glue, arguments);
                } catch (error) {
                    if (!isTrap(error)) {
                        throw error;
                    }
                    try {
                        reset();
                    } catch (resetError) {
                        throw engineError(
                            "erreur interne du moteur (réinitialisation impossible : " +
                                resetError.message +
                                ")",
                            "engine internal error (reset failed: " +
                                resetError.message +
                                ")",
                            "internal",
                            error
                        );
                    }
                    throw engineError(
                        "erreur interne du moteur (réinitialisé)",
                        "engine internal error (reset)",
                        "internal",
                        error
                    );
                }
            };
        });
        return engine;
    }

    var cache = {};

    function loadModule(spec, options) {
        options = options || {};
        var key = options.wasmBytes
            ? null
            : spec.factory + " " + String(options.wasmUrl || "");
        if (key && cache[key]) {
            return cache[key];
        }
        if (typeof WebAssembly !== "object") {
            return Promise.reject(
                engineError(
                    "ce navigateur ne sait pas exécuter WebAssembly : le contrôle Chorus Guard est indisponible",
                    "this browser cannot run WebAssembly: Chorus Guard checks are unavailable",
                    "load"
                )
            );
        }
        var promise = Promise.all([
            glueFactory(spec, options),
            compileModule(spec, options),
        ]).then(function (parts) {
            return makeEngine(spec, parts[0], parts[1]);
        });
        if (key) {
            cache[key] = promise;
            // A failed load may be retried (network back, file built).
            promise.catch(function () {
                delete cache[key];
            });
        }
        return promise;
    }

    /**
     * Loads the engine. `options`: { wasmUrl, glueUrl?, wasmBytes? }. Resolves to the
     * engine object; the same wasmUrl loads once.
     */
    function load(options) {
        return loadModule(ENGINE, options);
    }

    /**
     * Loads the PDF module (pdf, extract, read, explain), the same way: `options` { wasmUrl, glueUrl?,
     * wasmBytes? }, the same wasmUrl loads once. Its glue is not in any bundle: give glueUrl.
     */
    function loadPdf(options) {
        return loadModule(PDF, options);
    }

    root.ChorusGuardEngine = {load: load, loadPdf: loadPdf};
})(typeof window !== "undefined" ? window : this);
