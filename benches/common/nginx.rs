//! An nginx in the foreground serving fixed files from a temporary folder, on an
//! ephemeral port of 127.0.0.1: the static-file baseline Aula's pages are compared
//! with. Stopped when dropped, whatever happened in between.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context;

/// A running nginx; dropping it stops it.
pub struct Nginx {
    program: PathBuf,
    dir: tempfile::TempDir,
    child: Child,
    port: u16,
}

impl Nginx {
    /// Starts nginx (one worker, no access log) serving `files` (name, bytes) as
    /// `text/html; charset=utf-8`, the type Aula's pages carry, and waits until it
    /// accepts connections.
    pub fn start(program: &Path, files: &[(&str, &[u8])]) -> anyhow::Result<Self> {
        let dir = tempfile::tempdir()?;
        let root = dir.path().join("www");
        std::fs::create_dir(&root)?;
        for (name, bytes) in files {
            std::fs::write(root.join(name), bytes)?;
            std::fs::set_permissions(root.join(name), std::fs::Permissions::from_mode(0o644))?;
        }
        // Started as root, nginx's worker runs as `nobody`: it must be able to read
        // the (otherwise private) temporary folder.
        for folder in [dir.path(), &root] {
            std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o755))?;
        }
        let port = free_port()?;
        let conf = dir.path().join("nginx.conf");
        std::fs::write(&conf, config(dir.path(), &root, port))?;
        let child = Command::new(program)
            .arg("-p")
            .arg(dir.path())
            .arg("-e")
            .arg(dir.path().join("error.log"))
            .arg("-c")
            .arg(&conf)
            .args(["-g", "daemon off;"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("cannot start {}", program.display()))?;
        let mut nginx = Self {
            program: program.to_path_buf(),
            dir,
            child,
            port,
        };
        nginx.wait_ready()?;
        Ok(nginx)
    }

    /// The URL of one of the files served.
    pub fn url(&self, name: &str) -> String {
        format!("http://127.0.0.1:{}/{name}", self.port)
    }

    fn wait_ready(&mut self) -> anyhow::Result<()> {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait()? {
                anyhow::bail!("nginx exited at start ({status}): {}", self.error_log());
            }
            if std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return Ok(());
            }
            anyhow::ensure!(
                started.elapsed() < Duration::from_secs(10),
                "nginx does not answer on port {}: {}",
                self.port,
                self.error_log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn error_log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("error.log"))
            .unwrap_or_else(|e| format!("(no error log: {e})"))
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // `-s stop` lets the master stop its worker too; killing the master outright
        // would leave the worker serving on its own.
        let _ = Command::new(&self.program)
            .arg("-p")
            .arg(self.dir.path())
            .arg("-e")
            .arg(self.dir.path().join("error.log"))
            .arg("-c")
            .arg(self.dir.path().join("nginx.conf"))
            .args(["-s", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port nobody listens on now (the listener is closed before nginx binds it).
fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// The configuration: everything nginx writes goes into `dir`, so it runs without
/// root and leaves nothing behind.
fn config(dir: &Path, root: &Path, port: u16) -> String {
    let d = dir.display();
    format!(
        "worker_processes 1;
error_log {d}/error.log warn;
pid {d}/nginx.pid;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {d}/client_body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;
    types {{ }}
    default_type text/html;
    charset utf-8;
    sendfile on;
    tcp_nopush on;
    server {{
        listen 127.0.0.1:{port};
        root {root};
    }}
}}
",
        root = root.display()
    )
}
