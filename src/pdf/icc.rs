//! A compact sRGB ICC v2 profile, built in code: PDF/A needs an output intent with
//! an embedded ICC profile, and shipping a binary blob would hide what it holds.

/// D50, the profile connection space illuminant (ICC.1:2001-04, 6.1.5).
const D50: [f64; 3] = [0.9642, 1.0, 0.8249];
/// sRGB primaries adapted to D50 (Bradford), as in the reference sRGB profiles.
const RED: [f64; 3] = [0.4361, 0.2225, 0.0139];
const GREEN: [f64; 3] = [0.3851, 0.7169, 0.0971];
const BLUE: [f64; 3] = [0.1431, 0.0606, 0.7141];
/// Enough points that the tone curve is indistinguishable from the formula.
const CURVE_POINTS: usize = 1024;

/// The profile's bytes; the same on every call.
pub fn srgb_profile() -> Vec<u8> {
    let tags: Vec<([u8; 4], Vec<u8>)> = vec![
        (*b"desc", desc_tag("sRGB IEC61966-2.1")),
        (*b"cprt", text_tag("No copyright, use freely")),
        (*b"wtpt", xyz_tag(D50)),
        (*b"rXYZ", xyz_tag(RED)),
        (*b"gXYZ", xyz_tag(GREEN)),
        (*b"bXYZ", xyz_tag(BLUE)),
        (*b"rTRC", curve_tag()),
        (*b"gTRC", curve_tag()),
        (*b"bTRC", curve_tag()),
    ];
    let table_len = 4 + 12 * tags.len();
    let mut data = Vec::new();
    let mut table = Vec::with_capacity(table_len);
    table.extend_from_slice(&be32(tags.len()));
    for (signature, body) in &tags {
        let offset = 128 + table_len + data.len();
        table.extend_from_slice(signature);
        table.extend_from_slice(&be32(offset));
        table.extend_from_slice(&be32(body.len()));
        data.extend_from_slice(body);
        // Tag data starts on a 4-byte boundary (ICC.1, 6.4).
        while data.len() % 4 != 0 {
            data.push(0);
        }
    }
    let size = 128 + table.len() + data.len();
    let mut profile = header(size);
    profile.extend_from_slice(&table);
    profile.extend_from_slice(&data);
    profile
}

fn header(size: usize) -> Vec<u8> {
    let mut h = Vec::with_capacity(128);
    h.extend_from_slice(&be32(size));
    h.extend_from_slice(&[0; 4]); // preferred CMM: none
    h.extend_from_slice(&[2, 0x10, 0, 0]); // version 2.1.0
    h.extend_from_slice(b"mntr");
    h.extend_from_slice(b"RGB ");
    h.extend_from_slice(b"XYZ ");
    for part in [2026u16, 1, 1, 0, 0, 0] {
        h.extend_from_slice(&part.to_be_bytes());
    }
    h.extend_from_slice(b"acsp");
    h.extend_from_slice(&[0; 4]); // platform
    h.extend_from_slice(&[0; 4]); // flags
    h.extend_from_slice(&[0; 4]); // manufacturer
    h.extend_from_slice(&[0; 4]); // model
    h.extend_from_slice(&[0; 8]); // attributes
    h.extend_from_slice(&[0; 4]); // rendering intent: perceptual
    for v in D50 {
        h.extend_from_slice(&s15_fixed16(v));
    }
    h.extend_from_slice(&[0; 4]); // creator
    h.resize(128, 0); // profile ID (v4 only) and reserved bytes
    h
}

fn desc_tag(text: &str) -> Vec<u8> {
    let mut t = Vec::new();
    t.extend_from_slice(b"desc");
    t.extend_from_slice(&[0; 4]);
    t.extend_from_slice(&be32(text.len() + 1));
    t.extend_from_slice(text.as_bytes());
    t.push(0);
    t.extend_from_slice(&[0; 4]); // Unicode language code
    t.extend_from_slice(&[0; 4]); // Unicode count: none
    t.extend_from_slice(&[0; 2]); // ScriptCode code
    t.push(0); // ScriptCode count
    t.extend_from_slice(&[0; 67]); // ScriptCode string, fixed size
    t
}

fn text_tag(text: &str) -> Vec<u8> {
    let mut t = Vec::new();
    t.extend_from_slice(b"text");
    t.extend_from_slice(&[0; 4]);
    t.extend_from_slice(text.as_bytes());
    t.push(0);
    t
}

fn xyz_tag(xyz: [f64; 3]) -> Vec<u8> {
    let mut t = Vec::new();
    t.extend_from_slice(b"XYZ ");
    t.extend_from_slice(&[0; 4]);
    for v in xyz {
        t.extend_from_slice(&s15_fixed16(v));
    }
    t
}

/// The sRGB transfer function (IEC 61966-2-1) sampled as a v2 `curv` table.
fn curve_tag() -> Vec<u8> {
    let mut t = Vec::new();
    t.extend_from_slice(b"curv");
    t.extend_from_slice(&[0; 4]);
    t.extend_from_slice(&be32(CURVE_POINTS));
    let last = (CURVE_POINTS - 1) as f64;
    for i in 0..CURVE_POINTS {
        let v = i as f64 / last;
        let linear = if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        };
        let sample = (linear * 65535.0).round().clamp(0.0, 65535.0) as u16;
        t.extend_from_slice(&sample.to_be_bytes());
    }
    t
}

fn s15_fixed16(v: f64) -> [u8; 4] {
    ((v * 65536.0).round() as i32).to_be_bytes()
}

fn be32(n: usize) -> [u8; 4] {
    u32::try_from(n).unwrap_or(u32::MAX).to_be_bytes()
}

#[cfg(test)]
mod tests {
    use super::srgb_profile;

    fn u32_at(p: &[u8], at: usize) -> usize {
        u32::from_be_bytes([p[at], p[at + 1], p[at + 2], p[at + 3]]) as usize
    }

    #[test]
    fn header_says_rgb_display_profile_of_its_own_size() {
        let p = srgb_profile();
        assert_eq!(u32_at(&p, 0), p.len());
        assert_eq!(&p[12..24], b"mntrRGB XYZ ");
        assert_eq!(&p[36..40], b"acsp");
        assert_eq!(
            p[8], 2,
            "ICC version 2, readable by PDF/A-1 to 3 validators"
        );
    }

    #[test]
    fn every_required_tag_points_inside_the_profile_on_a_4_byte_boundary() {
        let p = srgb_profile();
        let count = u32_at(&p, 128);
        let mut names = Vec::new();
        for i in 0..count {
            let entry = 132 + 12 * i;
            let (offset, size) = (u32_at(&p, entry + 4), u32_at(&p, entry + 8));
            assert_eq!(offset % 4, 0);
            assert!(offset + size <= p.len());
            names.push(String::from_utf8_lossy(&p[entry..entry + 4]).into_owned());
        }
        for tag in [
            "desc", "cprt", "wtpt", "rXYZ", "gXYZ", "bXYZ", "rTRC", "gTRC", "bTRC",
        ] {
            assert!(names.iter().any(|n| n == tag), "missing {tag}");
        }
    }

    #[test]
    fn tone_curve_runs_from_black_to_white() {
        let p = srgb_profile();
        let at = p.windows(4).position(|w| w == b"curv").unwrap_or(0);
        assert!(at > 0);
        assert_eq!(u32_at(&p, at + 8), 1024);
        assert_eq!(&p[at + 12..at + 14], &[0, 0]);
        assert_eq!(&p[at + 12 + 2 * 1023..at + 12 + 2 * 1024], &[0xff, 0xff]);
    }
}
