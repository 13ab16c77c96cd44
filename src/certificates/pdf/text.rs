//! The two faces of the paper (Noto Sans regular and bold, kept in
//! `src/certificates/fonts/` under the SIL Open Font License) and a small shaper of
//! our own: characters to glyphs through `cmap`, advances from `hmtx`, pair kerning
//! from the `kern` feature of `GPOS`. That is all Latin, Greek and Cyrillic text
//! needs, and it lets the layout measure a line exactly as it will be drawn. Each
//! face is read once per process.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use krilla::text::{Font, GlyphId, KrillaGlyph};

static REGULAR_BYTES: &[u8] = include_bytes!("../fonts/NotoSans-Regular.ttf");
static BOLD_BYTES: &[u8] = include_bytes!("../fonts/NotoSans-Bold.ttf");

static REGULAR: LazyLock<Face> =
    LazyLock::new(|| Face::parse(REGULAR_BYTES).expect("the embedded Noto Sans Regular is read"));
static BOLD: LazyLock<Face> =
    LazyLock::new(|| Face::parse(BOLD_BYTES).expect("the embedded Noto Sans Bold is read"));

/// A weight of the paper's typeface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    /// Noto Sans Regular.
    Regular,
    /// Noto Sans Bold.
    Bold,
}

impl Weight {
    /// The face of this weight.
    pub fn face(self) -> &'static Face {
        match self {
            Weight::Regular => &REGULAR,
            Weight::Bold => &BOLD,
        }
    }
}

/// A font read for drawing (the krilla font) and for measuring (our tables).
pub struct Face {
    font: Font,
    units_per_em: f32,
    /// Glyph of each character of the Basic Multilingual Plane (0: none).
    bmp: Vec<u16>,
    /// Glyphs of the characters beyond it.
    astral: HashMap<char, u16>,
    advances: Vec<u16>,
    kerning: Kerning,
    /// Kerning of the pairs of common glyphs (Latin, punctuation), computed once:
    /// `dense[row[a] * n + row[b]]`.
    dense: Vec<i16>,
    /// Row of each glyph in `dense`, `u16::MAX` for glyphs outside it.
    row: Vec<u16>,
    /// Rows (and columns) of `dense`.
    n: usize,
}

impl Face {
    fn parse(data: &'static [u8]) -> Option<Face> {
        let tables = Tables::read(data)?;
        let head = tables.get(b"head")?;
        let units_per_em = f32::from(be_u16(head, 18)?);
        let hhea = tables.get(b"hhea")?;
        let metrics_count = usize::from(be_u16(hhea, 34)?);
        let glyph_count = usize::from(be_u16(tables.get(b"maxp")?, 4)?);
        let hmtx = tables.get(b"hmtx")?;
        let mut advances = Vec::with_capacity(glyph_count);
        for gid in 0..glyph_count {
            let index = gid.min(metrics_count.checked_sub(1)?);
            advances.push(be_u16(hmtx, index * 4)?);
        }
        let glyphs = read_cmap(tables.get(b"cmap")?)?;
        let kerning = tables.get(b"GPOS").map(Kerning::read).unwrap_or_default();
        let font = Font::new(data.into(), 0)?;
        let mut bmp = vec![0u16; 0x10000];
        let mut astral = HashMap::new();
        for (&c, &gid) in &glyphs {
            match bmp.get_mut(c as usize) {
                Some(slot) => *slot = gid,
                None => {
                    astral.insert(c, gid);
                }
            }
        }
        // The glyphs of Latin text and its punctuation get their pairs precomputed.
        let mut common: Vec<u16> = ('\u{20}'..='\u{7E}')
            .chain('\u{A0}'..='\u{17F}')
            .chain('\u{2010}'..='\u{2027}')
            .chain(['€'])
            .filter_map(|c| glyphs.get(&c).copied())
            .collect();
        common.sort_unstable();
        common.dedup();
        let mut row = vec![u16::MAX; advances.len()];
        for (i, &gid) in common.iter().enumerate() {
            if let Some(slot) = row.get_mut(usize::from(gid)) {
                *slot = u16::try_from(i).ok()?;
            }
        }
        let mut dense = Vec::with_capacity(common.len() * common.len());
        for &a in &common {
            for &b in &common {
                dense.push(kerning.pair(a, b));
            }
        }
        Some(Face {
            font,
            units_per_em,
            bmp,
            astral,
            advances,
            kerning,
            dense,
            row,
            n: common.len(),
        })
    }

