"""Our PDFs: `factur-x` finds the XML in them (XSD-checked) and it is the CLI's XML, byte for byte."""

from __future__ import annotations

import facturx
import pikepdf
import pytest

from .conftest import INVOICE_FILES, load_invoice, profile_of

XMP_LEVEL = {"en16931": "EN 16931", "basic": "BASIC"}

PDF_CASES = [p for p in INVOICE_FILES if any(k in p.stem for k in ("chorus_service_code", "special_characters", "basic_allowance", "credit_note_preceding"))]


@pytest.mark.parametrize("pdf_invoice", PDF_CASES, ids=[p.stem for p in PDF_CASES])
def test_pdf_gives_back_the_same_xml(cli, pdf_invoice, sample_pdf, tmp_path):
    xml = cli.xml(pdf_invoice)
    out = tmp_path / "invoice.pdf"
    cli.run("pdf", pdf_invoice, "--pdf", sample_pdf, "-o", out)
    pdf_bytes = out.read_bytes()

    name, embedded = facturx.get_facturx_xml_from_pdf(pdf_bytes, check_xsd=True)
    assert name == "factur-x.xml", "factur-x found no XSD-valid factur-x.xml in the PDF"
    assert embedded == xml

    assert cli.run("extract", out).stdout == xml

    with pikepdf.open(out) as pdf:
        meta = pdf.open_metadata()
        level = meta.get("{urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#}ConformanceLevel")
        assert level == XMP_LEVEL[profile_of(load_invoice(pdf_invoice))]
        assert meta.get("{http://www.aiim.org/pdfa/ns/id/}part") == "3"
