//! Labels of articles, commi and letters as written in ids: "29 bis" → "29-bis",
//! "secondo" → "2".

/// Normalises a label: lower case, runs of digits and of letters joined by hyphens
/// ("29 bis" → "29-bis", "14.1" → "14-1", "8.1-bis" → "8-1-bis", "a-bis" → "a-bis").
pub(super) fn norm_label(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 2);
    let mut prev: Option<bool> = None; // was the last char written a digit?
    let mut gap = false; // was a separator seen since then?
    for c in raw.chars() {
        if !c.is_alphanumeric() {
            gap = true;
            continue;
        }
        let digit = c.is_ascii_digit();
        if prev.is_some_and(|p| gap || p != digit) {
            out.push('-');
        }
        out.extend(c.to_lowercase());
        prev = Some(digit);
        gap = false;
    }
    out
}

/// Number of an ordinal matched by `ORD`, as a label: "secondo" → "2".
pub(super) fn ordinal(word: &str) -> String {
    const ORDINALS: [&str; 10] = [
        "primo", "secondo", "terzo", "quarto", "quinto", "sesto", "settimo", "ottavo", "nono",
        "decimo",
    ];
    let word = word.to_lowercase();
    let n = ORDINALS.iter().position(|o| *o == word);
    n.map_or(0, |i| i + 1).to_string()
}
