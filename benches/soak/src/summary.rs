//! The run's figures: per request kind the count, throughput, errors, p50, p99 and
//! maximum (from goose's response-time counts), the errors by cause, and the server's
//! memory series; written as Markdown and JSON beside goose's own report.

use std::collections::BTreeMap;
use std::path::Path;

use goose::metrics::GooseMetrics;
use serde::Serialize;

use crate::memory::{self, Sample};

/// One request kind.
#[derive(Debug, Serialize)]
pub struct Kind {
    /// Method and name, as goose reports it (`GET page: lesson`).
    pub name: String,
    /// Requests answered or failed.
    pub requests: usize,
    /// Requests per second over the run.
    pub per_second: f64,
    /// Failed requests (non-2xx, a transport error, or a page without what it must show).
    pub errors: usize,
    /// Median response time, ms.
    pub p50_ms: usize,
    /// 99th percentile, ms.
    pub p99_ms: usize,
    /// Slowest, ms.
    pub max_ms: usize,
}

/// The whole run.
#[derive(Debug, Serialize)]
pub struct Summary {
    /// What was run (database, users, durations).
    pub setup: BTreeMap<String, String>,
    /// Seconds the load ran (ramp-up included).
    pub seconds: usize,
    /// Every request kind.
    pub kinds: Vec<Kind>,
    /// All requests.
    pub requests: usize,
    /// All failed requests.
    pub errors: usize,
    /// Errors by cause, as goose names them.
    pub error_causes: BTreeMap<String, usize>,
    /// The server's memory, minute by minute.
    pub memory: Vec<Sample>,
    /// The server's peak resident memory (VmHWM), KiB.
    pub peak_kib: Option<u64>,
    /// Growth of resident memory from minute 2 to the last reading under load, percent.
    pub growth_percent: Option<f64>,
}

/// The response time below which `fraction` of the counted requests fall, from goose's
/// counts by (rounded) milliseconds.
pub fn percentile(times: &BTreeMap<usize, usize>, fraction: f64) -> usize {
    let total: usize = times.values().sum();
    if total == 0 {
        return 0;
    }
    let rank = ((total as f64) * fraction).ceil().max(1.0) as usize;
    let mut seen = 0;
    for (ms, count) in times {
        seen += count;
        if seen >= rank {
            return *ms;
        }
    }
    times.keys().next_back().copied().unwrap_or(0)
}

impl Summary {
    /// The summary of goose's metrics and the memory readings.
    pub fn new(
        setup: BTreeMap<String, String>,
        metrics: &GooseMetrics,
        memory: Vec<Sample>,
        peak_kib: Option<u64>,
    ) -> Self {
        let seconds = metrics.duration.max(1);
        let mut kinds: Vec<Kind> = metrics
            .requests
            .iter()
            .map(|(name, m)| Kind {
                name: name.clone(),
                requests: m.success_count + m.fail_count,
                per_second: (m.success_count + m.fail_count) as f64 / seconds as f64,
                errors: m.fail_count,
                p50_ms: percentile(&m.raw_data.times, 0.50),
                p99_ms: percentile(&m.raw_data.times, 0.99),
                max_ms: m.raw_data.maximum_time,
            })
            .collect();
        kinds.sort_by(|a, b| a.name.cmp(&b.name));
        let error_causes = metrics
            .errors
            .values()
            .map(|e| {
                (
                    format!("{} {}: {}", e.method, e.name, e.error),
                    e.occurrences,
                )
            })
            .collect();
        // Readings taken after the load ended (goose winding down) do not count.
        let under_load: Vec<Sample> = memory
            .iter()
            .copied()
            .filter(|s| s.minute * 60 <= seconds as u64)
            .collect();
        let growth_percent = memory::growth(&under_load, 2);
        Self {
            setup,
            seconds,
            requests: kinds.iter().map(|k| k.requests).sum(),
            errors: kinds.iter().map(|k| k.errors).sum(),
            kinds,
            error_causes,
            memory,
            peak_kib,
            growth_percent,
        }
    }

    /// The summary as Markdown.
    pub fn markdown(&self) -> String {
        let mut out = String::from("# Aula soak run\n\n");
        for (key, value) in &self.setup {
            out += &format!("- {key}: {value}\n");
        }
        out += &format!(
            "\n{} requests in {} s ({:.1}/s), {} errors\n\n",
            self.requests,
            self.seconds,
            self.requests as f64 / self.seconds as f64,
            self.errors
        );
        out += "| request | count | per s | errors | p50 ms | p99 ms | max ms |\n";
        out += "|---|---:|---:|---:|---:|---:|---:|\n";
        for k in &self.kinds {
            out += &format!(
                "| {} | {} | {:.2} | {} | {} | {} | {} |\n",
                k.name, k.requests, k.per_second, k.errors, k.p50_ms, k.p99_ms, k.max_ms
            );
        }
        if !self.error_causes.is_empty() {
            out += "\nErrors:\n\n";
            for (cause, n) in &self.error_causes {
                out += &format!("- {n} × {cause}\n");
            }
        }
        out += "\nServer memory (RSS) by minute: ";
        let series: Vec<String> = self
            .memory
            .iter()
            .map(|s| format!("{}: {:.1} MiB", s.minute, s.rss_kib as f64 / 1024.0))
            .collect();
        out += &series.join(", ");
        out += "\n";
        if let Some(peak) = self.peak_kib {
            out += &format!("Peak RSS (VmHWM): {:.1} MiB\n", peak as f64 / 1024.0);
        }
        match self.growth_percent {
            Some(g) => {
                out += &format!("Growth from minute 2 to the last reading under load: {g:+.1}%\n")
            }
            None => out += "Growth from minute 2: not measured (the run was shorter)\n",
        }
        out
    }

    /// Writes `summary.md` and `summary.json` into `dir`.
    pub fn write(&self, dir: &Path) -> anyhow::Result<()> {
        std::fs::write(dir.join("summary.md"), self.markdown())?;
        std::fs::write(
            dir.join("summary.json"),
            serde_json::to_string_pretty(self)?,
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::percentile;

    #[test]
    fn percentiles_of_counts() {
        // 98 answers of 2 ms, one of 40 ms, one of 900 ms.
        let times = BTreeMap::from([(2, 98), (40, 1), (900, 1)]);
        assert_eq!(percentile(&times, 0.5), 2);
        assert_eq!(percentile(&times, 0.98), 2);
        assert_eq!(percentile(&times, 0.99), 40);
        assert_eq!(percentile(&times, 1.0), 900);
        assert_eq!(percentile(&BTreeMap::new(), 0.99), 0);
    }
}
