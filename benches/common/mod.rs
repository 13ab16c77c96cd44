//! Helpers for benches that put Aula under load from outside: finding the external
//! tools they need, running `wrk` and reading its figures, and an nginx serving fixed
//! bytes as the baseline.

pub mod nginx;
pub mod wrk;

use std::path::PathBuf;

/// Where `program` is: the first match on `PATH`, then the sbin folders that a
/// non-root `PATH` often lacks (Debian installs nginx in `/usr/sbin`).
pub fn find_program(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/local/sbin", "/usr/sbin", "/sbin"].map(PathBuf::from))
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}
