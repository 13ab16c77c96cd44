//! The server's memory, read from `/proc/<pid>/status` (`VmRSS`, and `VmHWM`, the
//! peak) at the start and then every minute of the run, printed as it goes.

use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One reading.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Sample {
    /// Minutes since the load started.
    pub minute: u64,
    /// Resident memory, in KiB.
    pub rss_kib: u64,
}

/// Readings taken by a background task until it is stopped.
pub struct Sampler {
    samples: Arc<Mutex<Vec<Sample>>>,
    task: tokio::task::JoinHandle<()>,
    pid: u32,
}

impl Sampler {
    /// Starts reading the memory of `pid` now and every `every`.
    pub fn start(pid: u32, every: Duration) -> Self {
        let samples = Arc::new(Mutex::new(Vec::new()));
        let task = {
            let samples = samples.clone();
            tokio::spawn(async move {
                let mut ticks = tokio::time::interval(every);
                for minute in 0u64.. {
                    ticks.tick().await;
                    let Some(rss_kib) = read_kib(pid, "VmRSS") else {
                        println!("memory: process {pid} is gone");
                        return;
                    };
                    println!(
                        "memory: minute {minute:>3}: server RSS {:.1} MiB",
                        rss_kib as f64 / 1024.0
                    );
                    if let Ok(mut all) = samples.lock() {
                        all.push(Sample { minute, rss_kib });
                    }
                }
            })
        };
        Self { samples, task, pid }
    }

    /// Stops reading; the readings and the peak (`VmHWM`).
    pub fn stop(self) -> (Vec<Sample>, Option<u64>) {
        self.task.abort();
        let samples = self.samples.lock().map(|s| s.clone()).unwrap_or_default();
        (samples, read_kib(self.pid, "VmHWM"))
    }
}

/// A `kB` line of `/proc/<pid>/status`.
pub fn read_kib(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    parse_kib(&status, field)
}

fn parse_kib(status: &str, field: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
}

/// Growth between the reading at `from_minute` (or the first after it) and the last,
/// in percent.
pub fn growth(samples: &[Sample], from_minute: u64) -> Option<f64> {
    let first = samples.iter().find(|s| s.minute >= from_minute)?;
    let last = samples.last()?;
    (last.minute > first.minute && first.rss_kib > 0)
        .then(|| (last.rss_kib as f64 / first.rss_kib as f64 - 1.0) * 100.0)
}

#[cfg(test)]
mod tests {
    use super::{Sample, growth, parse_kib};

    #[test]
    fn reads_a_status_field() {
        let status = "Name:\taula\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n";
        assert_eq!(parse_kib(status, "VmRSS"), Some(102_400));
        assert_eq!(parse_kib(status, "VmHWM"), Some(204_800));
        assert_eq!(parse_kib(status, "VmSwap"), None);
    }

    #[test]
    fn growth_from_minute_two_to_the_last() {
        let s = |minute, rss_kib| Sample { minute, rss_kib };
        let samples = [s(0, 50), s(1, 90), s(2, 100), s(5, 104), s(10, 105)];
        let g = growth(&samples, 2).unwrap_or(f64::NAN);
        assert!((g - 5.0).abs() < 1e-9, "{g}");
        assert_eq!(growth(&samples[..3], 2), None);
    }
}
