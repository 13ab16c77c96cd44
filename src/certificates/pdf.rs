//! (being written: signature stub so the rest compiles)
#![allow(missing_docs)]
use super::Certificate;
pub struct Attachment<'a> { pub name: &'a str, pub bytes: &'a [u8] }
pub fn render(_cert: &Certificate, _messages: &crate::render::i18n::Messages, _verify_url: &str,
              _attachment: Option<Attachment<'_>>) -> Result<Vec<u8>, PdfError> { unimplemented!() }
pub fn attachment(_pdf: &[u8]) -> Option<Vec<u8>> { unimplemented!() }
#[derive(Debug, thiserror::Error)]
pub enum PdfError { #[error("pdf: {0}")] Render(String) }
