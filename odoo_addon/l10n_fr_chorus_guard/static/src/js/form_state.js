/* global globalThis */
/* Chorus Guard — the engine's form state (src/form/state.rs, docs/form-json.md) built from
 * an Odoo 14 form: the record datapoint (`model.get(handle)`), the values typed but not yet
 * committed (Odoo 14 commits text fields on `change` only), and the context the server
 * returns once per set of relational ids (`account.move.chorus_guard_context`).
 *
 * Pure functions, no Odoo import: a classic script exposing `ChorusGuardFormState`, so the
 * glue and the browser tests share it.
 */
(function (root) {
    "use strict";

    /** The number a draft is previewed with (BT-1); `_post()` gives the real one. */
    var DRAFT_NUMBER = "BROUILLON";

    /** Datapoint of a many2one: `{data: {id, display_name}}`, or false. */
    function m2oId(value) {
        if (!value) {
            return false;
        }
        if (typeof value === "number") {
            return value;
        }
        if (value.data && value.data.id) {
            return value.data.id;
        }
        if (value.res_id) {
            return value.res_id;
        }
        return false;
    }

    /** Ids of an x2many datapoint: `{res_ids: [...], data: [{data: {id}}]}`. */
    function x2mIds(value) {
        if (!value) {
            return [];
        }
        if (Array.isArray(value.res_ids)) {
            return value.res_ids.slice();
        }
        return (value.data || [])
            .map(function (r) {
                return r && r.data ? r.data.id : false;
            })
            .filter(Boolean);
    }

    /**
     * A float as an exact decimal string. Odoo's JS holds floats; the engine refuses them.
     * `scale` (the field's digits) rounds like Odoo displays; without it, the shortest
     * representation that reads back to the same float, never in exponent form.
     */
    function decimalString(value, scale) {
        if (value === null || value === undefined || value === false || value === "") {
            return null;
        }
        var n = typeof value === "number" ? value : Number(String(value).trim());
        if (!isFinite(n)) {
            return null;
        }
        if (typeof scale === "number" && scale >= 0 && scale <= 20) {
            return n.toFixed(scale);
        }
        var s = String(n);
        if (/e/i.test(s)) {
            s = n.toFixed(20).replace(/\.?0+$/, "");
        }
        return s;
    }

    function fieldScale(fields, name) {
        var f = fields && fields[name];
        if (f && Array.isArray(f.digits) && typeof f.digits[1] === "number") {
            return f.digits[1];
        }
        return undefined;
    }

    /** A date field (a moment in the datapoint, or a string) as YYYY-MM-DD. */
    function isoDate(value) {
        if (!value) {
            return null;
        }
        if (typeof value === "string") {
            return /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : null;
        }
        if (typeof value.format === "function") {
            if (typeof value.isValid === "function" && !value.isValid()) {
                return null;
            }
            return value.format("YYYY-MM-DD");
        }
        return null;
    }

    function text(value) {
        if (value === false || value === null || value === undefined) {
            return null;
        }
        return String(value);
    }

    /**
     * What `chorus_guard_context` needs from the record: the relational ids that decide
     * the context. The same ids give the same context, so they are the cache key.
     */
    function contextValues(record) {
        var d = (record && record.data) || {};
        var taxIds = {};
        var uomIds = {};
        var productIds = {};
        ((d.invoice_line_ids && d.invoice_line_ids.data) || []).forEach(function (
            line
        ) {
            var ld = (line && line.data) || {};
            x2mIds(ld.tax_ids).forEach(function (id) {
                taxIds[id] = true;
            });
            var uom = m2oId(ld.product_uom_id);
            if (uom) {
                uomIds[uom] = true;
            }
            var product = m2oId(ld.product_id);
            if (product) {
                productIds[product] = true;
            }
        });
        function sortedKeys(o) {
            return Object.keys(o)
                .map(Number)
                .sort(function (a, b) {
                    return a - b;
                });
        }
        // The keys account.move.chorus_guard_context accepts (it refuses others).
        return {
            partner_id: m2oId(d.partner_id),
            company_id: m2oId(d.company_id),
            payment_mode_id: m2oId(d.payment_mode_id),
            partner_bank_id: m2oId(d.partner_bank_id),
            transmit_method_id: m2oId(d.transmit_method_id),
            currency_id: m2oId(d.currency_id),
            fiscal_position_id: m2oId(d.fiscal_position_id),
            tax_ids: sortedKeys(taxIds),
            product_uom_ids: sortedKeys(uomIds),
            product_ids: sortedKeys(productIds),
        };
    }

    function contextKey(values) {
        return JSON.stringify(values);
    }

    /**
     * A tax of the context, as the server gives it (already the engine's `Tax`, rate as
     * a string): copied untouched, so that the browser's XML is the server's, byte for byte.
     */
    function engineTax(tax) {
        var out = {};
        Object.keys(tax).forEach(function (k) {
            if (tax[k] !== null && tax[k] !== undefined) {
                out[k] = tax[k];
            }
        });
        if (typeof out.rate === "number") {
            out.rate = decimalString(out.rate) || "0";
        }
        return out;
    }

    /** `[CODE] Name`, Odoo's display name of a product with a default code. */
    function productCode(product) {
        if (!product) {
            return null;
        }
        if (product.default_code) {
            return String(product.default_code);
        }
        var m = /^\[([^\]]+)\]/.exec(product.display_name || "");
        return m ? m[1] : null;
    }

    /** `typed[datapointId][field]`: the raw text of an input not yet committed. */
    function typedValue(typed, dataPointId, field) {
        var forRecord = typed && typed[dataPointId];
        if (forRecord && Object.prototype.hasOwnProperty.call(forRecord, field)) {
            return forRecord[field];
        }
        return undefined;
    }

    /** Numbers typed in the user's format: `parse` is Odoo's field_utils.parse.float. */
    function typedNumber(raw, parse) {
        if (raw === undefined) {
            return undefined;
        }
        try {
            var n = parse ? parse(raw) : Number(String(raw).replace(",", "."));
            return typeof n === "number" && isFinite(n) ? n : undefined;
        } catch (e) {
            // Half-typed (« 12, ») or not a number: the committed value stands.
            return undefined;
        }
    }

    /**
     * The digits of a line field: the database's precision from the context (what the
     * server rounds with), else the field's own `digits`.
     */
    function scaleOf(ctx, fields, name) {
        var digits = ctx && ctx.digits;
        if (digits && typeof digits[name] === "number") {
            return digits[name];
        }
        return fieldScale(fields, name);
    }

    function buildLines(record, typed, ctx, parseFloat) {
        var d = record.data || {};
        var list = (d.invoice_line_ids && d.invoice_line_ids.data) || [];
        var taxes = (ctx && ctx.taxes) || {};
        var uoms = (ctx && ctx.uoms) || {};
        var products = (ctx && ctx.products) || {};
        var lines = [];
        list.forEach(function (line) {
            var ld = (line && line.data) || {};
            // Sections and notes are not invoice lines; neither are the tax and
            // payment-term lines Odoo keeps off the tab.
            if (ld.display_type || ld.exclude_from_invoice_tab) {
                return;
            }
            var fields = line.fields || {};
            function num(name) {
                var t = typedNumber(typedValue(typed, line.id, name), parseFloat);
                return t !== undefined ? t : ld[name];
            }
            var name = typedValue(typed, line.id, "name");
            if (name === undefined) {
                name = ld.name;
            }
            var out = {
                name: text(name) || "",
                quantity:
                    decimalString(num("quantity"), scaleOf(ctx, fields, "quantity")) ||
                    "0",
                price_unit:
                    decimalString(
                        num("price_unit"),
                        scaleOf(ctx, fields, "price_unit")
                    ) || "0",
                taxes: [],
            };
            var discount = num("discount");
            if (discount) {
                out.discount = decimalString(
                    discount,
                    scaleOf(ctx, fields, "discount")
                );
            }
            var code = productCode(ld.product_id && ld.product_id.data);
            if (code) {
                out.product_code = code;
            }
            var uom = m2oId(ld.product_uom_id);
            if (uom && uoms[uom]) {
                out.uom_code = String(uoms[uom]);
            }
            x2mIds(ld.tax_ids).forEach(function (id) {
                if (taxes[id]) {
                    out.taxes.push(engineTax(taxes[id]));
                }
            });
            // Goods or services: the reform's billing framework (BT-23) is derived from it.
            var product = m2oId(ld.product_id);
            if (product && products[product]) {
                out.product_type = String(products[product]);
            }
            lines.push(out);
        });
        return lines;
    }

    /**
     * The form state. `record`: `model.get(handle)`; `typed`: uncommitted input text by
     * datapoint id and field; `ctx`: the context call's answer; `options.parseFloat`:
     * Odoo's locale-aware number parser.
     */
    function build(record, typed, ctx, options) {
        options = options || {};
        ctx = ctx || {};
        var d = (record && record.data) || {};
        var handle = record && record.id;
        function txt(name) {
            var t = typedValue(typed, handle, name);
            return text(t !== undefined ? t : d[name]);
        }
        var form = {
            move_type: d.move_type || "out_invoice",
            state: d.state || ctx.state || "draft",
            name: txt("name") || text(ctx.name),
            partner: ctx.partner || null,
            commercial_partner: ctx.commercial_partner || null,
            transmit_method_code: ctx.transmit_method_code || null,
            ref: txt("ref"),
            payment_mode: ctx.payment_mode || null,
            payment_reference: txt("payment_reference"),
            company: ctx.company || {name: ""},
            invoice_date: isoDate(d.invoice_date),
            invoice_date_due: isoDate(d.invoice_date_due),
            currency: ctx.currency || "EUR",
            narration: txt("narration"),
            lines: buildLines(record || {}, typed, ctx, options.parseFloat),
            last_sent_fingerprint: ctx.last_sent_fingerprint || null,
            chorus_flow: ctx.chorus_flow || null,
        };
        // The addon's engagement number (BT-13), when the form shows it.
        var engagement = txt("chorus_guard_engagement");
        if (engagement) {
            form.engagement = engagement;
        }
        if (form.state === "draft") {
            // `_post()` gives the number and, when empty, today's date: a draft is checked
            // and previewed as it will be posted, not blocked for what posting provides.
            if (!form.name || !form.name.trim() || form.name.trim() === "/") {
                form.name = options.draftNumber || DRAFT_NUMBER;
            }
            if (!form.invoice_date && options.today) {
                form.invoice_date = options.today;
            }
        }
        // The reform's billing framework and « already paid », when the form shows them.
        var framework = d.chorus_guard_billing_framework;
        if (framework) {
            form.billing_framework = String(framework);
        }
        if (d.chorus_guard_already_paid) {
            form.already_paid = true;
        }
        var reversed = ctx.reversed_entry;
        if (reversed && reversed.name) {
            form.reversed_entry = reversed;
        }
        return form;
    }

    root.ChorusGuardFormState = {
        build: build,
        DRAFT_NUMBER: DRAFT_NUMBER,
        contextValues: contextValues,
        contextKey: contextKey,
        decimalString: decimalString,
        isoDate: isoDate,
        m2oId: m2oId,
        x2mIds: x2mIds,
    };
})(typeof window !== "undefined" ? window : globalThis);
