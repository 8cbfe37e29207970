//! CII D16B namespaces, as Factur-X 1.x and ZUGFeRD 2.x use them.

pub const RSM: &str = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100";
pub const RAM: &str =
    "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100";
pub const QDT: &str = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100";
pub const UDT: &str = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100";
pub const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// The root element's local name.
pub const ROOT: &str = "CrossIndustryInvoice";
