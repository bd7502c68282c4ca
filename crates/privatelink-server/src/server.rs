//! Serving the app on a socket, with limits no client can get around:
//!
//! - at most [`Limits::max_connections`] connections at once, fewer when the process may
//!   open fewer files ([`connection_cap`]); further ones wait in the listen backlog until
//!   one closes (the timeouts below make sure one does);
//! - at most [`Limits::max_connections_per_client`] of them from one client address: a
//!   connection over it is closed as soon as it is accepted, so one address holding many
//!   slots (with half-sent heads, say) leaves room for the others;
//! - a request head must arrive within [`Limits::header_timeout`] of the connection opening
//!   or of the previous answer, so a half-sent head and an idle keep-alive connection are
//!   both closed then;
//! - a request body must arrive within [`Limits::body_timeout`] (408, see
//!   [`crate::extract`]);
//! - an answer the client does not read for [`Limits::write_timeout`] closes the connection.
//!
//! HTTP/1.1 only (what the API's clients speak), through hyper's connection builder, which
//! `axum::serve` does not let one configure.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::time::Sleep;
use tower::ServiceExt;

/// The server's limits; see the module doc. The defaults are the figures of the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_connections: usize,
    /// Connections one client address may hold at once; `None`: half the connection cap
    /// (generous, as a same-origin proxy puts many people behind one address, yet leaving
    /// the other half to everyone else).
    pub max_connections_per_client: Option<usize>,
    pub header_timeout: Duration,
    pub body_timeout: Duration,
    pub write_timeout: Duration,
    /// How long a request waits for the database before a 503 (see [`crate::store`]).
    pub db_wait: Duration,
}

impl Limits {
    /// The largest `--max-connections` (the process's file descriptors must outlast it).
    pub const MAX_CONNECTIONS: usize = 4096;
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_connections: 512,
            max_connections_per_client: None,
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            write_timeout: Duration::from_secs(30),
            db_wait: crate::store::DEFAULT_WAIT,
        }
    }
}

/// File descriptors kept back from the connection cap: the database, its WAL and shared
/// memory, the readers' connections, the log, the listening socket.
const FD_HEADROOM: u64 = 64;

/// The connection cap the process can keep: `wanted`, or fewer when it may open only
/// `open_files` files (its soft limit), less [`FD_HEADROOM`]. Past that, accepting fails
/// and a connection waits for a descriptor instead of a slot, where the per-client cap
/// cannot help the others.
pub fn connection_cap(wanted: usize, open_files: Option<u64>) -> usize {
    match open_files {
        Some(n) => wanted.min(
            usize::try_from(n.saturating_sub(FD_HEADROOM))
                .unwrap_or(usize::MAX)
                .max(1),
        ),
        None => wanted,
    }
}

/// The process's soft limit of open files, from `/proc/self/limits` (Linux); `None` when
/// unlimited or unknown.
pub fn open_files_limit() -> Option<u64> {
    parse_open_files(&std::fs::read_to_string("/proc/self/limits").ok()?)
}

fn parse_open_files(limits: &str) -> Option<u64> {
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line["Max open files".len()..]
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// One client address's count of open connections, given back when the connection ends.
struct ClientSlot {
    counts: Arc<Mutex<HashMap<IpAddr, usize>>>,
    ip: IpAddr,
}

impl ClientSlot {
    /// A slot for `ip`, unless it holds `max` already.
    fn take(
        counts: &Arc<Mutex<HashMap<IpAddr, usize>>>,
        ip: IpAddr,
        max: usize,
    ) -> Option<ClientSlot> {
        let mut c = counts.lock().unwrap_or_else(PoisonError::into_inner);
        let n = c.entry(ip).or_default();
        if *n >= max {
            return None;
        }
        *n += 1;
        Some(ClientSlot {
            counts: counts.clone(),
            ip,
        })
    }
}

impl Drop for ClientSlot {
    fn drop(&mut self) {
        let mut c = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(n) = c.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                c.remove(&self.ip);
            }
        }
    }
}

/// How long open connections get to finish once shutdown is asked for.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Serves `app` on `listener` until `shutdown` completes, then lets open connections finish
/// their current request (for at most 5 s).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let cap = connection_cap(limits.max_connections.max(1), open_files_limit());
    if cap < limits.max_connections {
        tracing::warn!(
            "serving at most {cap} connections, not {}: the process may open only {} files",
            limits.max_connections,
            open_files_limit().unwrap_or_default()
        );
    }
    let per_client = limits.max_connections_per_client.unwrap_or(cap / 2).max(1);
    let slots = Arc::new(Semaphore::new(cap));
    let clients = Arc::new(Mutex::new(HashMap::new()));
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    tokio::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            s = slots.clone().acquire_owned() => s.map_err(io::Error::other)?,
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            r = listener.accept() => match r {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors or a connection reset before accept: keep
                    // serving the connections there are, try again shortly.
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Over its address's share: closed now, and the slot taken for it freed.
        let Some(client_slot) = ClientSlot::take(&clients, peer.ip(), per_client) else {
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let io = TokioIo::new(WriteTimeout::new(stream, limits.write_timeout));
        let app = app.clone();
        let service = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
            app.clone().oneshot(req.map(Body::new))
        });
        let conn = graceful.watch(http.serve_connection(io, service));
        tokio::spawn(async move {
            // Errors here are the client's (a reset, a timeout): nothing to report.
            let _ = conn.await;
            drop(slot);
            drop(client_slot);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(SHUTDOWN_GRACE) => {}
    }
    Ok(())
}

/// A socket whose writes fail with `TimedOut` once one has made no progress for the
/// given time (a client that stopped reading).
struct WriteTimeout {
    stream: TcpStream,
    limit: Duration,
    stalled: Option<Pin<Box<Sleep>>>,
}

impl WriteTimeout {
    fn new(stream: TcpStream, limit: Duration) -> Self {
        WriteTimeout {
            stream,
            limit,
            stalled: None,
        }
    }

    /// Passes on a write's result, arming the stall timer while it is pending.
    fn watch<T>(&mut self, cx: &mut Context<'_>, r: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        if r.is_ready() {
            self.stalled = None;
            return r;
        }
        let limit = self.limit;
        let timer = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        if timer.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client did not read the answer",
            )));
        }
        Poll::Pending
    }
}

impl AsyncRead for WriteTimeout {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for WriteTimeout {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.stream).poll_write(cx, buf);
        self.watch(cx, r)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        self.watch(cx, r)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let r = Pin::new(&mut self.stream).poll_flush(cx);
        self.watch(cx, r)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_keeps_headroom_below_the_open_files_limit() {
        let limits = "Limit                     Soft Limit           Hard Limit           Units\nMax cpu time              unlimited            unlimited            seconds\nMax open files            256                  1048576              files\n";
        assert_eq!(parse_open_files(limits), Some(256));
        assert_eq!(connection_cap(512, Some(256)), 192);
        assert_eq!(connection_cap(100, Some(256)), 100);
        assert_eq!(connection_cap(512, Some(10)), 1);
        assert_eq!(connection_cap(512, None), 512);
        assert_eq!(
            parse_open_files("Max open files unlimited unlimited files"),
            None
        );
    }
}
