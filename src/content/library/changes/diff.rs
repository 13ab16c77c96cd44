//! A word-level diff of two texts of an article, for reading: the text is split into
//! words, runs of whitespace and single punctuation marks, compared with Myers'
//! algorithm (the `similar` crate: time proportional to the text times the changes,
//! memory linear in the text), and shaped into segments that keep every character of
//! both texts, so that the old text is the same and removed segments in order, and the
//! new text the same and added ones.

use std::time::Duration;

use serde::Serialize;
use similar::{Algorithm, DiffTag, TextDiff};

/// How long one diff may search for the shortest edit before settling for a longer
/// one (a correct diff, only less tidy): bounds a page's time on pathological texts.
const DIFF_TIMEOUT: Duration = Duration::from_millis(200);

/// What a segment of a diff is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SegmentKind {
    /// In both texts.
    Same,
    /// Only in the new text.
    Added,
    /// Only in the old text.
    Removed,
}

/// A run of text of one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// Same, added or removed.
    pub kind: SegmentKind,
    /// The text, whitespace included.
    pub text: String,
}

impl Segment {
    fn new(kind: SegmentKind, text: impl Into<String>) -> Self {
        Self {
            kind,
            text: text.into(),
        }
    }
}

/// The word-level diff of `old` and `new`. Within a change the removed text comes
/// before the added text; whitespace between two changes is shown as part of both,
/// so that "sessanta giorni" → "novanta mesi" reads as one replacement.
pub fn word_diff(old: &str, new: &str) -> Vec<Segment> {
    if old == new {
        return if old.is_empty() {
            Vec::new()
        } else {
            vec![Segment::new(SegmentKind::Same, old)]
        };
    }
    let old_tokens = tokens(old);
    let new_tokens = tokens(new);
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .timeout(DIFF_TIMEOUT)
        .diff_slices(&old_tokens, &new_tokens);
    let mut blocks: Vec<Block> = Vec::new();
    for op in diff.ops() {
        let removed = old_tokens[op.old_range()].concat();
        let added = new_tokens[op.new_range()].concat();
        match op.tag() {
            DiffTag::Equal => push_same(&mut blocks, removed),
            _ => push_change(&mut blocks, removed, added),
        }
    }
    segments(blocks)
}

/// The diff of an article that appeared (`old` none) or disappeared (`new` none):
/// its whole text as one segment.
pub fn whole(kind: SegmentKind, text: &str) -> Vec<Segment> {
    if text.is_empty() {
        Vec::new()
    } else {
        vec![Segment::new(kind, text)]
    }
}

/// Either text the same in both, or a change (removed, added).
enum Block {
    Same(String),
    Change(String, String),
}

fn push_same(blocks: &mut Vec<Block>, text: String) {
    if let Some(Block::Same(last)) = blocks.last_mut() {
        last.push_str(&text);
    } else {
        blocks.push(Block::Same(text));
    }
}

/// Adds a change; when only whitespace separates it from the previous change, the
/// whitespace joins both sides of one larger change.
fn push_change(blocks: &mut Vec<Block>, removed: String, added: String) {
    let joins = matches!(
        blocks.as_slice(),
        [.., Block::Change(..), Block::Same(gap)] if gap.chars().all(char::is_whitespace)
    );
    if joins && let Some(Block::Same(gap)) = blocks.pop() {
        if let Some(Block::Change(old, new)) = blocks.last_mut() {
            old.push_str(&gap);
            old.push_str(&removed);
            new.push_str(&gap);
            new.push_str(&added);
        }
        return;
    }
    if let Some(Block::Change(old, new)) = blocks.last_mut() {
        old.push_str(&removed);
        new.push_str(&added);
    } else {
        blocks.push(Block::Change(removed, added));
    }
}

fn segments(blocks: Vec<Block>) -> Vec<Segment> {
    let mut out = Vec::with_capacity(blocks.len() * 2);
    for block in blocks {
        match block {
            Block::Same(text) => out.push(Segment::new(SegmentKind::Same, text)),
            Block::Change(removed, added) => {
                if !removed.is_empty() {
                    out.push(Segment::new(SegmentKind::Removed, removed));
                }
                if !added.is_empty() {
                    out.push(Segment::new(SegmentKind::Added, added));
                }
            }
        }
    }
    out
}

