"""Plain-Python checks (no Odoo) of the addon's French translation: every
message the Python code passes to ``_()`` and every field label has a French
``msgstr`` in ``i18n/fr.po`` (the accountants work in French)."""

import ast
import re
from pathlib import Path

import pytest

ADDON = Path(__file__).resolve().parents[2] / "odoo_addon" / "l10n_fr_chorus_guard"


def _po_entries(path):
    """{msgid: msgstr} of a .po file (enough of the format for Odoo's export)."""
    entries = {}
    msgid = msgstr = None
    target = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgid "):
            if msgid is not None:
                entries[msgid] = msgstr
            msgid, msgstr, target = ast.literal_eval(line[6:]), "", "id"
        elif line.startswith("msgstr "):
            msgstr, target = ast.literal_eval(line[7:]), "str"
        elif line.startswith('"') and target:
            if target == "id":
                msgid += ast.literal_eval(line)
            else:
                msgstr += ast.literal_eval(line)
        else:
            target = None if not line.startswith('"') else target
    if msgid is not None:
        entries[msgid] = msgstr
    return entries


def _python_sources():
    return [
        p
        for p in ADDON.rglob("*.py")
        if "tests" not in p.parts and p.name != "wasm_engine.py"
    ]


def _translated_calls(source):
    """First string argument of every ``_()`` call."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "_"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append(node.args[0].value)
    return found


def _field_labels(source):
    """``string=`` and ``help=`` of field definitions, and selection labels."""
    labels = []
    for node in ast.walk(ast.parse(source)):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "fields"
        ):
            continue
        for keyword in node.keywords:
            if keyword.arg in ("string", "help") and isinstance(
                keyword.value, ast.Constant
            ):
                labels.append(keyword.value.value)
        if node.func.attr == "Selection" and node.args:
            first = node.args[0]
            if isinstance(first, ast.List):
                for item in first.elts:
                    if isinstance(item, ast.Tuple) and len(item.elts) == 2:
                        labels.append(item.elts[1].value)
    return labels


PO = _po_entries(ADDON / "i18n" / "fr.po")


@pytest.mark.parametrize(
    "message",
    sorted(
        {m for p in _python_sources() for m in _translated_calls(p.read_text())}
        | {m for p in _python_sources() for m in _field_labels(p.read_text())}
    ),
)
def test_every_message_has_its_french_translation(message):
    assert message in PO, "missing from fr.po: %r" % message
    assert PO[message].strip(), "empty translation: %r" % message


def test_placeholders_survive_translation():
    for msgid, msgstr in PO.items():
        if msgid and msgstr:
            assert sorted(re.findall(r"%\(\w+\)s", msgid)) == sorted(
                re.findall(r"%\(\w+\)s", msgstr)
            ), msgid


def test_the_guide_wording_is_used():
    assert PO["To Resend to Chorus"] == "À renvoyer à Chorus"
    # The rejection box's buttons read as OCA's own French buttons.
    assert PO["Send to Chorus"] == "Envoyer à Chorus"
    assert any(
        "problème technique côté serveur, contactez l'administrateur Odoo" in value
        for value in PO.values()
    )


def _js_strings():
    """``_t("...")`` literals of the addon's JavaScript (what Odoo extracts)."""
    found = set()
    for path in (ADDON / "static" / "src" / "js").glob("*.js"):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r'_t\(\s*("(?:[^"\\]|\\.)*")\s*\)', text):
            found.add(ast.literal_eval(match.group(1)))
    return sorted(found)


@pytest.mark.parametrize("message", _js_strings())
def test_every_javascript_message_has_its_french_translation(message):
    assert message in PO, "missing from fr.po (JavaScript section): %r" % message
    assert PO[message].strip(), "empty translation: %r" % message
