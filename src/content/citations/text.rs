//! Citations in running text: a chain of articles and the act that closes it ("art. 5,
//! comma 2, del D.Lgs. 286/1998") or opens it ("DPR 394/1999, art. 13").

use std::ops::Range;

use super::acts::{act_from_caps, find_acts};
use super::labels::{norm_label, ordinal};
use super::patterns::{
    COMMA_AT, EXTRA_AT, GROUP_AT, KW_RE, LEAD_ACT_AT, LETTER_AT, LINK_AT, LIST_AT, PREFIX_END,
    RANGE_AT, at,
};
use super::{ActKind, ActRef, ArticleRef, Citation};

/// Stands for the act while an article chain is parsed; always replaced before the
/// articles leave this module.
const NO_ACT: ActRef = ActRef::new(ActKind::L, 0, 0);

/// An article from its label text and byte range; its act is still `NO_ACT`.
fn article((raw, span): (&str, Range<usize>)) -> ArticleRef {
    ArticleRef {
        act: NO_ACT,
        label: norm_label(raw),
        comma: None,
        letter: None,
        span,
    }
}

/// Parses article groups from `pos`, which must be at an article keyword:
/// "artt. 5, 6 e 7", "art. 5, comma 2, lett. a), e art. 6, commi 1 e 2". Returns the
/// articles and the byte offset past the last one's parts.
fn parse_articles(text: &str, mut pos: usize) -> Option<(Vec<ArticleRef>, usize)> {
    let mut items: Vec<ArticleRef> = Vec::new();
    let mut commas: u32; // commi named for the last article
    let mut group = at(&GROUP_AT, text, pos);
    while let Some(g) = group {
        items.push(article(g.group(1)?));
        (pos, commas) = (g.end(), 0);
        // More labels ("5-9", ", 6 e 7") and the parts of the last one. Only the first
        // comma is kept, and a letter only within it.
        loop {
            if let Some(m) = at(&RANGE_AT, text, pos).or_else(|| at(&LIST_AT, text, pos)) {
                items.push(article(m.group(1)?));
                (pos, commas) = (m.end(), 0);
            } else if let Some(m) = at(&COMMA_AT, text, pos) {
                let caps = &m.caps;
                let comma = match (caps.name("list").or(caps.name("one")), caps.name("ord")) {
                    (Some(c), _) => norm_label(c.as_str()),
                    (None, Some(o)) => ordinal(o.as_str()),
                    (None, None) => ordinal(caps.name("ord2")?.as_str()),
                };
                items.last_mut()?.comma.get_or_insert(comma);
                // A letter after "commi 2 e 3" belongs to comma 3: count that as two.
                let list_end = caps.name("list").map(|l| m.pos + l.end());
                let named = 1 + u32::from(list_end.is_some_and(|e| e < m.end()));
                (pos, commas) = (m.end(), commas + named);
            } else if let Some(m) = at(&LETTER_AT, text, pos) {
                let ((raw, _), last) = (m.group(1)?, items.last_mut()?);
                if commas <= 1 {
                    last.letter.get_or_insert_with(|| norm_label(raw));
                }
                pos = m.end();
            } else if let Some(m) = at(&EXTRA_AT, text, pos) {
                pos = m.end();
            } else {
                break;
            }
        }
        group = at(&LINK_AT, text, pos);
    }
    (!items.is_empty()).then_some((items, pos))
}

/// Largest char boundary of `text` not above `i`.
pub(super) fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A "comma 2 dell'" / "lettera a) del comma 1 dell'" ending at `kw` and starting at or
/// after `min`: its start, comma and letter.
fn prefix_before(text: &str, kw: usize, min: usize) -> Option<(usize, String, Option<String>)> {
    let from = floor_boundary(text, kw.saturating_sub(80)).max(min);
    let window = text.get(from..kw)?;
    let caps = PREFIX_END.captures(window)?;
    let start = from + caps.get(0)?.start();
    let comma = norm_label(caps.get(2)?.as_str());
    Some((start, comma, caps.get(1).map(|m| norm_label(m.as_str()))))
}

/// The act closing an article-first citation at `pos` (", del D.Lgs. 286/1998",
/// " TUI"): the act and the end of its text.
fn act_after(text: &str, pos: usize) -> Option<(ActRef, usize)> {
    let lead = at(&LEAD_ACT_AT, text, pos)?;
    Some((act_from_caps(&lead.caps, &text[lead.pos..])?, lead.end()))
}

/// The act opening an act-first citation ("DPR 394/1999, art. 13"): an act of `acts`
/// starting at or after `min` and ending just before keyword `kw`, separated from it by
/// blanks and at most one ",", ":" or dash. Returns its start and the act.
fn act_before(
    text: &str,
    kw: usize,
    min: usize,
    acts: &[(Range<usize>, ActRef)],
) -> Option<(usize, ActRef)> {
    let i = acts.partition_point(|(r, _)| r.end <= kw);
    let (range, act) = acts.get(i.checked_sub(1)?)?;
    let mut marks = text
        .get(range.end..kw)?
        .chars()
        .filter(|c| !c.is_whitespace());
    let glue_ok = marks.next().is_none_or(|c| ",:-–".contains(c)) && marks.next().is_none();
    (range.start >= min && glue_ok).then(|| (range.start, act.clone()))
}

/// Every citation in `text`, in order, non-overlapping.
pub fn find_citations(text: &str) -> Vec<Citation> {
    let acts = find_acts(text);
    let mut found: Vec<Citation> = Vec::new();
    // Nothing may start before `min`: the end of the last citation, or of the last
    // article chain that closed no citation (its later keywords would fail the same
    // way, and skipping them keeps long lists linear).
    let mut min = 0;
    for kw in KW_RE.find_iter(text) {
        let kw = kw.start();
        if kw < min {
            continue;
        }
        let Some((mut items, end)) = parse_articles(text, kw) else {
            continue;
        };
        let (span, act) = if let Some((act, act_end)) = act_after(text, end) {
            let mut start = kw;
            if let Some((prefix_start, comma, letter)) = prefix_before(text, kw, min)
                && let Some(first) = items.first_mut().filter(|f| f.comma.is_none())
            {
                start = prefix_start;
                first.comma = Some(comma);
                first.letter = letter;
            }
            (start..act_end, act)
        } else if let Some((act_start, act)) = act_before(text, kw, min, &acts) {
            (act_start..end, act)
        } else {
            min = end;
            continue;
        };
        min = span.end;
        for a in &mut items {
            a.act = act.clone();
        }
        found.push(Citation {
            span,
            articles: items,
        });
    }
    found
}
