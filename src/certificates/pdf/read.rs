//! Reading back the credential attached to a paper (any PDF, as uploaded to the
//! verification page): the embedded files of the catalogue's name tree, then its
//! associated files (`/AF`), the first whose name ends in `.json`.

use lopdf::{Dictionary, Document, Object};

/// Name tree levels followed at most (real files have two or three).
const MAX_DEPTH: usize = 16;
/// Name tree nodes and file specifications looked at, at most.
const MAX_VISITS: usize = 4096;

/// The bytes of the first embedded `.json` file of `pdf`; None when `pdf` is not a
/// readable PDF or has none. Never panics: the parser runs behind `catch_unwind`.
pub fn attachment(pdf: &[u8]) -> Option<Vec<u8>> {
    // A PDF's header is within its first 1024 bytes.
    let head = &pdf[..pdf.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return None;
    }
    std::panic::catch_unwind(|| {
        let doc = Document::load_mem(pdf).ok()?;
        first_json(&doc)
    })
    .ok()
    .flatten()
}

fn first_json(doc: &Document) -> Option<Vec<u8>> {
    let catalog = doc.catalog().ok()?;
    let mut visits = 0;
    let mut specs = Vec::new();
    if let Some(tree) = catalog
        .get(b"Names")
        .ok()
        .and_then(|o| dict(doc, o))
        .and_then(|names| names.get(b"EmbeddedFiles").ok())
        .and_then(|o| dict(doc, o))
    {
        collect_specs(doc, tree, 0, &mut visits, &mut specs);
    }
    if let Some(associated) = catalog.get(b"AF").ok().and_then(|o| array(doc, o)) {
        specs.extend(associated.iter().take(MAX_VISITS));
    }
    specs.into_iter().find_map(|spec| json_of(doc, spec))
}

/// The values of the name tree under `node`, in key order.
fn collect_specs<'a>(
    doc: &'a Document,
    node: &'a Dictionary,
    depth: usize,
    visits: &mut usize,
    specs: &mut Vec<&'a Object>,
) {
    *visits += 1;
    if depth > MAX_DEPTH || *visits > MAX_VISITS {
        return;
    }
    if let Some(names) = node.get(b"Names").ok().and_then(|o| array(doc, o)) {
        specs.extend(names.iter().skip(1).step_by(2));
    }
    if let Some(kids) = node.get(b"Kids").ok().and_then(|o| array(doc, o)) {
        for kid in kids {
            if let Some(kid) = dict(doc, kid) {
                collect_specs(doc, kid, depth + 1, visits, specs);
            }
        }
    }
}

/// The content of a file specification naming a `.json` file.
fn json_of(doc: &Document, spec: &Object) -> Option<Vec<u8>> {
    let spec = dict(doc, spec)?;
    let name = [b"UF".as_slice(), b"F"]
        .into_iter()
        .find_map(|key| spec.get(key).ok().and_then(|o| deref(doc, o).as_str().ok()))
        .map(text_string)?;
    if !name.to_ascii_lowercase().ends_with(".json") {
        return None;
    }
    let files = dict(doc, spec.get(b"EF").ok()?)?;
    [b"F".as_slice(), b"UF"].into_iter().find_map(|key| {
        let stream = deref(doc, files.get(key).ok()?).as_stream().ok()?;
        stream.decompressed_content().ok()
    })
}

fn deref<'a>(doc: &'a Document, object: &'a Object) -> &'a Object {
    doc.dereference(object).map_or(object, |(_, o)| o)
}

fn dict<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Dictionary> {
    deref(doc, object).as_dict().ok()
}

fn array<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Vec<Object>> {
    deref(doc, object).as_array().ok()
}

/// A PDF text string: UTF-16BE or UTF-8 with their byte order marks, else
/// PDFDocEncoding (read as Latin-1, which agrees on every character a file name
/// ending in `.json` needs).
fn text_string(bytes: &[u8]) -> String {
    if let Some(utf16) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = utf16
            .chunks_exact(2)
            .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(utf8) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(utf8).into_owned();
    }
    bytes.iter().map(|&b| char::from(b)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_decode() {
        assert_eq!(text_string(b"attestato.json"), "attestato.json");
        assert_eq!(text_string(&[0xFE, 0xFF, 0, b'a', 0, b'.', 0, b'j']), "a.j");
        assert_eq!(text_string(&[0xEF, 0xBB, 0xBF, b'x']), "x");
    }

    #[test]
    fn not_a_pdf_is_none() {
        assert_eq!(attachment(b""), None);
        assert_eq!(attachment(b"{\"json\": true}"), None);
        assert_eq!(attachment(b"%PDF-"), None);
        assert_eq!(
            attachment(b"%PDF-1.7\n%\xE2\xE3\n1 0 obj\n<< /Type /Catalog"),
            None
        );
    }
}