    /// The krilla font (cheap to clone: it is reference counted and hashed once).
    pub fn font(&self) -> Font {
        self.font.clone()
    }

    /// Whether the face has a glyph for `c`.
    #[cfg(test)]
    pub fn covers(&self, c: char) -> bool {
        self.glyph(c) != 0
    }

    /// The glyphs of `text`, one per character, with advances in em (kerned, and
    /// widened by `tracking` em after each glyph). Each glyph maps back to its
    /// character, so the text can be extracted and read aloud.
    pub fn shape(&self, text: &str, tracking: f32) -> Vec<KrillaGlyph> {
        let mut glyphs: Vec<KrillaGlyph> = Vec::with_capacity(text.len());
        let mut previous: Option<u16> = None;
        for (start, c) in text.char_indices() {
            let gid = self.glyph(c);
            if let (Some(prev), Some(last)) = (previous, glyphs.last_mut()) {
                let kern = self.kern(prev, gid);
                last.x_advance += self.em(kern);
            }
            let advance = self.em_u(self.advances.get(usize::from(gid)).copied().unwrap_or(0));
            glyphs.push(glyph(gid, advance + tracking, start..start + c.len_utf8()));
            previous = Some(gid);
        }
        glyphs
    }

    /// Width of `text` at `size` points, drawn with `tracking` em after each glyph.
    pub fn width(&self, text: &str, size: f32, tracking: f32) -> f32 {
        self.shape(text, tracking)
            .iter()
            .map(|g| g.x_advance)
            .sum::<f32>()
            * size
    }

    fn glyph(&self, c: char) -> u16 {
        match self.bmp.get(c as usize) {
            Some(&gid) => gid,
            None => self.astral.get(&c).copied().unwrap_or(0),
        }
    }

    fn kern(&self, first: u16, second: u16) -> i16 {
        let row = |g: u16| self.row.get(usize::from(g)).copied().unwrap_or(u16::MAX);
        let (a, b) = (row(first), row(second));
        if a != u16::MAX
            && b != u16::MAX
            && let Some(&k) = self.dense.get(usize::from(a) * self.n + usize::from(b))
        {
            return k;
        }
        self.kerning.pair(first, second)
    }

    fn em(&self, units: i16) -> f32 {
        f32::from(units) / self.units_per_em
    }

    fn em_u(&self, units: u16) -> f32 {
        f32::from(units) / self.units_per_em
    }
}

fn glyph(gid: u16, advance: f32, range: Range<usize>) -> KrillaGlyph {
    KrillaGlyph::new(
        GlyphId::new(u32::from(gid)),
        advance,
        0.0,
        0.0,
        0.0,
        range,
        None,
    )
}

fn be_u16(data: &[u8], at: usize) -> Option<u16> {
    let bytes = data.get(at..at.checked_add(2)?)?;
    Some(u16::from_be_bytes([bytes[0], bytes[1]]))
}

fn be_i16(data: &[u8], at: usize) -> Option<i16> {
    be_u16(data, at).map(|v| v as i16)
}

fn be_u32(data: &[u8], at: usize) -> Option<u32> {
    let bytes = data.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
}

/// `data[at..]`, or None past the end.
fn from(data: &[u8], at: usize) -> Option<&[u8]> {
    data.get(at..)
}

/// The table directory of a TrueType/OpenType file.
struct Tables<'a> {
    data: &'a [u8],
    records: Vec<([u8; 4], usize, usize)>,
}

impl<'a> Tables<'a> {
    fn read(data: &'a [u8]) -> Option<Self> {
        let count = usize::from(be_u16(data, 4)?);
        let mut records = Vec::with_capacity(count);
        for i in 0..count {
            let at = 12 + i * 16;
            let tag = data.get(at..at + 4)?;
            let offset = be_u32(data, at + 8)? as usize;
            let length = be_u32(data, at + 12)? as usize;
            records.push(([tag[0], tag[1], tag[2], tag[3]], offset, length));
        }
        Some(Tables { data, records })
    }

    fn get(&self, tag: &[u8; 4]) -> Option<&'a [u8]> {
        let (_, offset, length) = self.records.iter().find(|(t, _, _)| t == tag)?;
        self.data.get(*offset..offset.checked_add(*length)?)
    }
}

