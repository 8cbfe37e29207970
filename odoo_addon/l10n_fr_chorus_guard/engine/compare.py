# Copyright 2026 Chorus Guard
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The browser's XML against the server's (the fingerprint of a send is the
engine's own ``fingerprint``).

No Odoo import. The browser's XML is never parsed: it is size-capped, then
compared byte for byte with the XML the server rebuilds from the saved
record, so no entity, DTD or network access can come into play.
"""

# A Factur-X XML of a thousand lines is about 1 MB; 5 MB leaves room and
# keeps a hostile request from costing memory.
MAX_XML_BYTES = 5 * 1024 * 1024


def to_bytes(xml):
    """UTF-8 bytes of an XML given as text or bytes; None when neither."""
    if isinstance(xml, bytes):
        return xml
    if isinstance(xml, str):
        return xml.encode("utf-8", "surrogatepass")
    return None


def _first_difference_line(left, right):
    """1-based line of the first differing byte, to say where."""
    limit = min(len(left), len(right))
    index = 0
    while index < limit and left[index] == right[index]:
        index += 1
    return left.count(b"\n", 0, index) + 1


def compare_browser_xml(browser_xml, server_xml, max_bytes=MAX_XML_BYTES):
    """``{"ok": True}`` only when the browser's XML is byte-identical to the
    server's; otherwise ``{"ok": False, "message": <French>, "message_en"}``."""
    if isinstance(browser_xml, str) and len(browser_xml) > max_bytes:
        return _refused_size(max_bytes)
    data = to_bytes(browser_xml)
    if not data:
        return {
            "ok": False,
            "message": "Aucun fichier XML reçu du navigateur : rien n'a été envoyé.",
            "message_en": "No XML received from the browser: nothing was sent.",
        }
    if len(data) > max_bytes:
        return _refused_size(max_bytes)
    server = to_bytes(server_xml)
    if server is None:
        raise TypeError("server_xml must be str or bytes")
    if data == server:
        return {"ok": True}
    line = _first_difference_line(data, server)
    return {
        "ok": False,
        "message": (
            "Le fichier Factur-X préparé dans le navigateur ne correspond pas à "
            "la facture enregistrée (première différence ligne %d). Enregistrez "
            "ou rechargez la facture puis recommencez : rien n'a été envoyé."
        )
        % line,
        "message_en": (
            "The Factur-X file prepared in the browser does not match the saved "
            "invoice (first difference at line %d). Save or reload the invoice "
            "and try again: nothing was sent."
        )
        % line,
    }


def _refused_size(max_bytes):
    mib = max_bytes // (1024 * 1024)
    return {
        "ok": False,
        "message": (
            "Fichier XML trop volumineux (plus de %d Mo) : refusé, rien n'a été "
            "envoyé."
        )
        % mib,
        "message_en": "XML file too large (over %d MB): refused, nothing was sent."
        % mib,
    }
