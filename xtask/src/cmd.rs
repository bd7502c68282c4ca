//! Running commands: echo what runs, fail with the command line in the message, and
//! child processes (the server) that are stopped when their guard is dropped.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub type Result<T = ()> = std::result::Result<T, String>;

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask has a parent directory")
        .to_path_buf()
}

fn describe(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for a in cmd.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

/// Runs a command to completion, inheriting stdio; an error names the command.
pub fn run(cmd: &mut Command) -> Result {
    let line = describe(cmd);
    eprintln!("\n$ {line}");
    let status = cmd
        .status()
        .map_err(|e| format!("could not start `{line}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{line}` failed ({status})"))
    }
}

/// Runs a command and returns its stdout, or `None` when it cannot run or fails.
pub fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.stderr(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// A child process killed (and reaped) when dropped, so a failed test run never leaves a
/// server behind.
pub struct ChildGuard {
    name: String,
    child: Child,
}

impl ChildGuard {
    pub fn spawn(name: &str, cmd: &mut Command) -> Result<Self> {
        let line = describe(cmd);
        eprintln!("\n$ {line} &");
        let child = cmd
            .spawn()
            .map_err(|e| format!("could not start {name} (`{line}`): {e}"))?;
        Ok(ChildGuard {
            name: name.to_owned(),
            child,
        })
    }

    /// Fails if the process has already exited (e.g. the port was taken).
    pub fn check_alive(&mut self) -> Result {
        match self.child.try_wait() {
            Ok(Some(status)) => Err(format!("{} exited early ({status})", self.name)),
            _ => Ok(()),
        }
    }

    /// Waits for the child to end by itself (used by `serve`).
    pub fn wait(mut self) -> Result {
        let status = self.child.wait().map_err(|e| e.to_string())?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("{} exited with {status}", self.name))
        }
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A free loopback port, chosen by the OS.
pub fn free_port() -> Result<u16> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(l.local_addr().map_err(|e| e.to_string())?.port())
}

/// One bare HTTP/1.1 request (xtask needs no HTTP client): the status and the body.
pub fn http_request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    token: Option<&str>,
    json_body: Option<&str>,
) -> Option<(u16, String)> {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_millis(500)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some(t) = token {
        req.push_str(&format!("Authorization: aivenv1 {t}\r\n"));
    }
    let body = json_body.unwrap_or("");
    if json_body.is_some() {
        req.push_str("Content-Type: application/json\r\n");
    }
    req.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    s.write_all(req.as_bytes()).ok()?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).ok()?;
    let text = String::from_utf8_lossy(&raw);
    let status = text.split_whitespace().nth(1)?.parse().ok()?;
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    Some((status, body))
}

/// The status of `GET path`, if the server answers.
pub fn http_status(addr: SocketAddr, path: &str) -> Option<u16> {
    http_request(addr, "GET", path, None, None).map(|(s, _)| s)
}

/// Polls until `GET path` answers 200, the child dies, or `timeout` passes.
pub fn wait_for_http(
    child: &mut ChildGuard,
    addr: SocketAddr,
    path: &str,
    timeout: Duration,
) -> Result {
    let start = Instant::now();
    loop {
        child.check_alive()?;
        if http_status(addr, path) == Some(200) {
            return Ok(());
        }
        if start.elapsed() > timeout {
            return Err(format!(
                "{} did not answer GET {path} on {addr} within {timeout:?}",
                child.name
            ));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}