/// The text as words (letters and digits, with the apostrophes inside them), runs of
/// whitespace and single other characters (punctuation), each a slice of `text`.
fn tokens(text: &str) -> Vec<&str> {
    #[derive(PartialEq, Clone, Copy)]
    enum Class {
        Word,
        Space,
        Mark,
    }
    let class = |c: char| {
        if c.is_alphanumeric() {
            Class::Word
        } else if c.is_whitespace() {
            Class::Space
        } else {
            Class::Mark
        }
    };
    let mut out = Vec::new();
    let mut start = 0;
    let mut current: Option<Class> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let mut this = class(c);
        // An apostrophe between letters belongs to the word (`dell'atto` splits after
        // it, `e'` keeps it): only its position matters to the reader, not a token.
        if (c == '\'' || c == '’') && current == Some(Class::Word) {
            this = Class::Word;
        }
        let continues = current == Some(this) && this != Class::Mark;
        if !continues {
            if i > start {
                out.push(&text[start..i]);
            }
            start = i;
        }
        current = Some(this);
        // After an apostrophe a new word starts (`dell'` + `atto`).
        if this == Class::Word
            && (c == '\'' || c == '’')
            && chars.peek().is_some_and(|(_, next)| next.is_alphanumeric())
        {
            let end = i + c.len_utf8();
            out.push(&text[start..end]);
            start = end;
            current = None;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(segments: &[Segment]) -> Vec<(SegmentKind, &str)> {
        segments.iter().map(|s| (s.kind, s.text.as_str())).collect()
    }

    /// Both texts are rebuilt from the segments, character for character.
    fn assert_complete(old: &str, new: &str, segments: &[Segment]) {
        let side = |skip: SegmentKind| -> String {
            segments
                .iter()
                .filter(|s| s.kind != skip)
                .map(|s| s.text.as_str())
                .collect()
        };
        assert_eq!(side(SegmentKind::Added), old, "old text from the segments");
        assert_eq!(
            side(SegmentKind::Removed),
            new,
            "new text from the segments"
        );
    }

    use SegmentKind::{Added, Removed, Same};

    #[test]
    fn one_word_replaced() {
        let old = "La domanda è presentata entro sessanta giorni dall'evento.";
        let new = "La domanda è presentata entro novanta giorni dall'evento.";
        let diff = word_diff(old, new);
        assert_eq!(
            shown(&diff),
            vec![
                (Same, "La domanda è presentata entro "),
                (Removed, "sessanta"),
                (Added, "novanta"),
                (Same, " giorni dall'evento."),
            ]
        );
        assert_complete(old, new, &diff);
    }

    #[test]
    fn words_added_at_the_end() {
        let old = "Il termine è sospeso.";
        let new = "Il termine è sospeso. Il comune ne dà notizia.";
        let diff = word_diff(old, new);
        assert_eq!(
            shown(&diff),
            vec![
                (Same, "Il termine è sospeso."),
                (Added, " Il comune ne dà notizia."),
            ]
        );
        assert_complete(old, new, &diff);
    }

    #[test]
    fn punctuation_is_its_own_token() {
        let old = "entro il 31 agosto, salvo proroga";
        let new = "entro il 31 agosto; salvo proroga";
        let diff = word_diff(old, new);
        assert_eq!(
            shown(&diff),
            vec![
                (Same, "entro il 31 agosto"),
                (Removed, ","),
                (Added, ";"),
                (Same, " salvo proroga"),
            ]
        );
        assert_complete(old, new, &diff);
    }

    #[test]
    fn identical_texts_are_one_same_segment() {
        let text = "1. Il presente decreto disciplina\nla materia.";
        assert_eq!(shown(&word_diff(text, text)), vec![(Same, text)]);
        assert!(word_diff("", "").is_empty());
    }

    #[test]
    fn neighbouring_changes_read_as_one_replacement() {
        let old = "entro sessanta giorni dalla data";
        let new = "entro novanta mesi dalla data";
        let diff = word_diff(old, new);
        assert_eq!(
            shown(&diff),
            vec![
                (Same, "entro "),
                (Removed, "sessanta giorni"),
                (Added, "novanta mesi"),
                (Same, " dalla data"),
            ]
        );
        assert_complete(old, new, &diff);
    }

    #[test]
    fn whitespace_and_line_breaks_are_kept() {
        let old = "1. Primo comma.\n2. Secondo  comma.";
        let new = "1. Primo comma.\n2-bis. Nuovo comma.\n2. Secondo  comma.";
        let diff = word_diff(old, new);
        assert_complete(old, new, &diff);
        assert!(
            diff.iter()
                .any(|s| s.kind == Added && s.text.contains("Nuovo"))
        );
        assert!(diff.iter().all(|s| s.kind != Removed));
    }

    #[test]
    fn apostrophes_stay_with_their_word() {
        assert_eq!(
            tokens("dell'atto e' nullo"),
            vec!["dell'", "atto", " ", "e'", " ", "nullo"]
        );
        let diff = word_diff("dell'atto", "dell'avviso");
        assert_eq!(
            shown(&diff),
            vec![(Same, "dell'"), (Removed, "atto"), (Added, "avviso")]
        );
    }

    #[test]
    fn a_long_article_rewritten_is_diffed_completely() {
        let old: String = (0..5_000).map(|i| format!("parola{i} ")).collect();
        let new: String = (0..5_000).map(|i| format!("termine{i} ")).collect();
        let diff = word_diff(&old, &new);
        assert_complete(&old, &new, &diff);
    }

    #[test]
    fn whole_text_is_one_segment() {
        assert_eq!(shown(&whole(Added, "Art. 3")), vec![(Added, "Art. 3")]);
        assert!(whole(Removed, "").is_empty());
    }
}
