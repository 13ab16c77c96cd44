//! The evaluation's queries: one JSON object a line (see `benches/data/legal_search/`),
//! read with the line of each mistake, and chosen by split.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Context;
use serde::Deserialize;

/// One query with its graded judgments.
#[derive(Debug, Clone, Deserialize)]
pub struct Query {
    /// Stable id, e.g. `tui-001`.
    pub id: String,
    /// `a` (phrased like headings and legal terms) or `b` (everyday words).
    pub group: String,
    /// `dev` (tune on it) or `test` (report it).
    pub split: String,
    /// The text as a user types it.
    pub query: String,
    /// Article id → grade (2 answers, 1 related).
    pub judgments: HashMap<String, u8>,
}

/// Which queries a run measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    /// The dev half.
    Dev,
    /// The test half (the default: the figures to report).
    Test,
    /// Both halves.
    All,
}

impl Split {
    /// Reads `--split dev|test|all` (or `--split=…`) among the arguments; other
    /// arguments (cargo passes `--bench`) are ignored.
    pub fn from_args(args: &[String]) -> anyhow::Result<Self> {
        let mut value = None;
        for (i, arg) in args.iter().enumerate() {
            if arg == "--split" {
                value = Some(args.get(i + 1).map(String::as_str).unwrap_or_default());
            } else if let Some(v) = arg.strip_prefix("--split=") {
                value = Some(v);
            }
        }
        match value {
            None | Some("test") => Ok(Self::Test),
            Some("dev") => Ok(Self::Dev),
            Some("all") => Ok(Self::All),
            Some(other) => anyhow::bail!("--split {other:?}: expected dev, test or all"),
        }
    }

    /// Its name, as given on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::Dev => "dev",
            Self::Test => "test",
            Self::All => "all",
        }
    }

    fn takes(self, query: &Query) -> bool {
        self == Self::All || query.split == self.name()
    }
}

/// Reads the queries of `split` from `path`; a malformed line is an error naming it.
pub fn load(path: &Path, split: Split) -> anyhow::Result<Vec<Query>> {
    let text = std::fs::read_to_string(path).with_context(|| {
        format!(
            "{}: cannot read the queries (AULA_BENCH_QUERIES names another file)",
            path.display()
        )
    })?;
    let mut queries = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = || format!("{}:{}", path.display(), n + 1);
        let query: Query = serde_json::from_str(line).with_context(at)?;
        anyhow::ensure!(
            query.group == "a" || query.group == "b",
            "{}: group {:?}: expected \"a\" or \"b\"",
            at(),
            query.group
        );
        anyhow::ensure!(
            query.split == "dev" || query.split == "test",
            "{}: split {:?}: expected \"dev\" or \"test\"",
            at(),
            query.split
        );
        if let Some((id, grade)) = query.judgments.iter().find(|(_, g)| **g > 2) {
            anyhow::bail!("{}: {id}: grade {grade}: expected 0, 1 or 2", at());
        }
        if split.takes(&query) {
            queries.push(query);
        }
    }
    anyhow::ensure!(
        !queries.is_empty(),
        "{}: no query in the {} split",
        path.display(),
        split.name()
    );
    Ok(queries)
}
