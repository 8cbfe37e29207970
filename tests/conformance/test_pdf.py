"""Our PDFs: `factur-x` finds the XML in them (XSD-checked) and it is the CLI's XML, byte for byte."""

from __future__ import annotations

import facturx
import pikepdf
from lxml import etree

from .conftest import en16931_blocks, load_invoice, profile_of

XMP_LEVEL = {"en16931": "EN 16931", "basic": "BASIC"}


def test_pdf_gives_back_the_same_xml(cli, invoice_path, sample_pdf, tmp_path):
    xml = cli.xml(invoice_path)
    out = tmp_path / "invoice.pdf"
    cli.run("pdf", invoice_path, "--pdf", sample_pdf, "-o", out)
    pdf_bytes = out.read_bytes()

    name, embedded = facturx.get_facturx_xml_from_pdf(pdf_bytes, check_xsd=True)
    assert name == "factur-x.xml", "factur-x found no XSD-valid factur-x.xml in the PDF"
    assert embedded == xml

    assert cli.run("extract", out).stdout == xml

    _, diagnostics = cli.diagnostics(out)
    assert not en16931_blocks(diagnostics), "\n".join(en16931_blocks(diagnostics))

    with pikepdf.open(out) as pdf:
        meta = pdf.open_metadata()
        level = meta.get("{urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#}ConformanceLevel")
        assert level == XMP_LEVEL[profile_of(load_invoice(invoice_path))]
        assert meta.get("{http://www.aiim.org/pdfa/ns/id/}part") == "3"


def test_pdf_profile_option_sets_xml_and_xmp_to_basic(cli, sample_pdf, tmp_path):
    """BT-24 in the XML and fx:ConformanceLevel in the XMP must say the same profile."""
    from .conftest import INVOICE_FILES

    path = next(p for p in INVOICE_FILES if "chorus_service_code" in p.stem)
    out = tmp_path / "basic.pdf"
    cli.run("pdf", path, "--pdf", sample_pdf, "--profile", "basic", "-o", out)
    name, embedded = facturx.get_facturx_xml_from_pdf(out.read_bytes(), check_xsd=True)
    assert name == "factur-x.xml"
    assert embedded == cli.xml(path, "--profile", "basic")
    assert facturx.get_level(etree.fromstring(embedded), "factur-x") == "basic"
    with pikepdf.open(out) as pdf:
        level = pdf.open_metadata().get("{urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#}ConformanceLevel")
    assert level == "BASIC"
