//! The XMP metadata packet of a Factur-X PDF/A-3: PDF/A identification, the
//! Factur-X extension schema (PDF/A rejects undeclared properties) and the
//! Factur-X properties, plus the document information, which PDF/A requires
//! to match the Info dictionary.

use crate::model::Profile;

/// The document information a PDF declares in its Info dictionary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocInfo {
    pub title: Option<String>,
    pub author: Option<String>,
    pub subject: Option<String>,
    pub keywords: Option<String>,
    pub creator: Option<String>,
    pub producer: Option<String>,
    /// PDF date strings (`D:YYYYMMDDHHmmSSOHH'mm'`), as found.
    pub creation_date: Option<String>,
    pub mod_date: Option<String>,
}

const FX_NAMESPACE: &str = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#";

const EXTENSION_SCHEMA: &str = r#"  <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <pdfaExtension:schemas>
    <rdf:Bag>
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>fx</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>DocumentFileName</pdfaProperty:name>
         <pdfaProperty:valueType>Text</pdfaProperty:valueType>
         <pdfaProperty:category>external</pdfaProperty:category>
         <pdfaProperty:description>The name of the embedded XML document</pdfaProperty:description>
        </rdf:li>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>DocumentType</pdfaProperty:name>
         <pdfaProperty:valueType>Text</pdfaProperty:valueType>
         <pdfaProperty:category>external</pdfaProperty:category>
         <pdfaProperty:description>The type of the hybrid document in capital letters, e.g. INVOICE or ORDER</pdfaProperty:description>
        </rdf:li>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>Version</pdfaProperty:name>
         <pdfaProperty:valueType>Text</pdfaProperty:valueType>
         <pdfaProperty:category>external</pdfaProperty:category>
         <pdfaProperty:description>The actual version of the standard applying to the embedded XML document</pdfaProperty:description>
        </rdf:li>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>ConformanceLevel</pdfaProperty:name>
         <pdfaProperty:valueType>Text</pdfaProperty:valueType>
         <pdfaProperty:category>external</pdfaProperty:category>
         <pdfaProperty:description>The conformance level of the embedded XML document</pdfaProperty:description>
        </rdf:li>
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
    </rdf:Bag>
   </pdfaExtension:schemas>
  </rdf:Description>
"#;

