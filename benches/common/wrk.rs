//! Runs `wrk --latency` against one URL (or, with a script from [`rotating_script`],
//! against a list of paths in turn) and reads requests/s, the latency percentiles and
//! the error counts from its report.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;

/// One wrk run.
pub struct Load<'a> {
    /// The `wrk` executable.
    pub wrk: &'a Path,
    /// The URL every request asks for.
    pub url: &'a str,
    /// Open connections (`-c`), shared by two threads (`-t2`).
    pub connections: usize,
    /// Length of the run.
    pub seconds: u64,
    /// Extra request headers, as `Name: value`.
    pub headers: &'a [String],
    /// A Lua script (`-s`), e.g. one from [`rotating_script`]; its requests go to the
    /// host of `url`.
    pub script: Option<&'a Path>,
}

/// What wrk reported.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    /// Requests completed per second.
    pub requests_per_second: f64,
    /// Median latency.
    pub p50: Duration,
    /// 99th percentile latency.
    pub p99: Duration,
    /// Requests completed.
    pub requests: u64,
    /// Responses whose status was neither 2xx nor 3xx.
    pub non_2xx_3xx: u64,
    /// wrk's "Socket errors" line (connect, read, write, timeout), if any.
    pub socket_errors: Option<String>,
}

impl Load<'_> {
    /// Runs wrk to the end (as a child process, so the server under test keeps every
    /// runtime thread) and parses its report.
    pub async fn run(&self) -> anyhow::Result<Figures> {
        let mut command = tokio::process::Command::new(self.wrk);
        command
            .arg("--latency")
            .arg("-t2")
            .arg(format!("-c{}", self.connections))
            .arg(format!("-d{}s", self.seconds));
        for header in self.headers {
            command.arg("-H").arg(header);
        }
        if let Some(script) = self.script {
            command.arg("-s").arg(script);
        }
        let output = command
            .arg(self.url)
            .kill_on_drop(true)
            .output()
            .await
            .with_context(|| format!("cannot run {}", self.wrk.display()))?;
        let report = String::from_utf8_lossy(&output.stdout);
        anyhow::ensure!(
            output.status.success(),
            "wrk failed on {} ({}): {report}{}",
            self.url,
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
        parse(&report)
            .with_context(|| format!("cannot read wrk's report on {}:\n{report}", self.url))
    }
}

/// Writes `rotate.lua` in `dir`: each wrk thread asks for `paths` in turn (with the
/// headers given by `-H`), starting from a different place. Paths must be
/// percent-encoded already.
pub fn rotating_script(dir: &Path, paths: &[String]) -> anyhow::Result<PathBuf> {
    anyhow::ensure!(!paths.is_empty(), "no path for wrk to rotate over");
    let mut lua = String::from("local paths = {\n");
    for path in paths {
        anyhow::ensure!(
            path.bytes()
                .all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\\'),
            "{path:?} is not a percent-encoded path"
        );
        lua.push_str(&format!("  \"{path}\",\n"));
    }
    lua.push_str(
        "}\n\
         local threads = 0\n\
         function setup(thread)\n  \
           thread:set(\"first\", threads * 37)\n  \
           threads = threads + 1\n\
         end\n\
         local n = 0\n\
         function init(args)\n  \
           n = first % #paths\n\
         end\n\
         function request()\n  \
           n = n % #paths + 1\n  \
           return wrk.format(\"GET\", paths[n])\n\
         end\n",
    );
    let file = dir.join("rotate.lua");
    std::fs::write(&file, lua).with_context(|| format!("cannot write {}", file.display()))?;
    Ok(file)
}

/// Reads the figures out of wrk's text report.
fn parse(report: &str) -> anyhow::Result<Figures> {
    let mut figures = Figures::default();
    let (mut rate, mut p50, mut p99) = (None, None, None);
    for line in report.lines().map(str::trim) {
        if let Some(value) = line.strip_prefix("Requests/sec:") {
            rate = Some(value.trim().parse::<f64>()?);
        } else if let Some(value) = line.strip_prefix("50%") {
            p50 = Some(duration(value.trim())?);
        } else if let Some(value) = line.strip_prefix("99%") {
            p99 = Some(duration(value.trim())?);
        } else if let Some(value) = line.strip_prefix("Non-2xx or 3xx responses:") {
            figures.non_2xx_3xx = value.trim().parse()?;
        } else if let Some(value) = line.strip_prefix("Socket errors:") {
            figures.socket_errors = Some(value.trim().to_string());
        } else if let Some((count, _)) = line.split_once(" requests in ") {
            figures.requests = count.trim().parse()?;
        }
    }
    figures.requests_per_second = rate.context("no Requests/sec line")?;
    figures.p50 = p50.context("no 50% latency line (was --latency given?)")?;
    figures.p99 = p99.context("no 99% latency line")?;
    Ok(figures)
}

/// A wrk time such as `635.91us`, `1.02ms`, `2.00s` or `1.50m`.
fn duration(text: &str) -> anyhow::Result<Duration> {
    let split = text
        .find(|c: char| c.is_ascii_alphabetic())
        .with_context(|| format!("no unit in {text:?}"))?;
    let (number, unit) = text.split_at(split);
    let number: f64 = number.trim().parse()?;
    let seconds = match unit {
        "us" => number / 1e6,
        "ms" => number / 1e3,
        "s" => number,
        "m" => number * 60.0,
        "h" => number * 3600.0,
        _ => anyhow::bail!("unknown unit in {text:?}"),
    };
    Ok(Duration::from_secs_f64(seconds))
}
