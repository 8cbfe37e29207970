/* A harness reproducing the Odoo 14 web client APIs the Chorus Guard glue uses, so that
 * the glue runs, unchanged and bundled the Odoo way, in headless Chromium without Odoo.
 *
 * Loaded as a classic script BEFORE the bundle (like Odoo's web.assets_common). What it
 * reproduces, each named after Odoo 14's own module (addons/web/static/src/js/...):
 *
 *  - boot.js          `odoo.define(name, factory)`: dependencies read from the factory's
 *                     source (`require("…")`), jobs run when their dependencies are
 *                     services; a factory may return a Promise (async factory): the
 *                     service exists once it resolves. `odoo.__DEBUG__.services`.
 *  - core/class.js    `Class.extend(mixins…, props)` with `this._super` bound per call
 *                     (valid only synchronously, as in Odoo), `Class.include`.
 *  - core/mixins.js   EventDispatcherMixin: `custom_events`, `trigger_up` bubbling from
 *                     the widget to its parents, `setParent`, `isDestroyed`.
 *  - core/concurrency.js  `Mutex` (`exec`, `getUnlockedDef`).
 *  - core/widget.js   `el`/`$el`, `appendTo`, `start`, `_rpc` (→ the harness server, async,
 *                     Odoo's rejection shape `{message: {data: {message}}, event}`),
 *                     `displayNotification`.
 *  - fields/field_utils.js  `parse.float` with the user's separators (fr: « 2 600,50 »).
 *  - views/basic/basic_model.js  `get(handle)` returns a fresh datapoint: many2one
 *                     `{id, res_id, model, data: {id, display_name}}`, many2many
 *                     `{res_ids, data: [{data: {id, display_name}}]}`, one2many
 *                     `invoice_line_ids.data[]` of line datapoints, dates as moments;
 *                     `notifyChanges` runs the onchange and resolves to the changed fields.
 *  - views/basic/basic_controller.js + field_manager_mixin.js  `field_changed` →
 *                     `_applyChanges` in the mutex → `_confirmChange(id, fields, ev)` →
 *                     `renderer.confirmChange`; `canBeSaved`, `saveRecord`, `isDirty`,
 *                     `_disableButtons`/`_enableButtons`, `update`/`reload`.
 *  - views/form/form_controller.js  `_onButtonClicked` (stopPropagation, disable buttons,
 *                     save, call the button, reload, re-enable every button).
 *  - views/form/form_renderer.js  `_renderView` rebuilds the whole DOM (mode switch,
 *                     reload); `confirmChange` resets the changed widgets and the
 *                     modifiers; status bar buttons `button[name=…]`, widgets
 *                     `.o_field_widget[name=…]`, list rows `tr.o_data_row[data-id]`.
 *  - fields: text and number inputs notify their value on `change` only (Odoo 14's
 *                     debounce is effectively infinite in form views; `input` only marks
 *                     the widget dirty); many2one is an input with a `.ui-autocomplete`
 *                     menu whose item click sets `{id, display_name}`.
 *  - views/view_registry.js, views/form/form_view.js  `view_registry.add/get`,
 *                     `FormView.prototype.config = {Model, Renderer, Controller}`,
 *                     `getController(parent)`; a js_class missing from the registry drops
 *                     the form without a word, as Odoo 14 does.
 *
 * The page provides `window.OdooHarnessServer = {rpc(params), callButton(attrs, resId),
 * read(resId), onchange(values, field), write(resId, values), nameSearch(model, term)}`.
 */
