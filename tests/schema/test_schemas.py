"""The JSON Schemas in docs/ against the examples, the fixtures and the Rust model.

Run: /tmp/cgvenv/bin/python -m pytest tests/schema -q

Three kinds of checks:
- every example and fixture JSON validates against its schema (invoice or form);
- the schemas refuse what the engine refuses (fractional JSON numbers, unknown keys,
  bad dates...), so an editor using them warns where the engine would fail;
- the schemas still mirror the serde structs of src/model/invoice.rs and
  src/form/state.rs (keys, renames, required keys, nullability, types, defaults,
  enum values), so a model change without a schema change fails here.

With CHORUS_GUARD_BIN set to a built `chorus-guard`, the exit codes and rule ids listed in
examples/README.md are checked too.
"""

import copy
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SEED = ROOT / "examples" / "seed"

# The keys by which src/input.rs tells a form from an invoice.
FORM_KEYS = ("move_type", "partner", "commercial_partner", "transmit_method_code", "company", "ref")


def load(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


INVOICE_SCHEMA = load(DOCS / "invoice.schema.json")
FORM_SCHEMA = load(DOCS / "form.schema.json")
INVOICE = Draft202012Validator(INVOICE_SCHEMA)
FORM = Draft202012Validator(FORM_SCHEMA)


def is_form(document):
    return any(k in document for k in FORM_KEYS)


def errors(validator, document):
    return sorted(
        "/".join(str(p) for p in e.absolute_path) + ": " + e.message for e in validator.iter_errors(document)
    )


# ---------------------------------------------------------------- examples, fixtures


def json_documents():
    patterns = [
        (ROOT / "examples", "**/*.json"),
        (ROOT / "tests" / "conformance" / "invoices", "**/*.json"),
        (ROOT / "tests" / "fixtures", "**/*.json"),
    ]
    found = []
    for base, pattern in patterns:
        if base.is_dir():
            found.extend(sorted(base.glob(pattern)))
    return found


DOCUMENTS = json_documents()


def test_the_seed_examples_are_all_there():
    names = {p.name for p in SEED.glob("*.json")}
    assert {
        "invoice.json",
        "form-parent-company.json",
        "form-ref-empty.json",
        "form-ok.json",
        "form-posted-stale.json",
        "form-engagement-mode.json",
        "form-private-customer.json",
    } <= names


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_example_and_fixture_validates(path):
    document = load(path)
    assert isinstance(document, dict), "the engine reads a JSON object"
    if path.name.startswith("form"):
        assert is_form(document), "named as a form but the engine would read it as an invoice"
    validator = FORM if is_form(document) else INVOICE
    assert errors(validator, document) == []


def json_blocks():
    blocks = []
    for doc in sorted(DOCS.glob("*.md")) + sorted((ROOT / "examples").glob("*.md")):
        text = doc.read_text(encoding="utf-8")
        for i, block in enumerate(re.findall(r"```json\n(.*?)```", text, re.S)):
            blocks.append(pytest.param(block, id=f"{doc.relative_to(ROOT)}#{i + 1}"))
    return blocks


@pytest.mark.parametrize("block", json_blocks())
def test_every_json_block_in_the_docs_validates(block):
    document = json.loads(block)
    if isinstance(document, list):
        # Output shown in the docs: diagnostics as src/rules/diagnostic.rs writes them.
        for d in document:
            assert {"rule", "severity", "message_fr", "message_en"} <= set(d)
            assert set(d) <= {"rule", "severity", "field", "bt", "message_fr", "message_en", "fix"}
            assert d["severity"] in ("block", "warn", "info")
        return
    validator = FORM if is_form(document) else INVOICE
    assert errors(validator, document) == []


def test_the_docs_have_json_examples():
    assert any("invoice-json.md" in p.id for p in json_blocks())


def test_schemas_are_valid_draft_2020_12():
    Draft202012Validator.check_schema(INVOICE_SCHEMA)
    Draft202012Validator.check_schema(FORM_SCHEMA)


# ---------------------------------------------------------------- what the schemas refuse


@pytest.fixture
def invoice():
    return load(SEED / "invoice.json")


@pytest.fixture
def form():
    return load(SEED / "form-ok.json")


@pytest.mark.parametrize("good", ["2600.00", "-12.5", "+3", "0", 2600, -4])
def test_amounts_as_strings_or_integers_pass(invoice, good):
    invoice["lines"][0]["net_price"] = good
    assert errors(INVOICE, invoice) == []


@pytest.mark.parametrize("bad", [2600.5, "12,50", "1e5", "", "12 EUR", None, True])
def test_amounts_the_engine_refuses_are_refused(invoice, bad):
    invoice["lines"][0]["net_price"] = bad
    assert errors(INVOICE, invoice) != []


@pytest.mark.parametrize("loose", [".5", "2600.", " 12.50 "])
def test_the_schema_asks_for_the_canonical_form_the_engine_only_tolerates(invoice, loose):
    # The engine reads these (as 0.5, 2600, 12.50); the schema keeps files canonical.
    invoice["lines"][0]["net_price"] = loose
    assert errors(INVOICE, invoice) != []


def test_a_fractional_json_number_is_refused_in_the_form_too(form):
    form["lines"][0]["price_unit"] = 2600.5
    assert errors(FORM, form) != []


@pytest.mark.parametrize("bad", ["02/04/2026", "2026-4-2", "20260402", "2026-13-01", "2026-04-32"])
def test_dates_other_than_yyyy_mm_dd_are_refused(invoice, bad):
    invoice["issue_date"] = bad
    assert errors(INVOICE, invoice) != []


@pytest.mark.parametrize(
    "where",
    [[], ["seller"], ["seller", "address"], ["lines", 0], ["payment"], ["totals"], ["vat_breakdown", 0]],
)
def test_unknown_keys_are_refused_at_every_level(invoice, where):
    target = invoice
    for step in where:
        target = target[step]
    target["buyer_refernce"] = "04AMIDEX"
    assert any("buyer_refernce" in e for e in errors(INVOICE, invoice))


@pytest.mark.parametrize("key", ["seller", "buyer"])
def test_seller_and_buyer_are_required(invoice, key):
    del invoice[key]
    assert errors(INVOICE, invoice) != []


def test_identifiers_representative_deliver_to_and_period_are_accepted(invoice):
    invoice["seller"]["id"] = "SELLER-42"
    invoice["seller"]["tax_registration_id"] = "FR-FISCAL-1"
    invoice["tax_representative"] = {"name": "Représentant SA", "vat_id": "FR12345678901", "address": {"country": "FR"}}
    invoice["delivery_country"] = "DE"
    invoice["invoicing_period"] = {"start": "2026-10-01", "end": "2026-10-31"}
    assert errors(INVOICE, invoice) == []
    invoice["invoicing_period"]["middle"] = "2026-10-15"
    assert errors(INVOICE, invoice) != []


def test_a_minimal_invoice_relies_on_defaults():
    minimal = {"seller": {}, "buyer": {}, "lines": [{"id": "1", "quantity": 1, "net_price": "10.00"}]}
    assert errors(INVOICE, minimal) == []


def test_optional_values_may_be_null_but_defaulted_lists_may_not(invoice):
    invoice["number"] = None
    invoice["totals"] = None
    invoice["lines"][0]["net_amount"] = None
    assert errors(INVOICE, invoice) == []
    invoice["lines"] = None
    assert errors(INVOICE, invoice) != []


@pytest.mark.parametrize("bad", ["EN16931", "en 16931", "factur-x"])
def test_profile_names_are_serde_names(invoice, bad):
    invoice["profile"] = bad
    assert errors(INVOICE, invoice) != []


def test_form_ref_modes(form):
    for mode in ("service_code", "engagement"):
        form["company"]["ref_mode"] = mode
        assert errors(FORM, form) == []
    form["company"]["ref_mode"] = "service"
    assert errors(FORM, form) != []


def test_form_partner_needs_id_and_display_name(form):
    del form["partner"]["display_name"]
    assert errors(FORM, form) != []


def test_form_unknown_key_is_refused(form):
    form["partner_id"] = 11
    assert errors(FORM, form) != []


def test_a_form_without_form_keys_is_not_a_form():
    # The engine would read this as an invoice (and refuse it for lacking seller/buyer).
    assert errors(FORM, {"state": "draft", "lines": []}) != []
    assert errors(FORM, {"ref": ""}) == []


def test_an_invoice_is_not_a_form_and_a_form_not_an_invoice(invoice, form):
    assert errors(FORM, invoice) != []
    assert errors(INVOICE, form) != []


# ---------------------------------------------------------------- the schemas mirror serde


def snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def rust_items(path):
    """Structs and enums that derive Deserialize, with their serde attributes."""
    text = (ROOT / path).read_text(encoding="utf-8")
    # rustfmt may spread a long #[serde(...)] over several lines: put each back on one.
    text = re.sub(r"#\[serde\((.*?)\)\]", lambda m: "#[serde(" + " ".join(m.group(1).split()) + ")]", text, flags=re.S)
    functions = dict(re.findall(r'fn (\w+)\(\) -> \w+ \{\s*(.*?)\s*\}', text, re.S))
    items = {}
    pattern = re.compile(r"((?:#\[[^\n]*\]\s*\n)+)pub (struct|enum) (\w+) \{\n(.*?)\n\}", re.S)
    for attrs, kind, name, body in pattern.findall(text):
        if "Deserialize" not in attrs:
            continue
        item = {"kind": kind, "deny": "deny_unknown_fields" in attrs, "members": []}
        rename_all = re.search(r'rename_all = "(\w+)"', attrs)
        pending = []
        for raw in body.splitlines():
            line = raw.strip()
            if line.startswith("#["):
                pending.append(line)
            elif kind == "struct" and line.startswith("pub "):
                field, rust_type = re.match(r"pub (\w+): (.+),$", line).groups()
                serde = " ".join(a for a in pending if a.startswith("#[serde"))
                if re.search(r"\bskip\b", serde):
                    # `#[serde(skip)]`: not part of the JSON (the reader's file facts).
                    pending = []
                    continue
                rename = re.search(r'rename = "([^"]+)"', serde)
                default_fn = re.search(r'default = "(\w+)"', serde)
                default = None
                if default_fn:
                    body_of = functions[default_fn.group(1)]
                    literal = re.search(r'"([^"]*)"', body_of)
                    default = literal.group(1) if literal else json.loads(body_of)
                elif re.search(r"\bdefault\b", serde):
                    # serde's Default::default() for the types that have a JSON literal.
                    default = {"bool": False}.get(rust_type, [] if rust_type.startswith("Vec<") else None)
                item["members"].append(
                    {
                        "name": rename.group(1) if rename else field,
                        "type": rust_type,
                        "has_default": bool(re.search(r"\bdefault\b", serde)),
                        "default": default,
                    }
                )
                pending = []
            elif kind == "enum" and re.match(r"^\w+,$", line):
                variant = line.rstrip(",")
                rename = next((re.search(r'rename = "([^"]+)"', a) for a in pending if "rename" in a), None)
                if rename:
                    wire = rename.group(1)
                elif rename_all and rename_all.group(1) == "lowercase":
                    wire = variant.lower()
                else:
                    wire = snake(variant)
                item["members"].append({"name": wire, "default": "#[default]" in pending})
                pending = []
            elif line and not line.startswith("//"):
                pending = []
        items[name] = item
    return items


MODEL = rust_items("src/model/invoice.rs")
FORM_MODEL = rust_items("src/form/state.rs")

# Where each Rust type lives in each schema (structs by default: $defs/<snake name>).
ROOTS = {"Invoice": ("invoice", []), "FormState": ("form", [])}
DEF_NAMES = {"FormLine": "line"}
# Enums are inlined where they are used.
ENUMS = {
    "Profile": ("invoice", ["properties", "profile"]),
    "MoveType": ("form", ["properties", "move_type"]),
    "MoveState": ("form", ["properties", "state"]),
    "ChorusRequired": ("form", ["$defs", "commercial_partner", "properties", "fr_chorus_required"]),
    "RefMode": ("form", ["$defs", "company", "properties", "ref_mode"]),
}
SCHEMAS = {"invoice": INVOICE_SCHEMA, "form": FORM_SCHEMA}


def at(schema, path):
    for step in path:
        schema = schema[step]
    return schema


def struct_cases():
    cases = []
    for source, items in (("invoice", MODEL), ("form", FORM_MODEL)):
        for name, item in items.items():
            if item["kind"] != "struct":
                continue
            if name in ROOTS:
                schema_name, path = ROOTS[name]
            else:
                schema_name, path = source, ["$defs", DEF_NAMES.get(name, snake(name))]
            cases.append(pytest.param(name, item, schema_name, path, id=f"{schema_name}:{name}"))
    # The form reuses the model's Address: its copy in the form schema must match too.
    cases.append(pytest.param("Address", MODEL["Address"], "form", ["$defs", "address"], id="form:Address"))
    return cases


def expected_shape(rust_type, schema_name):
    """What the schema must say for a Rust field type."""
    option = re.fullmatch(r"Option<(.+)>", rust_type)
    inner = option.group(1) if option else rust_type
    scalar = {
        "String": ("type", "string"),
        "bool": ("type", "boolean"),
        "i64": ("type", "integer"),
        "Decimal": ("$ref", "#/$defs/decimal"),
        "Date": ("$ref", "#/$defs/date"),
    }
    if inner in scalar:
        key, value = scalar[inner]
        if option:
            nullable = {"String": "text_or_null", "i64": "integer_or_null"}
            return ("$ref", "#/$defs/" + nullable.get(inner, inner.lower() + "_or_null"))
        return (key, value)
    vec = re.fullmatch(r"Vec<(\w+)>", inner)
    if vec:
        item = vec.group(1)
        if item == "String":
            return ("array", {"type": "string"})
        return ("array", {"$ref": "#/$defs/" + DEF_NAMES.get(item, snake(item))})
    if inner in ENUMS:
        return ("enum", inner)
    target = "#/$defs/" + DEF_NAMES.get(inner, snake(inner))
    if option:
        return ("anyOf", [{"$ref": target}, {"type": "null"}])
    return ("$ref", target)


@pytest.mark.parametrize("name,item,schema_name,path", struct_cases())
def test_schema_mirrors_the_serde_struct(name, item, schema_name, path):
    schema = at(SCHEMAS[schema_name], path)
    properties = schema["properties"]
    members = {m["name"]: m for m in item["members"]}
    assert set(properties) == set(members), f"{name}: keys differ from the Rust struct"
    assert (schema.get("additionalProperties") is False) == item["deny"], f"{name}: deny_unknown_fields"
    required = {m["name"] for m in item["members"] if not m["has_default"]}
    assert set(schema.get("required", [])) == required, f"{name}: required keys (fields without a serde default)"
    for key, member in members.items():
        prop = properties[key]
        kind, value = expected_shape(member["type"], schema_name)
        if kind == "array":
            assert prop.get("type") == "array" and prop.get("items") == value, f"{name}.{key}"
        elif kind == "enum":
            wire = [v["name"] for v in (MODEL.get(value) or FORM_MODEL.get(value))["members"]]
            assert prop.get("enum") == wire, f"{name}.{key}: enum values"
        else:
            assert prop.get(kind) == value, f"{name}.{key}: expected {kind} {value}, schema has {prop}"
        if member["default"] is not None:
            assert prop.get("default") == member["default"], f"{name}.{key}: default"


@pytest.mark.parametrize("name", sorted(ENUMS))
def test_schema_enums_mirror_the_rust_enums(name):
    item = MODEL.get(name) or FORM_MODEL.get(name)
    prop = at(SCHEMAS[ENUMS[name][0]], ENUMS[name][1])
    assert prop["enum"] == [v["name"] for v in item["members"]]
    assert prop["default"] == next(v["name"] for v in item["members"] if v["default"])


def test_the_mirror_check_sees_every_struct():
    # Guards the parser above: if it silently missed structs, the mirror tests would pass vacuously.
    assert {"Invoice", "Party", "Address", "Line", "VatBreakdown", "Totals", "PaymentMeans"} <= set(MODEL)
    assert {"FormState", "Partner", "CommercialPartner", "Company", "Service", "Tax", "FormLine"} <= set(FORM_MODEL)
    assert len(MODEL["Invoice"]["members"]) == len(INVOICE_SCHEMA["properties"]) > 20


def test_the_mirror_check_can_fail():
    # A schema that forgot a field must be caught.
    broken = copy.deepcopy(INVOICE_SCHEMA)
    del broken["properties"]["buyer_reference"]
    assert set(broken["properties"]) != {m["name"] for m in MODEL["Invoice"]["members"]}


# ---------------------------------------------------------------- the CLI, when built

# What examples/README.md promises: exit code and the rule ids `check` answers.
EXPECTED_CHECK = {
    "invoice.json": (0, []),
    "form-ok.json": (0, []),
    "form-engagement-mode.json": (0, []),
    "form-private-customer.json": (0, ["CHORUS-SCOPE"]),
    "form-parent-company.json": (1, ["CHORUS-CONTACT"]),
    "form-ref-empty.json": (1, ["CHORUS-SERVICE-REF"]),
    "form-posted-stale.json": (0, ["CHORUS-STALE"]),
}


def test_the_readme_lists_every_seed_example():
    readme = (ROOT / "examples" / "README.md").read_text(encoding="utf-8")
    for name in EXPECTED_CHECK:
        assert f"`seed/{name}`" in readme


@pytest.mark.skipif(not os.environ.get("CHORUS_GUARD_BIN"), reason="set CHORUS_GUARD_BIN to a built chorus-guard")
@pytest.mark.parametrize("name", sorted(EXPECTED_CHECK))
def test_check_answers_what_the_examples_readme_says(name):
    done = subprocess.run(
        [os.environ["CHORUS_GUARD_BIN"], "check", "--json", str(SEED / name)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    code, rules = EXPECTED_CHECK[name]
    assert done.returncode == code, done.stdout + done.stderr
    assert [d["rule"] for d in json.loads(done.stdout)] == rules
