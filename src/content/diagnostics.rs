//! Problems found in course content, each tied to a file and a line.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Shown for information; never fails the check.
    Note,
    /// Shown; fails the check only with `--strict`.
    Warning,
    /// Fails the check; the item is left out when serving.
    Error,
}

/// One problem, printed as `path:line: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in Italian, for authors.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "errore",
            Severity::Warning => "avviso",
            Severity::Note => "nota",
        };
        write!(
            f,
            "{}:{}: {kind}: {}",
            self.path.display(),
            self.line,
            self.message
        )
    }
}

/// Collects diagnostics while content is loaded.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// (file, message) of the warnings recorded once per file.
    once: HashSet<(PathBuf, String)>,
}

impl Diagnostics {
    /// Records an error.
    pub fn error(&mut self, path: &Path, line: usize, message: impl Into<String>) {
        self.push(path, line, Severity::Error, message.into());
    }

    /// Records a warning.
    pub fn warning(&mut self, path: &Path, line: usize, message: impl Into<String>) {
        self.push(path, line, Severity::Warning, message.into());
    }

    /// Records a warning unless the same one was already recorded for the file (at the
    /// first line that shows the problem, not at every line).
    pub fn warning_once(&mut self, path: &Path, line: usize, message: impl Into<String>) {
        let message = message.into();
        if self.once.insert((path.to_path_buf(), message.clone())) {
            self.push(path, line, Severity::Warning, message);
        }
    }

    /// Records a note.
    pub fn note(&mut self, path: &Path, line: usize, message: impl Into<String>) {
        self.push(path, line, Severity::Note, message.into());
    }

    fn push(&mut self, path: &Path, line: usize, severity: Severity, message: String) {
        self.items.push(Diagnostic {
            path: path.to_path_buf(),
            line: line.max(1),
            severity,
            message,
        });
    }

    /// Number of errors so far.
    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Every diagnostic, sorted by file and line.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items
            .sort_by(|a, b| (&a.path, a.line, &a.message).cmp(&(&b.path, b.line, &b.message)));
        self.items
    }
}

/// 1-based line of byte `offset` in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}