/// The full XMP packet, UTF-8, with its `xpacket` wrapper.
pub fn packet(info: &DocInfo, profile: Profile, xml_name: &str) -> Vec<u8> {
    let mut x = String::new();
    x.push_str("<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
    x.push_str("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n");
    x.push_str(" <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    x.push_str(
        "  <rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n",
    );
    x.push_str("   <pdfaid:part>3</pdfaid:part>\n   <pdfaid:conformance>B</pdfaid:conformance>\n");
    x.push_str("  </rdf:Description>\n");

    x.push_str(
        "  <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n",
    );
    x.push_str("   <dc:format>application/pdf</dc:format>\n");
    if let Some(title) = &info.title {
        x.push_str(&format!("   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>\n", escape(title)));
    }
    if let Some(author) = &info.author {
        x.push_str(&format!(
            "   <dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n",
            escape(author)
        ));
    }
    if let Some(subject) = &info.subject {
        x.push_str(&format!("   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>\n", escape(subject)));
    }
    x.push_str("  </rdf:Description>\n");

    x.push_str("  <rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n");
    if let Some(producer) = &info.producer {
        x.push_str(&format!(
            "   <pdf:Producer>{}</pdf:Producer>\n",
            escape(producer)
        ));
    }
    if let Some(keywords) = &info.keywords {
        x.push_str(&format!(
            "   <pdf:Keywords>{}</pdf:Keywords>\n",
            escape(keywords)
        ));
    }
    x.push_str("  </rdf:Description>\n");

    x.push_str("  <rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n");
    if let Some(creator) = &info.creator {
        x.push_str(&format!(
            "   <xmp:CreatorTool>{}</xmp:CreatorTool>\n",
            escape(creator)
        ));
    }
    if let Some(date) = info.creation_date.as_deref().and_then(xmp_date) {
        x.push_str(&format!("   <xmp:CreateDate>{date}</xmp:CreateDate>\n"));
    }
    if let Some(date) = info.mod_date.as_deref().and_then(xmp_date) {
        x.push_str(&format!("   <xmp:ModifyDate>{date}</xmp:ModifyDate>\n"));
        x.push_str(&format!("   <xmp:MetadataDate>{date}</xmp:MetadataDate>\n"));
    }
    x.push_str("  </rdf:Description>\n");

    x.push_str(EXTENSION_SCHEMA);
    x.push_str(&format!(
        "  <rdf:Description rdf:about=\"\" xmlns:fx=\"{FX_NAMESPACE}\">\n"
    ));
    x.push_str("   <fx:DocumentType>INVOICE</fx:DocumentType>\n");
    x.push_str(&format!(
        "   <fx:DocumentFileName>{}</fx:DocumentFileName>\n",
        escape(xml_name)
    ));
    x.push_str("   <fx:Version>1.0</fx:Version>\n");
    x.push_str(&format!(
        "   <fx:ConformanceLevel>{}</fx:ConformanceLevel>\n",
        profile.xmp_level()
    ));
    x.push_str("  </rdf:Description>\n");
    x.push_str(" </rdf:RDF>\n</x:xmpmeta>\n");
    x.push_str("<?xpacket end=\"w\"?>");
    x.into_bytes()
}

/// Characters XML forbids outright are dropped: a title may hold anything.
fn escape(text: &str) -> String {
    crate::cii::xmlout::escape_lossy(text)
}

/// A PDF date (`D:20260415093000+02'00'`, fields from the month on optional)
/// as an XMP date (`2026-04-15T09:30:00+02:00`); `None` if it is not a date.
pub fn xmp_date(pdf_date: &str) -> Option<String> {
    let s = pdf_date.trim();
    let s = s.strip_prefix("D:").unwrap_or(s);
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.len() < 4 || digits.len() > 14 || digits.len() % 2 != 0 {
        return None;
    }
    let field = |from: usize, default: u32| -> Option<u32> {
        match digits.get(from..from + 2) {
            Some(two) => two.parse().ok(),
            None => Some(default),
        }
    };
    let year = digits.get(0..4)?;
    let (month, day) = (field(4, 1)?, field(6, 1)?);
    let (hour, minute, second) = (field(8, 0)?, field(10, 0)?, field(12, 0)?);
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let rest = s.get(digits.len()..).unwrap_or("");
    let zone = match rest.chars().next() {
        None => String::new(),
        Some('Z') => "Z".to_string(),
        Some(sign @ ('+' | '-')) => {
            let zone_digits: String = rest.chars().filter(|c| c.is_ascii_digit()).collect();
            let hh: u32 = zone_digits.get(0..2)?.parse().ok()?;
            let mm: u32 = zone_digits.get(2..4).unwrap_or("00").parse().ok()?;
            if hh > 23 || mm > 59 {
                return None;
            }
            format!("{sign}{hh:02}:{mm:02}")
        }
        Some(_) => return None,
    };
    Some(format!(
        "{year}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{zone}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_pdf_dates_with_and_without_time_zone() {
        assert_eq!(
            xmp_date("D:20260415093000+02'00'").as_deref(),
            Some("2026-04-15T09:30:00+02:00")
        );
        assert_eq!(
            xmp_date("D:20260415093000Z").as_deref(),
            Some("2026-04-15T09:30:00Z")
        );
        assert_eq!(xmp_date("D:2026").as_deref(), Some("2026-01-01T00:00:00"));
        assert_eq!(xmp_date("D:20261315"), None);
        assert_eq!(xmp_date("hier"), None);
    }

    #[test]
    fn declares_pdfa3b_and_the_factur_x_fields_of_the_profile() {
        let xmp = String::from_utf8(packet(
            &DocInfo::default(),
            Profile::En16931,
            "factur-x.xml",
        ))
        .unwrap_or_default();
        assert!(xmp.contains("<pdfaid:part>3</pdfaid:part>"));
        assert!(xmp.contains("<pdfaid:conformance>B</pdfaid:conformance>"));
        assert!(xmp.contains("<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>"));
        assert!(xmp.contains("<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>"));
        assert!(xmp.contains("<pdfaSchema:prefix>fx</pdfaSchema:prefix>"));
    }

    #[test]
    fn carries_the_info_dictionary_escaped() {
        let info = DocInfo {
            title: Some("Facture <INV/2026/04/0003> & co".into()),
            mod_date: Some("D:20260415093000Z".into()),
            ..DocInfo::default()
        };
        let xmp =
            String::from_utf8(packet(&info, Profile::Basic, "factur-x.xml")).unwrap_or_default();
        assert!(xmp.contains("Facture &lt;INV/2026/04/0003&gt; &amp; co"));
        assert!(xmp.contains("<xmp:ModifyDate>2026-04-15T09:30:00Z</xmp:ModifyDate>"));
        assert!(xmp.contains("<fx:ConformanceLevel>BASIC</fx:ConformanceLevel>"));
    }
}