/// Character to glyph map from the best Unicode subtable of `cmap` (format 12 for
/// the full range, else format 4 for the Basic Multilingual Plane).
fn read_cmap(cmap: &[u8]) -> Option<HashMap<char, u16>> {
    let count = usize::from(be_u16(cmap, 2)?);
    let mut best: Option<(u8, &[u8])> = None;
    for i in 0..count {
        let at = 4 + i * 8;
        let platform = be_u16(cmap, at)?;
        let encoding = be_u16(cmap, at + 2)?;
        let sub = from(cmap, be_u32(cmap, at + 4)? as usize)?;
        let format = be_u16(sub, 0)?;
        let rank = match (platform, encoding, format) {
            (3, 10, 12) | (0, 4, 12) => 3,
            (3, 1, 4) | (0, 3, 4) => 2,
            _ => 0,
        };
        if rank > 0 && best.is_none_or(|(r, _)| rank > r) {
            best = Some((rank, sub));
        }
    }
    let (_, sub) = best?;
    let mut map = HashMap::new();
    match be_u16(sub, 0)? {
        4 => {
            let segments = usize::from(be_u16(sub, 6)? / 2);
            let ends = 14;
            let starts = ends + segments * 2 + 2;
            let deltas = starts + segments * 2;
            let range_offsets = deltas + segments * 2;
            for s in 0..segments {
                let end = be_u16(sub, ends + s * 2)?;
                let start = be_u16(sub, starts + s * 2)?;
                let delta = be_u16(sub, deltas + s * 2)?;
                let range_offset = usize::from(be_u16(sub, range_offsets + s * 2)?);
                for code in start..=end {
                    if code == 0xFFFF {
                        break;
                    }
                    let gid = if range_offset == 0 {
                        code.wrapping_add(delta)
                    } else {
                        let at =
                            range_offsets + s * 2 + range_offset + usize::from(code - start) * 2;
                        match be_u16(sub, at)? {
                            0 => 0,
                            g => g.wrapping_add(delta),
                        }
                    };
                    if let (Some(c), true) = (char::from_u32(u32::from(code)), gid != 0) {
                        map.insert(c, gid);
                    }
                }
            }
        }
        12 => {
            let groups = be_u32(sub, 12)? as usize;
            for g in 0..groups {
                let at = 16 + g * 12;
                let (start, end, first) =
                    (be_u32(sub, at)?, be_u32(sub, at + 4)?, be_u32(sub, at + 8)?);
                for code in start..=end.min(0x10FFFF) {
                    let gid = u16::try_from(first + (code - start)).ok()?;
                    if let (Some(c), true) = (char::from_u32(code), gid != 0) {
                        map.insert(c, gid);
                    }
                }
            }
        }
        _ => return None,
    }
    Some(map)
}

/// The pair adjustment subtables of the lookups the `kern` feature applies to Latin
/// text (GPOS lookup type 2, reached directly or through extension lookups).
/// Contextual kerning is left out: it only refines a few punctuation pairs.
#[derive(Default)]
struct Kerning {
    lookups: Vec<Vec<&'static [u8]>>,
}

impl Kerning {
    fn read(gpos: &'static [u8]) -> Kerning {
        Kerning::try_read(gpos).unwrap_or_default()
    }