(function () {
    "use strict";

    // ------------------------------------------------------------------ boot.js
    var jobs = [];
    var services = Object.create(null);
    var failed = [];
    var commentRegExp = /(\/\*([\s\S]*?)\*\/|([^:]|^)\/\/(.*)$)/gm;
    var cjsRequireRegExp = /[^.]\s*require\s*\(\s*["']([^'"\s]+)["']\s*\)/g;

    var odoo = (window.odoo = window.odoo || {});

    function processJobs() {
        var progressed = true;
        while (progressed) {
            progressed = false;
            for (var i = 0; i < jobs.length; i++) {
                var job = jobs[i];
                if (job.error || job.running) {
                    continue;
                }
                var ready = job.deps.every(function (d) {
                    return d in services;
                });
                if (!ready) {
                    continue;
                }
                runJob(job);
                progressed = true;
                break;
            }
        }
    }

    function runJob(job) {
        job.running = true;
        var deps = {};
        job.deps.forEach(function (d) {
            deps[d] = services[d];
        });
        function require(name) {
            if (!(name in deps)) {
                console.error("Undefined dependency: ", name);
            }
            return deps[name];
        }
        var value;
        try {
            value = job.factory.call(null, require);
        } catch (e) {
            job.error = e;
            failed.push(job.name);
            console.error("Error while loading " + job.name + ": " + (e && e.stack));
            return;
        }
        jobs.splice(jobs.indexOf(job), 1);
        Promise.resolve(value).then(
            function (data) {
                services[job.name] = data;
                processJobs();
            },
            function (e) {
                job.rejected = e || true;
            }
        );
    }

    odoo.define = function () {
        var args = Array.prototype.slice.call(arguments);
        var name = typeof args[0] === "string" ? args.shift() : "__odoo_job" + Date.now();
        var factory = args[args.length - 1];
        var deps;
        if (Array.isArray(args[0])) {
            deps = args[0];
        } else {
            deps = [];
            factory
                .toString()
                .replace(commentRegExp, "")
                .replace(cjsRequireRegExp, function (match, dep) {
                    deps.push(dep);
                });
        }
        jobs.push({ name: name, factory: factory, deps: deps });
        processJobs();
    };
    odoo.__DEBUG__ = {
        services: services,
        failed: failed,
        remainingJobs: jobs,
        /** Resolves when the module is a service (for the harness page). */
        whenDefined: function (name, timeout) {
            return new Promise(function (resolve, reject) {
                var start = Date.now();
                (function poll() {
                    if (name in services) {
                        return resolve(services[name]);
                    }
                    if (Date.now() - start > (timeout || 5000)) {
                        return reject(new Error("module " + name + " never defined"));
                    }
                    setTimeout(poll, 5);
                })();
            });
        },
    };

    // ----------------------------------------------------------------- class.js
    odoo.define("web.Class", function () {
        var initializing = false;
        var fnTest = /\b_super\b/;
        function OdooClass() {}

        function wrap(name, fn, parent) {
            return function () {
                var tmp = this._super;
                this._super = parent[name];
                var ret = fn.apply(this, arguments);
                this._super = tmp;
                return ret;
            };
        }

        function copyProps(target, props, parent) {
            Object.keys(props).forEach(function (name) {
                var value = props[name];
                target[name] =
                    typeof value === "function" && typeof parent[name] === "function" && fnTest.test(value)
                        ? wrap(name, value, parent)
                        : value;
            });
        }

        OdooClass.extend = function () {
            var _super = this.prototype;
            var args = Array.prototype.slice.call(arguments);
            var props = {};
            args.forEach(function (a) {
                Object.assign(props, a);
            });
            initializing = true;
            var prototype = new this();
            initializing = false;
            copyProps(prototype, props, _super);

            function Class() {
                if (!initializing && this.init) {
                    var ret = this.init.apply(this, arguments);
                    if (ret) {
                        return ret;
                    }
                }
                return this;
            }
            Class.include = function (properties) {
                var proto = this.prototype;
                Object.keys(properties).forEach(function (name) {
                    var value = properties[name];
                    if (typeof value === "function" && typeof proto[name] === "function") {
                        var previous = proto[name];
                        proto[name] = function () {
                            var tmp = this._super;
                            this._super = previous;
                            var ret = value.apply(this, arguments);
                            this._super = tmp;
                            return ret;
                        };
                    } else {
                        proto[name] = value;
                    }
                });
            };
            Class.prototype = prototype;
            Class.constructor = Class;
            Class.extend = OdooClass.extend;
            return Class;
        };
        return OdooClass;
    });

    // -------------------------------------------------------------- concurrency
    odoo.define("web.concurrency", function () {
        function Mutex() {
            this._lock = Promise.resolve();
            this._queueSize = 0;
            this._unlockedProm = undefined;
            this._unlock = undefined;
        }
        Mutex.prototype.exec = function (action) {
            var self = this;
            var result;
            this._queueSize++;
            if (!this._unlockedProm) {
                this._unlockedProm = new Promise(function (resolve) {
                    self._unlock = resolve;
                });
            }
            this._lock = new Promise(function (unlockCurrent) {
                self._lock.then(function () {
                    result = action();
                    var always = function (value) {
                        unlockCurrent();
                        self._queueSize--;
                        if (self._queueSize === 0) {
                            self._unlockedProm = undefined;
                            self._unlock();
                        }
                        return value;
                    };
                    Promise.resolve(result).then(always, always);
                });
            });
            return this._lock.then(function () {
                return result;
            });
        };
        Mutex.prototype.getUnlockedDef = function () {
            return this._unlockedProm || Promise.resolve();
        };
        return { Mutex: Mutex };
    });

    // --------------------------------------------------------------------- core
    odoo.define("web.core", function () {
        // The module's French translations, as Odoo's web client loads them for a French user.
        var translations = window.__cgWebTranslations || {};
        function _t(source) {
            return translations[source] || source;
        }
        _t.database = {
            parameters: { code: "fr_FR", decimal_point: ",", thousands_sep: "\u00a0", direction: "ltr" },
            multi_lang: false,
        };
        _t.translations = translations;
        return { _t: _t, _lt: _t, bus: { trigger: function () {} } };
    });

    // --------------------------------------------------------------- field_utils
    odoo.define("web.field_utils", function (require) {
        var core = require("web.core");
        function parseFloatUser(value) {
            var p = core._t.database.parameters;
            var s = String(value).trim();
            s = s.split(p.thousands_sep).join("").split(" ").join("").split("\u202f").join("");
            s = s.split(p.decimal_point).join(".");
            var n = Number(s);
            if (s === "" || !isFinite(n)) {
                throw new Error("Invalid number: " + value);
            }
            return n;
        }
        function formatFloat(value, digits) {
            if (value === false || value === null || value === undefined) {
                return "";
            }
            var p = core._t.database.parameters;
            var fixed = Number(value).toFixed(digits === undefined ? 2 : digits);
            var parts = fixed.split(".");
            parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, p.thousands_sep);
            return parts.join(p.decimal_point);
        }
        return { parse: { float: parseFloatUser, monetary: parseFloatUser }, format: { float: formatFloat } };
    });

    // ------------------------------------------------------------------- mixins
    odoo.define("web.mixins", function () {
        function OdooEvent(target, name, data) {
            this.target = target;
            this.name = name;
            this.data = Object.create(null);
            Object.assign(this.data, data);
            this.stopped = false;
        }
        OdooEvent.prototype.stopPropagation = function () {
            this.stopped = true;
        };
        OdooEvent.prototype.is_stopped = function () {
            return this.stopped;
        };
        var EventDispatcherMixin = {
            setParent: function (parent) {
                this.__parentedParent = parent;
            },
            getParent: function () {
                return this.__parentedParent;
            },
            isDestroyed: function () {
                return !!this.__parentedDestroyed;
            },
            trigger_up: function (name, info) {
                var event = new OdooEvent(this, name, info);
                this._trigger_up(event);
                return event;
            },
            _trigger_up: function (event) {
                var handler = this.custom_events && this.custom_events[event.name];
                if (handler) {
                    var fn = typeof handler === "string" ? this[handler] : handler;
                    fn.call(this, event);
                }
                var parent = this.getParent();
                if (!event.is_stopped() && parent && parent._trigger_up) {
                    parent._trigger_up(event);
                }
            },
            destroy: function () {
                this.__parentedDestroyed = true;
            },
        };
        return { EventDispatcherMixin: EventDispatcherMixin, OdooEvent: OdooEvent };
    });

    // ------------------------------------------------------------------- Widget
    odoo.define("web.Widget", function (require) {
        var Class = require("web.Class");
        var mixins = require("web.mixins");
        return Class.extend(mixins.EventDispatcherMixin, {
            tagName: "div",
            custom_events: {},
            init: function (parent) {
                this.setParent(parent);
            },
            setElement: function (el) {
                this.el = el;
                // jQuery is not loaded in the harness: the glue must not need it.
                this.$el = { 0: el, length: 1 };
            },
            appendTo: function (target) {
                this.setElement(document.createElement(this.tagName));
                if (this.className) {
                    this.el.className = this.className;
                }
                target.appendChild(this.el);
                return Promise.resolve(this.start());
            },
            start: function () {
                return Promise.resolve();
            },
            destroy: function () {
                mixins.EventDispatcherMixin.destroy.call(this);
                if (this.el && this.el.parentNode) {
                    this.el.parentNode.removeChild(this.el);
                }
            },
            _rpc: function (params) {
                return new Promise(function (resolve, reject) {
                    // Network latency: never synchronous, as in Odoo.
                    setTimeout(function () {
                        var server = window.OdooHarnessServer;
                        Promise.resolve()
                            .then(function () {
                                return server.rpc(params);
                            })
                            .then(resolve, function (error) {
                                var event = {
                                    defaultPrevented: false,
                                    preventDefault: function () {
                                        this.defaultPrevented = true;
                                    },
                                };
                                var rejection = {
                                    message: {
                                        code: 200,
                                        message: "Odoo Server Error",
                                        data: { message: error && error.message ? error.message : String(error) },
                                    },
                                    event: event,
                                };
                                reject(rejection);
                                setTimeout(function () {
                                    if (!event.defaultPrevented) {
                                        showNotification({
                                            type: "danger",
                                            title: "Odoo Server Error",
                                            message: rejection.message.data.message,
                                            crash: true,
                                        });
                                    }
                                }, 0);
                            });
                    }, 5);
                });
            },
            displayNotification: function (params) {
                showNotification(params);
            },
        });
    });

    function showNotification(params) {
        var box = document.querySelector(".o_notification_manager");
        if (!box) {
            box = document.createElement("div");
            box.className = "o_notification_manager";
            document.body.appendChild(box);
        }
        var n = document.createElement("div");
        n.className = "o_notification bg-" + (params.type || "warning") + (params.crash ? " o_crash" : "");
        var title = document.createElement("strong");
        title.className = "o_notification_title";
        title.textContent = params.title || "";
        var body = document.createElement("div");
        body.className = "o_notification_content";
        body.textContent = params.message || "";
        n.appendChild(title);
        n.appendChild(body);
        box.appendChild(n);
    }

    // ------------------------------------------------------------ view_registry
    odoo.define("web.view_registry", function () {
        var map = Object.create(null);
        return {
            add: function (key, value) {
                map[key] = value;
                return this;
            },
            get: function (key) {
                return map[key];
            },
            contains: function (key) {
                return key in map;
            },
        };
    });

    // --------------------------------------------------------------- BasicModel
    odoo.define("web.BasicModel", function (require) {
        var Class = require("web.Class");
        var mixins = require("web.mixins");

        function moment(iso) {
            if (!iso) {
                return false;
            }
            return {
                _isAMomentObject: true,
                _iso: iso,
                isValid: function () {
                    return /^\d{4}-\d{2}-\d{2}$/.test(iso);
                },
                format: function (pattern) {
                    if (pattern === "YYYY-MM-DD") {
                        return iso;
                    }
                    var p = iso.split("-");
                    return p[2] + "/" + p[1] + "/" + p[0];
                },
            };
        }

        return Class.extend(mixins.EventDispatcherMixin, {
            init: function (parent, params) {
                this.setParent(parent);
                this.fields = params.fields;
                this.lineFields = params.lineFields;
                this.modelName = params.modelName;
                this.record = null; // committed values (as the server returned them)
                this.changes = {};
                this.lineChanges = {};
            },
            load: function (resId) {
                var self = this;
                return Promise.resolve(window.OdooHarnessServer.read(resId)).then(function (values) {
                    self.record = JSON.parse(JSON.stringify(values));
                    self.changes = {};
                    self.lineChanges = {};
                    return self.modelName + "_" + resId;
                });
            },
            /** The current values: committed ones plus the pending changes. */
            _values: function () {
                var v = Object.assign({}, this.record, this.changes);
                var lineChanges = this.lineChanges;
                v.invoice_line_ids = (this.record.invoice_line_ids || []).map(function (line) {
                    return Object.assign({}, line, lineChanges[line.id] || {});
                });
                return v;
            },
            _m2o: function (model, value) {
                if (!value) {
                    return false;
                }
                return {
                    id: model + "_" + value[0],
                    res_id: value[0],
                    model: model,
                    data: { id: value[0], display_name: value[1] },
                };
            },
            _m2m: function (model, ids, names) {
                var self = this;
                return {
                    id: model + "_list",
                    model: model,
                    res_ids: ids.slice(),
                    count: ids.length,
                    data: ids.map(function (id) {
                        return { id: model + "_" + id, res_id: id, model: model, data: { id: id, display_name: (names && names[id]) || String(id) } };
                    }),
                    _self: self,
                };
            },
            /** `model.get(handle)`: a fresh datapoint each call, as BasicModel does. */
            get: function (handle) {
                if (!this.record || handle !== this.modelName + "_" + this.record.id) {
                    return null;
                }
                var v = this._values();
                var fields = this.fields;
                var self = this;
                var data = { id: v.id };
                Object.keys(fields).forEach(function (name) {
                    var f = fields[name];
                    var value = v[name];
                    if (f.type === "many2one") {
                        data[name] = self._m2o(f.relation, value);
                    } else if (f.type === "date") {
                        data[name] = moment(value);
                    } else if (f.type === "one2many") {
                        data[name] = {
                            id: f.relation + "_list_" + v.id,
                            model: f.relation,
                            res_ids: value.map(function (l) {
                                return l.id;
                            }),
                            count: value.length,
                            data: value.map(function (line) {
                                var ld = { id: line.id };
                                Object.keys(self.lineFields).forEach(function (ln) {
                                    var lf = self.lineFields[ln];
                                    if (lf.type === "many2one") {
                                        ld[ln] = self._m2o(lf.relation, line[ln]);
                                    } else if (lf.type === "many2many") {
                                        ld[ln] = self._m2m(lf.relation, line[ln] || [], window.OdooHarnessServer.names);
                                    } else {
                                        ld[ln] = line[ln] === undefined ? false : line[ln];
                                    }
                                });
                                return {
                                    id: f.relation + "_" + line.id,
                                    res_id: line.id,
                                    model: f.relation,
                                    fields: self.lineFields,
                                    data: ld,
                                };
                            }),
                        };
                    } else {
                        data[name] = value === undefined ? false : value;
                    }
                });
                return {
                    id: handle,
                    res_id: v.id,
                    res_ids: [v.id],
                    model: this.modelName,
                    fields: fields,
                    data: data,
                    getContext: function () {
                        return { lang: "fr_FR" };
                    },
                };
            },
            isDirty: function () {
                return Object.keys(this.changes).length > 0 || Object.keys(this.lineChanges).length > 0;
            },
            /**
             * Applies `changes` (many2one values as {id, display_name}), runs the server's
             * onchange, resolves to the changed field names.
             */
            notifyChanges: function (dataPointID, changes) {
                var self = this;
                var changed = [];
                Object.keys(changes).forEach(function (name) {
                    var value = changes[name];
                    var f = self.fields[name];
                    if (f && f.type === "many2one") {
                        value = value && value.id ? [value.id, value.display_name] : false;
                        self.changes[name] = value;
                    } else if (f && f.type === "one2many") {
                        // {operation: 'UPDATE', id: <line datapoint id>, data: {...}}
                        var lineId = Number(String(value.id).split("_").pop());
                        self.lineChanges[lineId] = Object.assign({}, self.lineChanges[lineId] || {}, value.data);
                    } else {
                        self.changes[name] = value;
                    }
                    changed.push(name);
                });
                var onchangeField = changed.filter(function (n) {
                    return self.fields[n] && self.fields[n].onchange;
                })[0];
                if (!onchangeField) {
                    return Promise.resolve(changed);
                }
                return Promise.resolve(window.OdooHarnessServer.onchange(this._values(), onchangeField)).then(
                    function (values) {
                        Object.keys(values || {}).forEach(function (n) {
                            self.changes[n] = values[n];
                            if (changed.indexOf(n) === -1) {
                                changed.push(n);
                            }
                        });
                        return changed;
                    }
                );
            },
            save: function () {
                var self = this;
                if (!this.isDirty()) {
                    return Promise.resolve([]);
                }
                var values = Object.assign({}, this.changes);
                if (Object.keys(this.lineChanges).length) {
                    values.invoice_line_ids = this._values().invoice_line_ids;
                }
                return Promise.resolve(window.OdooHarnessServer.write(this.record.id, values)).then(function () {
                    return self.load(self.record.id).then(function () {
                        return Object.keys(values);
                    });
                });
            },
            reload: function () {
                return this.load(this.record.id);
            },
            discardChanges: function () {
                this.changes = {};
                this.lineChanges = {};
            },
        });
    });

    // ----------------------------------------------------------- FormRenderer
    odoo.define("web.FormRenderer", function (require) {
        var Widget = require("web.Widget");
        var fieldUtils = require("web.field_utils");

        function h(tag, attrs, children) {
            var node = document.createElement(tag);
            Object.keys(attrs || {}).forEach(function (k) {
                if (k === "text") {
                    node.textContent = attrs[k];
                } else if (attrs[k] !== undefined && attrs[k] !== null && attrs[k] !== false) {
                    node.setAttribute(k, attrs[k]);
                }
            });
            (children || []).forEach(function (c) {
                if (c) {
                    node.appendChild(c);
                }
            });
            return node;
        }

        return Widget.extend({
            className: "o_form_view",
            init: function (parent, state, params) {
                this._super.apply(this, arguments);
                this.state = state;
                this.arch = params.arch;
                this.mode = params.mode;
                this.fieldWidgets = {};
            },
            start: function () {
                var self = this;
                return this._super.apply(this, arguments).then(function () {
                    return self._renderView();
                });
            },
            updateState: function (state) {
                this.state = state;
                return this._renderView();
            },
            setMode: function (mode) {
                this.mode = mode;
                return this._renderView();
            },
            /** Rebuilds the whole view, as FormRenderer._renderView does (via _updateView). */
            _renderView: function () {
                var self = this;
                var el = this.el;
                el.className = "o_form_view " + (this.mode === "edit" ? "o_form_editable" : "o_form_readonly");
                while (el.firstChild) {
                    el.removeChild(el.firstChild);
                }
                this.fieldWidgets = {};
                var arch = this.arch;
                var header = h("header", {}, [
                    h("div", { class: "o_statusbar_buttons" },
                        arch.buttons.map(function (b) {
                            var button = h("button", {
                                type: "button",
                                name: b.name,
                                class: "btn " + (b.class || "btn-secondary"),
                                text: b.string,
                            });
                            button.addEventListener("click", function () {
                                self.trigger_up("button_clicked", {
                                    attrs: { name: b.name, type: b.type, class: b.class, string: b.string },
                                    record: self.state,
                                });
                            });
                            b._node = button;
                            return button;
                        })),
                    h("div", { class: "o_statusbar_status" }, [h("span", { class: "o_arrow_button", name: "state" })]),
                ]);
                var sheet = h("div", { class: "o_form_sheet" });
                var title = h("div", { class: "oe_title" }, [h("h1", {}, [this._renderField("name", { readonlyAlways: true })])]);
                sheet.appendChild(title);
                var group = h("table", { class: "o_group o_inner_group" });
                arch.fields.forEach(function (name) {
                    var f = self.state.fields[name];
                    group.appendChild(
                        h("tr", {}, [
                            h("td", { class: "o_td_label" }, [h("label", { class: "o_form_label", text: f.string })]),
                            h("td", { style: "width: 100%" }, [self._renderField(name)]),
                        ])
                    );
                });
                sheet.appendChild(group);
                var notebook = h("div", { class: "o_notebook" });
                notebook.appendChild(h("div", { class: "tab-pane", name: "invoice_tab" }, [this._renderLines()]));
                var other = h("table", { class: "o_group o_inner_group", name: "other_tab" });
                arch.otherFields.forEach(function (name) {
                    var f = self.state.fields[name];
                    other.appendChild(
                        h("tr", {}, [
                            h("td", { class: "o_td_label" }, [h("label", { class: "o_form_label", text: f.string })]),
                            h("td", {}, [self._renderField(name)]),
                        ])
                    );
                });
                notebook.appendChild(h("div", { class: "tab-pane", name: "other_tab" }, [other]));
                sheet.appendChild(notebook);
                el.appendChild(header);
                el.appendChild(h("div", { class: "o_form_sheet_bg" }, [sheet]));
                this._updateModifiers();
                return Promise.resolve();
            },
            _value: function (name) {
                return this.state.data[name];
            },
            _display: function (name) {
                var f = this.state.fields[name];
                var v = this._value(name);
                if (!v) {
                    return "";
                }
                if (f.type === "many2one") {
                    return v.data.display_name;
                }
                if (f.type === "date") {
                    return v.format("DD/MM/YYYY");
                }
                return String(v);
            },
            _renderField: function (name, options) {
                var self = this;
                var f = this.state.fields[name];
                var editable = this.mode === "edit" && !(options && options.readonlyAlways) && !f.readonly;
                var node;
                if (!editable) {
                    node = h("span", { class: "o_field_widget o_readonly_modifier", name: name, text: this._display(name) });
                } else if (f.type === "many2one") {
                    node = this._renderMany2one(name, f);
                } else {
                    // FieldChar / FieldDate: the input is the widget; its value reaches the
                    // record on `change` only.
                    node = h("input", {
                        type: "text",
                        class: "o_field_" + (f.type === "date" ? "date" : "char") + " o_field_widget o_input",
                        name: name,
                    });
                    node.value = f.type === "date" ? (this._value(name) ? this._value(name)._iso : "") : this._display(name);
                    node.addEventListener("input", function () {
                        self.fieldWidgets[name].isDirty = true;
                    });
                    node.addEventListener("change", function () {
                        self.fieldWidgets[name].isDirty = false;
                        var changes = {};
                        changes[name] = node.value;
                        self.trigger_up("field_changed", { dataPointID: self.state.id, changes: changes });
                    });
                }
                this.fieldWidgets[name] = { name: name, el: node, isDirty: false };
                return node;
            },
            _renderMany2one: function (name, f) {
                var self = this;
                var input = h("input", { type: "text", class: "o_input ui-autocomplete-input", autocomplete: "off" });
                input.value = this._display(name);
                var wrapper = h("div", { class: "o_field_widget o_field_many2one", name: name }, [
                    h("div", { class: "o_input_dropdown" }, [input]),
                ]);
                function closeMenu() {
                    var menus = document.querySelectorAll("ul.ui-autocomplete");
                    for (var i = 0; i < menus.length; i++) {
                        menus[i].parentNode.removeChild(menus[i]);
                    }
                }
                input.addEventListener("input", function () {
                    closeMenu();
                    Promise.resolve(window.OdooHarnessServer.nameSearch(f.relation, input.value)).then(function (rows) {
                        closeMenu();
                        var menu = h("ul", { class: "ui-autocomplete ui-menu dropdown-menu" });
                        rows.forEach(function (row) {
                            var a = h("a", { href: "#", class: "dropdown-item ui-menu-item-wrapper", text: row[1] });
                            a.addEventListener("click", function (ev) {
                                ev.preventDefault();
                                closeMenu();
                                var changes = {};
                                changes[name] = { id: row[0], display_name: row[1] };
                                self.trigger_up("field_changed", { dataPointID: self.state.id, changes: changes });
                            });
                            menu.appendChild(h("li", { class: "ui-menu-item" }, [a]));
                        });
                        document.body.appendChild(menu);
                    });
                });
                return wrapper;
            },
            _renderLines: function () {
                var self = this;
                var lines = this.state.data.invoice_line_ids;
                var cols = this.arch.lineColumns;
                var body = h("tbody", {});
                lines.data.forEach(function (line) {
                    var tr = h("tr", { class: "o_data_row", "data-id": line.id });
                    cols.forEach(function (col) {
                        var value = line.data[col];
                        var lf = line.fields[col];
                        var td = h("td", { class: "o_data_cell" });
                        if (self.mode === "edit" && lf.type !== "many2many" && lf.type !== "many2one") {
                            var input = h("input", {
                                type: "text",
                                name: col,
                                class: "o_field_widget o_input " + (lf.type === "float" ? "o_field_float o_field_number" : "o_field_char"),
                            });
                            input.value = lf.type === "float" ? fieldUtils.format.float(value, lf.digits ? lf.digits[1] : 2) : value || "";
                            input.addEventListener("change", function () {
                                var data = {};
                                data[col] = lf.type === "float" ? fieldUtils.parse.float(input.value) : input.value;
                                self.trigger_up("field_changed", {
                                    dataPointID: self.state.id,
                                    changes: { invoice_line_ids: { operation: "UPDATE", id: line.id, data: data } },
                                });
                            });
                            td.appendChild(input);
                        } else {
                            var text =
                                lf.type === "many2many"
                                    ? value.data.map(function (r) { return r.data.display_name; }).join(", ")
                                    : lf.type === "many2one"
                                    ? (value ? value.data.display_name : "")
                                    : lf.type === "float"
                                    ? fieldUtils.format.float(value, lf.digits ? lf.digits[1] : 2)
                                    : value || "";
                            td.appendChild(h("span", { class: "o_field_widget", name: col, text: text }));
                        }
                        tr.appendChild(td);
                    });
                    body.appendChild(tr);
                });
                return h("div", { class: "o_field_widget o_field_one2many o_field_x2many_list", name: "invoice_line_ids" }, [
                    h("table", { class: "o_list_table" }, [body]),
                ]);
            },
            /** Statusbar buttons' `invisible` modifiers. */
            _updateModifiers: function () {
                var data = this.state.data;
                this.arch.buttons.forEach(function (b) {
                    if (b._node) {
                        b._node.classList.toggle("o_invisible_modifier", !!(b.invisible && b.invisible(data)));
                    }
                });
            },
            /** FormRenderer.confirmChange: reset the changed widgets, re-evaluate modifiers. */
            confirmChange: function (state, id, fields) {
                var self = this;
                this.state = state;
                (fields || []).forEach(function (name) {
                    var w = self.fieldWidgets[name];
                    if (!w) {
                        return;
                    }
                    if (name === "invoice_line_ids") {
                        return;
                    }
                    var f = state.fields[name];
                    var input = w.el.tagName === "INPUT" ? w.el : w.el.querySelector("input");
                    if (input && document.activeElement !== input) {
                        input.value = f.type === "date" ? (state.data[name] ? state.data[name]._iso : "") : self._display(name);
                    } else if (input) {
                        input.value = self._display(name);
                    } else {
                        w.el.textContent = self._display(name);
                    }
                });
                this._updateModifiers();
                return Promise.resolve([]);
            },
            canBeSaved: function () {
                return [];
            },
            commitChanges: function () {
                return Promise.resolve();
            },
            disableButtons: function () {
                this.el.querySelectorAll(".o_statusbar_buttons button").forEach(function (b) {
                    b.setAttribute("disabled", "true");
                });
            },
            enableButtons: function () {
                this.el.querySelectorAll(".o_statusbar_buttons button").forEach(function (b) {
                    b.removeAttribute("disabled");
                });
            },
        });
    });

    // ----------------------------------------------------------- FormController
    odoo.define("web.FormController", function (require) {
        var Widget = require("web.Widget");
        var concurrency = require("web.concurrency");

        return Widget.extend({
            className: "o_action o_view_controller",
            custom_events: {
                field_changed: "_onFieldChanged",
                button_clicked: "_onButtonClicked",
            },
            init: function (parent, model, renderer, params) {
                this._super.apply(this, arguments);
                this.model = model;
                this.renderer = renderer;
                this.handle = params.handle;
                this.mode = params.mode || "readonly";
                this.mutex = new concurrency.Mutex();
            },
            start: function () {
                var self = this;
                var cp = document.createElement("div");
                cp.className = "o_control_panel";
                this.$buttons = cp;
                function btn(cls, text, handler) {
                    var b = document.createElement("button");
                    b.type = "button";
                    b.className = "btn " + cls;
                    b.textContent = text;
                    b.addEventListener("click", handler);
                    cp.appendChild(b);
                }
                btn("btn-primary o_form_button_edit", "Modifier", function () {
                    self._setMode("edit");
                });
                btn("btn-primary o_form_button_save", "Enregistrer", function () {
                    self.saveRecord();
                });
                this.el.appendChild(cp);
                var content = document.createElement("div");
                content.className = "o_content";
                this.el.appendChild(content);
                return this.renderer.appendTo(content);
            },
            isDirty: function () {
                return this.model.isDirty(this.handle);
            },
            canBeSaved: function (recordID) {
                var fieldNames = this.renderer.canBeSaved(recordID || this.handle);
                return fieldNames.length === 0;
            },
            _onFieldChanged: function (ev) {
                ev.stopPropagation();
                var data = ev.data;
                this._applyChanges(data.dataPointID, data.changes, ev).then(data.onSuccess || function () {}, data.onFailure || function () {});
            },
            /** BasicController: FieldManagerMixin._applyChanges inside the mutex. */
            _applyChanges: function (dataPointID, changes, event) {
                var self = this;
                return this.mutex.exec(function () {
                    return self.model.notifyChanges(dataPointID, changes).then(function (fields) {
                        return self._confirmChange(dataPointID, fields, event);
                    });
                });
            },
            _confirmChange: function (id, fields, e) {
                var state = this.model.get(this.handle);
                return this.renderer.confirmChange(state, id, fields, e);
            },
            saveRecord: function (recordID, options) {
                var self = this;
                return this.mutex.getUnlockedDef().then(function () {
                    return self.mutex.exec(function () {
                        return self.model.save(recordID || self.handle).then(function (changed) {
                            if (!(options && options.stayInEdit)) {
                                self.mode = "readonly";
                            }
                            return self.update({}, { reload: false }).then(function () {
                                return changed;
                            });
                        });
                    });
                });
            },
            _setMode: function (mode) {
                this.mode = mode;
                return this.renderer.setMode(mode);
            },
            update: function (params, options) {
                var self = this;
                var reload = !options || options.reload !== false;
                return (reload ? this.model.reload(this.handle) : Promise.resolve()).then(function () {
                    self.renderer.mode = self.mode;
                    return self.renderer.updateState(self.model.get(self.handle));
                });
            },
            reload: function () {
                return this.update({}, { reload: true });
            },
            _disableButtons: function () {
                this.$buttons.querySelectorAll("button").forEach(function (b) {
                    b.setAttribute("disabled", "true");
                });
                this.renderer.disableButtons();
            },
            _enableButtons: function () {
                this.$buttons.querySelectorAll("button").forEach(function (b) {
                    b.removeAttribute("disabled");
                });
                this.renderer.enableButtons();
            },
            _callButtonAction: function (attrs, record) {
                var self = this;
                return Promise.resolve(window.OdooHarnessServer.callButton(attrs, record.res_id)).then(function () {
                    return self.reload();
                });
            },
            /** form_controller.js, Odoo 14. */
            _onButtonClicked: function (ev) {
                ev.stopPropagation();
                var self = this;
                this._disableButtons();
                var attrs = ev.data.attrs;
                var def = this.saveRecord(this.handle, { stayInEdit: true }).then(function () {
                    var record = self.model.get(self.handle);
                    return self._callButtonAction(attrs, record);
                });
                return def.then(
                    function () {
                        self._enableButtons();
                    },
                    function () {
                        self._enableButtons();
                    }
                );
            },
        });
    });

    // ---------------------------------------------------------------- FormView
    odoo.define("web.FormView", function (require) {
        var Class = require("web.Class");
        var BasicModel = require("web.BasicModel");
        var FormRenderer = require("web.FormRenderer");
        var FormController = require("web.FormController");
        var FormView = Class.extend({
            config: { Model: BasicModel, Renderer: FormRenderer, Controller: FormController },
            init: function (viewInfo, params) {
                this.viewInfo = viewInfo;
                this.params = params;
            },
            getController: function (parent) {
                var self = this;
                var config = this.config;
                var model = new config.Model(parent, {
                    fields: this.viewInfo.fields,
                    lineFields: this.viewInfo.lineFields,
                    modelName: this.viewInfo.model,
                });
                return model.load(this.params.resId).then(function (handle) {
                    var renderer = new config.Renderer(parent, model.get(handle), {
                        arch: self.viewInfo.arch,
                        mode: self.params.mode,
                    });
                    var controller = new config.Controller(parent, model, renderer, {
                        handle: handle,
                        mode: self.params.mode,
                    });
                    model.setParent(controller);
                    renderer.setParent(controller);
                    return controller;
                });
            },
        });
        return FormView;
    });

    // -------------------------------------------------------- the web client
    /**
     * Opens the form the way the action manager does: the arch's js_class picks the view
     * in the registry; an unknown js_class gives no form at all.
     */
    odoo.__harness__ = {
        openForm: function (target, viewInfo, params) {
            return odoo.__DEBUG__.whenDefined("web.view_registry").then(function (registry) {
                var jsClass = viewInfo.js_class;
                var View = jsClass ? registry.get(jsClass) : services["web.FormView"];
                if (!View) {
                    return null; // Odoo 14: the view silently disappears
                }
                var view = new View(viewInfo, params);
                return view.getController(null).then(function (controller) {
                    return controller.appendTo(target).then(function () {
                        return controller;
                    });
                });
            });
        },
    };
})();
