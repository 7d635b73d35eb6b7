//! Slimming the embedded CFF font program of a subset: every glyph's
//! subroutine calls are inlined and its hints dropped (print needs neither),
//! so the subroutine indexes — sized for the whole CJK font — shrink to
//! nothing. About a quarter off a seed form's PDF.
//!
//! Each rewritten glyph is checked to draw exactly the outline of the
//! original; if any differs, or the font uses a construct not handled here,
//! the subset is kept as it was.

use std::borrow::Cow;

use allsorts::binary::read::ReadScope;
use allsorts::binary::write::{WriteBinary, WriteBuffer};
use allsorts::cff::outline::CFFOutlines;
use allsorts::cff::{CFFVariant, IndexU16, MaybeOwnedIndex, CFF};
use allsorts::font_data::FontData;
use allsorts::outline::{OutlineBuilder, OutlineSink};
use allsorts::pathfinder_geometry::line_segment::LineSegment2F;
use allsorts::pathfinder_geometry::vector::Vector2F;
use allsorts::tables::FontTableProvider;
use allsorts::tag;

/// An empty CFF INDEX (count 0).
static EMPTY_INDEX: [u8; 2] = [0, 0];

/// The OpenType (`OTTO`) font `otf` with its CFF table slimmed, or `None`
/// when it is not a CFF font or cannot be slimmed safely.
pub fn slim_otf(otf: &[u8]) -> Option<Vec<u8>> {
    let file = ReadScope::new(otf).read::<FontData<'_>>().ok()?;
    let provider = file.table_provider(0).ok()?;
    let mut tags = provider.table_tags()?;
    tags.sort_unstable();
    let cff_data = provider.read_table_data(tag::CFF).ok()?;
    let new_cff = slim_cff(&cff_data)?;
    let mut tables: Vec<(u32, Cow<'_, [u8]>)> = Vec::new();
    for t in tags {
        if t == tag::CFF {
            tables.push((t, Cow::Owned(new_cff.clone())));
        } else {
            tables.push((t, provider.read_table_data(t).ok()?));
        }
    }
    Some(write_sfnt(&tables))
}

/// A CFF table with inlined subroutines and no hints.
fn slim_cff(data: &[u8]) -> Option<Vec<u8>> {
    let cff = ReadScope::new(data).read::<CFF<'_>>().ok()?;
    let font = cff.fonts.first()?;
    if cff.fonts.len() != 1 {
        return None;
    }
    let count = font.char_strings_index.len();
    let mut flat = Vec::with_capacity(count);
    for g in 0..count {
        let gid = u16::try_from(g).ok()?;
        let local = match &font.data {
            CFFVariant::CID(cid) => {
                let fd = cid.fd_select.font_dict_index(gid)?;
                cid.local_subr_indices
                    .get(usize::from(fd))
                    .and_then(|l| l.as_ref())
            }
            CFFVariant::Type1(t1) => t1.local_subr_index.as_ref(),
        };
        let cs = font.char_strings_index.read_object(g)?;
        let mut f = Flattener {
            global: &cff.global_subr_index,
            local,
            out: Vec::with_capacity(cs.len() * 2),
            stack: Vec::new(),
            stems: 0,
            cleared: false,
        };
        f.run(cs, 0)?;
        flat.push(f.out);
    }

    let mut slim = cff.clone();
    let empty = ReadScope::new(&EMPTY_INDEX).read::<IndexU16>().ok()?;
    slim.global_subr_index = MaybeOwnedIndex::Borrowed(empty.clone());
    let sfont = slim.fonts.first_mut()?;
    for (g, cs) in flat.into_iter().enumerate() {
        sfont.char_strings_index.replace(g, cs);
    }
    match &mut sfont.data {
        CFFVariant::CID(cid) => {
            for l in cid.local_subr_indices.iter_mut().flatten() {
                *l = MaybeOwnedIndex::Borrowed(empty.clone());
            }
        }
        CFFVariant::Type1(t1) => {
            if let Some(l) = t1.local_subr_index.as_mut() {
                *l = MaybeOwnedIndex::Borrowed(empty.clone());
            }
        }
    }

    // Every glyph must draw the same outline as before.
    for g in 0..count {
        let gid = u16::try_from(g).ok()?;
        if outline(&cff, gid)? != outline(&slim, gid)? {
            return None;
        }
    }
    let mut buf = WriteBuffer::new();
    CFF::write(&mut buf, &slim).ok()?;
    let bytes = buf.into_inner();
    // And the written table must read back.
    ReadScope::new(&bytes).read::<CFF<'_>>().ok()?;
    Some(bytes)
}

/// A glyph's outline as a list of path commands and coordinates.
fn outline(cff: &CFF<'_>, gid: u16) -> Option<Vec<(u8, [f32; 6])>> {
    #[derive(Default)]
    struct Rec(Vec<(u8, [f32; 6])>);
    impl OutlineSink for Rec {
        fn move_to(&mut self, p: Vector2F) {
            self.0.push((0, [p.x(), p.y(), 0.0, 0.0, 0.0, 0.0]));
        }
        fn line_to(&mut self, p: Vector2F) {
            self.0.push((1, [p.x(), p.y(), 0.0, 0.0, 0.0, 0.0]));
        }
        fn quadratic_curve_to(&mut self, c: Vector2F, p: Vector2F) {
            self.0.push((2, [c.x(), c.y(), p.x(), p.y(), 0.0, 0.0]));
        }
        fn cubic_curve_to(&mut self, c: LineSegment2F, p: Vector2F) {
            let (a, b) = (c.from(), c.to());
            self.0.push((3, [a.x(), a.y(), b.x(), b.y(), p.x(), p.y()]));
        }
        fn close(&mut self) {
            self.0.push((4, [0.0; 6]));
        }
    }
    let mut rec = Rec::default();
    let mut o = CFFOutlines { table: cff };
    o.visit(gid, None, &mut rec).ok()?;
    Some(rec.0)
}

/// Operands since the last operator: raw bytes, and the integer value.
struct Operand {
    bytes: Vec<u8>,
    value: Option<i32>,
}

struct Flattener<'a, 'b> {
    global: &'a MaybeOwnedIndex<'b>,
    local: Option<&'a MaybeOwnedIndex<'b>>,
    out: Vec<u8>,
    stack: Vec<Operand>,
    /// Stem hints declared so far (for the hintmask length).
    stems: usize,
    /// Whether the first stack-clearing operator (which may carry the
    /// advance width) has been seen.
    cleared: bool,
}

#[derive(PartialEq)]
enum Flow {
    Return,
    EndChar,
}

fn bias(n: usize) -> i32 {
    if n < 1240 {
        107
    } else if n < 33900 {
        1131
    } else {
        32768
    }
}

impl Flattener<'_, '_> {
    fn emit_stack(&mut self) {
        for o in self.stack.drain(..) {
            self.out.extend_from_slice(&o.bytes);
        }
    }

    /// Interpret `cs`, writing operands and path operators to `out`.
    fn run(&mut self, cs: &[u8], depth: usize) -> Option<Flow> {
        if depth > 10 {
            return None;
        }
        let mut i = 0;
        while i < cs.len() {
            let b0 = cs[i];
            // Operands.
            let number = match b0 {
                28 => {
                    let v = i16::from_be_bytes([*cs.get(i + 1)?, *cs.get(i + 2)?]);
                    Some((3, Some(i32::from(v))))
                }
                32..=246 => Some((1, Some(i32::from(b0) - 139))),
                247..=250 => Some((
                    2,
                    Some((i32::from(b0) - 247) * 256 + i32::from(*cs.get(i + 1)?) + 108),
                )),
                251..=254 => Some((
                    2,
                    Some(-(i32::from(b0) - 251) * 256 - i32::from(*cs.get(i + 1)?) - 108),
                )),
                255 => Some((5, None)),
                _ => None,
            };
            if let Some((len, value)) = number {
                self.stack.push(Operand {
                    bytes: cs.get(i..i + len)?.to_vec(),
                    value,
                });
                i += len;
                continue;
            }
            // Operators.
            match b0 {
                // hstem, vstem, hstemhm, vstemhm, hintmask, cntrmask
                1 | 3 | 18 | 23 | 19 | 20 => {
                    if !self.cleared && self.stack.len() % 2 == 1 {
                        // The advance width goes on to the next operator.
                        let w = self.stack.remove(0);
                        self.out.extend_from_slice(&w.bytes);
                    }
                    self.cleared = true;
                    self.stems += self.stack.len() / 2;
                    self.stack.clear();
                    i += 1;
                    if b0 == 19 || b0 == 20 {
                        i += self.stems.div_ceil(8);
                    }
                }
                // callsubr, callgsubr
                10 | 29 => {
                    let n = self.stack.pop()?.value?;
                    let index = if b0 == 10 { self.local? } else { self.global };
                    let k = usize::try_from(n + bias(index.len())).ok()?;
                    let sub = index.read_object(k)?;
                    i += 1;
                    if self.run(sub, depth + 1)? == Flow::EndChar {
                        return Some(Flow::EndChar);
                    }
                }
                // return
                11 => return Some(Flow::Return),
                // endchar
                14 => {
                    self.cleared = true;
                    self.emit_stack();
                    self.out.push(14);
                    return Some(Flow::EndChar);
                }
                // path construction
                4 | 5 | 6 | 7 | 8 | 21 | 22 | 24 | 25 | 26 | 27 | 30 | 31 => {
                    if matches!(b0, 4 | 21 | 22) {
                        self.cleared = true;
                    }
                    self.emit_stack();
                    self.out.push(b0);
                    i += 1;
                }
                // flex family (12 34..37)
                12 => {
                    let b1 = *cs.get(i + 1)?;
                    if !(34..=37).contains(&b1) {
                        return None;
                    }
                    self.emit_stack();
                    self.out.extend_from_slice(&[12, b1]);
                    i += 2;
                }
                _ => return None,
            }
        }
        Some(Flow::Return)
    }
}

/// An OpenType font file from its tables (sorted by tag).
fn write_sfnt(tables: &[(u32, Cow<'_, [u8]>)]) -> Vec<u8> {
    let n = tables.len() as u16;
    let mut entry_selector = 0u16;
    while (1u32 << (entry_selector + 1)) <= u32::from(n) {
        entry_selector += 1;
    }
    let search_range = (1u16 << entry_selector) * 16;
    let range_shift = n * 16 - search_range;
    let mut out = Vec::new();
    out.extend_from_slice(b"OTTO");
    for v in [n, search_range, entry_selector, range_shift] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut body = Vec::new();
    for (t, data) in tables {
        let checksum = data
            .chunks(4)
            .map(|c| {
                let mut w = [0u8; 4];
                w[..c.len()].copy_from_slice(c);
                u32::from_be_bytes(w)
            })
            .fold(0u32, u32::wrapping_add);
        out.extend_from_slice(&t.to_be_bytes());
        out.extend_from_slice(&checksum.to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        body.extend_from_slice(data);
        while body.len() % 4 != 0 {
            body.push(0);
        }
        offset = 12 + 16 * tables.len() + body.len();
    }
    out.extend_from_slice(&body);
    out
}