    fn try_read(gpos: &'static [u8]) -> Option<Kerning> {
        let scripts = from(gpos, usize::from(be_u16(gpos, 4)?))?;
        let features = from(gpos, usize::from(be_u16(gpos, 6)?))?;
        let lookup_list = from(gpos, usize::from(be_u16(gpos, 8)?))?;

        // The default language system of `latn`, else of `DFLT`.
        let mut lang_sys = None;
        for wanted in [b"latn", b"DFLT"] {
            for i in 0..usize::from(be_u16(scripts, 0)?) {
                let at = 2 + i * 6;
                if scripts.get(at..at + 4)? == wanted {
                    let script = from(scripts, usize::from(be_u16(scripts, at + 4)?))?;
                    let default = usize::from(be_u16(script, 0)?);
                    if default != 0 {
                        lang_sys = Some(from(script, default)?);
                    }
                }
            }
            if lang_sys.is_some() {
                break;
            }
        }
        let lang_sys = lang_sys?;

        let mut lookup_indices = Vec::new();
        for i in 0..usize::from(be_u16(lang_sys, 4)?) {
            let feature_index = usize::from(be_u16(lang_sys, 6 + i * 2)?);
            let record = 2 + feature_index * 6;
            if features.get(record..record + 4)? != b"kern" {
                continue;
            }
            let feature = from(features, usize::from(be_u16(features, record + 4)?))?;
            for j in 0..usize::from(be_u16(feature, 2)?) {
                lookup_indices.push(be_u16(feature, 4 + j * 2)?);
            }
        }
        lookup_indices.sort_unstable();
        lookup_indices.dedup();

        let mut lookups = Vec::new();
        for index in lookup_indices {
            let lookup = from(
                lookup_list,
                usize::from(be_u16(lookup_list, 2 + usize::from(index) * 2)?),
            )?;
            let kind = be_u16(lookup, 0)?;
            let mut subtables = Vec::new();
            for s in 0..usize::from(be_u16(lookup, 4)?) {
                let sub = from(lookup, usize::from(be_u16(lookup, 6 + s * 2)?))?;
                let (kind, sub) = if kind == 9 {
                    (be_u16(sub, 2)?, from(sub, be_u32(sub, 4)? as usize)?)
                } else {
                    (kind, sub)
                };
                if kind == 2 {
                    subtables.push(sub);
                }
            }
            if !subtables.is_empty() {
                lookups.push(subtables);
            }
        }
        Some(Kerning { lookups })
    }

    /// Adjustment of the advance of `first` when followed by `second`, in font units.
    fn pair(&self, first: u16, second: u16) -> i16 {
        let mut total: i16 = 0;
        for subtables in &self.lookups {
            // The first subtable that knows the pair decides it.
            if let Some(value) = subtables.iter().find_map(|s| pair_pos(s, first, second)) {
                total = total.saturating_add(value);
            }
        }
        total
    }
}

/// The x advance adjustment of a pair positioning subtable (formats 1 and 2), or None
/// when the subtable does not cover the pair.
fn pair_pos(sub: &[u8], first: u16, second: u16) -> Option<i16> {
    let format = be_u16(sub, 0)?;
    let coverage = from(sub, usize::from(be_u16(sub, 2)?))?;
    let index = coverage_index(coverage, first)?;
    let format1 = be_u16(sub, 4)?;
    let format2 = be_u16(sub, 6)?;
    let size1 = value_record_size(format1);
    let size2 = value_record_size(format2);
    match format {
        1 => {
            let set = from(sub, usize::from(be_u16(sub, 10 + usize::from(index) * 2)?))?;
            let count = usize::from(be_u16(set, 0)?);
            let record = 2 + size1 + size2;
            let (mut lo, mut hi) = (0, count);
            while lo < hi {
                let mid = (lo + hi) / 2;
                let at = 2 + mid * record;
                let glyph = be_u16(set, at)?;
                match glyph.cmp(&second) {
                    std::cmp::Ordering::Less => lo = mid + 1,
                    std::cmp::Ordering::Greater => hi = mid,
                    std::cmp::Ordering::Equal => return Some(x_advance(set, at + 2, format1)),
                }
            }
            None
        }
        2 => {
            let class_def1 = from(sub, usize::from(be_u16(sub, 8)?))?;
            let class_def2 = from(sub, usize::from(be_u16(sub, 10)?))?;
            let class1_count = usize::from(be_u16(sub, 12)?);
            let class2_count = usize::from(be_u16(sub, 14)?);
            let class1 = usize::from(class_of(class_def1, first));
            let class2 = usize::from(class_of(class_def2, second));
            if class1 >= class1_count || class2 >= class2_count {
                return None;
            }
            let at = 16 + (class1 * class2_count + class2) * (size1 + size2);
            Some(x_advance(sub, at, format1))
        }
        _ => None,
    }
}

fn value_record_size(format: u16) -> usize {
    (format & 0xFF).count_ones() as usize * 2
}

/// The XAdvance field of a value record at `at`, 0 when the record has none.
fn x_advance(data: &[u8], at: usize, format: u16) -> i16 {
    if format & 0x0004 == 0 {
        return 0;
    }
    let before = (format & 0x0003).count_ones() as usize * 2;
    be_i16(data, at + before).unwrap_or(0)
}

