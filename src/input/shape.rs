//! What `parse_json` needs to know before reading the input for real — form or invoice,
//! how many lines — as serde reads it: the exact reading, for the texts the byte scan
//! (`scan.rs`) leaves to it.

use super::FORM_KEYS;

/// What `parse_json` needs to know before reading the input for real.
pub(super) struct Shape {
    /// One of `FORM_KEYS` is there (whatever its value, `null` included).
    pub(super) form: bool,
    /// How many elements `lines` has (0 when it is not an array); from `scan`, when
    /// that many lines cannot be over the limit, a bound instead (the text's `{` count).
    pub(super) lines: usize,
}

impl<'de> serde::Deserialize<'de> for Shape {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ShapeVisitor)
    }
}

struct ShapeVisitor;

impl<'de> serde::de::Visitor<'de> for ShapeVisitor {
    type Value = Shape;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Shape, A::Error> {
        let mut shape = Shape {
            form: false,
            lines: 0,
        };
        while let Some(key) = map.next_key::<ShapeKey>()? {
            match key {
                ShapeKey::Form => {
                    shape.form = true;
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
                // The last one counts, as it would in a JSON object read whole.
                ShapeKey::Lines => shape.lines = map.next_value::<LineCount>()?.0,
                ShapeKey::Other => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        Ok(shape)
    }
}

enum ShapeKey {
    Form,
    Lines,
    Other,
}

impl<'de> serde::Deserialize<'de> for ShapeKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(ShapeKeyVisitor)
    }
}

struct ShapeKeyVisitor;

impl serde::de::Visitor<'_> for ShapeKeyVisitor {
    type Value = ShapeKey;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<ShapeKey, E> {
        Ok(if FORM_KEYS.contains(&key) {
            ShapeKey::Form
        } else if key == "lines" {
            ShapeKey::Lines
        } else {
            ShapeKey::Other
        })
    }
}

/// The number of elements of an array, 0 for anything else.
struct LineCount(usize);

impl<'de> serde::Deserialize<'de> for LineCount {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LineCountVisitor)
    }
}

struct LineCountVisitor;

impl<'de> serde::de::Visitor<'de> for LineCountVisitor {
    type Value = LineCount;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any value")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<LineCount, A::Error> {
        let mut count = 0;
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {
            count += 1;
        }
        Ok(LineCount(count))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<LineCount, A::Error> {
        while map
            .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
            .is_some()
        {}
        Ok(LineCount(0))
    }

    fn visit_bool<E>(self, _: bool) -> Result<LineCount, E> {
        Ok(LineCount(0))
    }

    fn visit_i64<E>(self, _: i64) -> Result<LineCount, E> {
        Ok(LineCount(0))
    }

    fn visit_u64<E>(self, _: u64) -> Result<LineCount, E> {
        Ok(LineCount(0))
    }

    fn visit_f64<E>(self, _: f64) -> Result<LineCount, E> {
        Ok(LineCount(0))
    }

    fn visit_str<E>(self, _: &str) -> Result<LineCount, E> {
        Ok(LineCount(0))
    }

    fn visit_unit<E>(self) -> Result<LineCount, E> {
        Ok(LineCount(0))
    }
}