fn coverage_index(coverage: &[u8], glyph: u16) -> Option<u16> {
    match be_u16(coverage, 0)? {
        1 => {
            let count = usize::from(be_u16(coverage, 2)?);
            let (mut lo, mut hi) = (0, count);
            while lo < hi {
                let mid = (lo + hi) / 2;
                let g = be_u16(coverage, 4 + mid * 2)?;
                match g.cmp(&glyph) {
                    std::cmp::Ordering::Less => lo = mid + 1,
                    std::cmp::Ordering::Greater => hi = mid,
                    std::cmp::Ordering::Equal => return u16::try_from(mid).ok(),
                }
            }
            None
        }
        2 => {
            let count = usize::from(be_u16(coverage, 2)?);
            let (mut lo, mut hi) = (0, count);
            while lo < hi {
                let mid = (lo + hi) / 2;
                let at = 4 + mid * 6;
                let (start, end) = (be_u16(coverage, at)?, be_u16(coverage, at + 2)?);
                if glyph < start {
                    hi = mid;
                } else if glyph > end {
                    lo = mid + 1;
                } else {
                    return be_u16(coverage, at + 4)?.checked_add(glyph - start);
                }
            }
            None
        }
        _ => None,
    }
}

fn class_of(class_def: &[u8], glyph: u16) -> u16 {
    let class = || -> Option<u16> {
        match be_u16(class_def, 0)? {
            1 => {
                let start = be_u16(class_def, 2)?;
                let count = be_u16(class_def, 4)?;
                let offset = glyph.checked_sub(start)?;
                if offset >= count {
                    return None;
                }
                be_u16(class_def, 6 + usize::from(offset) * 2)
            }
            2 => {
                let count = usize::from(be_u16(class_def, 2)?);
                let (mut lo, mut hi) = (0, count);
                while lo < hi {
                    let mid = (lo + hi) / 2;
                    let at = 4 + mid * 6;
                    let (start, end) = (be_u16(class_def, at)?, be_u16(class_def, at + 2)?);
                    if glyph < start {
                        hi = mid;
                    } else if glyph > end {
                        lo = mid + 1;
                    } else {
                        return be_u16(class_def, at + 4);
                    }
                }
                None
            }
            _ => None,
        }
    };
    class().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faces_map_italian_letters_and_kern_pairs() {
        for weight in [Weight::Regular, Weight::Bold] {
            let face = weight.face();
            for c in "AaàèéìòùÀÈÉÌÒÙ'’ªº—…«»€".chars() {
                assert!(face.covers(c), "{weight:?} lacks {c}");
            }
            // One glyph per character, each mapping back to its character.
            let glyphs = face.shape("Nicolò", 0.0);
            assert_eq!(glyphs.len(), 6);
            assert_eq!(glyphs[5].text_range, 5..7);
            // "AV" is kerned tighter than "A" and "V" side by side; "HH" is not.
            let apart = face.width("A", 10.0, 0.0) + face.width("V", 10.0, 0.0);
            assert!(face.width("AV", 10.0, 0.0) < apart - 0.1, "{weight:?} AV");
            let h = face.width("H", 10.0, 0.0);
            assert!((face.width("HH", 10.0, 0.0) - 2.0 * h).abs() < 1e-4);
            // Tracking widens by the same amount after every glyph.
            let tracked = face.width("HH", 10.0, 0.1);
            assert!((tracked - 2.0 * h - 2.0).abs() < 1e-3);
        }
        // The precomputed pairs agree with the tables, inside and outside the set.
        for weight in [Weight::Regular, Weight::Bold] {
            let face = weight.face();
            let sample: Vec<u16> = "AVTWYPLFkoyvew.,'’\"-àÀ€ΑΒΓЖя"
                .chars()
                .map(|c| face.glyph(c))
                .collect();
            let mut kerned = 0;
            for &a in &sample {
                for &b in &sample {
                    assert_eq!(face.kern(a, b), face.kerning.pair(a, b));
                    kerned += usize::from(face.kern(a, b) != 0);
                }
            }
            assert!(kerned > 10, "{weight:?}: {kerned} kerned pairs");
        }
        assert!(
            Weight::Bold.face().width("Aula", 12.0, 0.0)
                > Weight::Regular.face().width("Aula", 12.0, 0.0)
        );
    }
}
