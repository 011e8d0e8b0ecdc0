//! The fixtures' administration (create, clone, rename, drop databases)
//! runs on one pool of connections per server, on a thread and a runtime of
//! its own that live as long as the process.
//!
//! Why: opening a connection costs a backend start (3-8 ms on a Unix
//! socket), and a migrated database used to open three of them (checking
//! the template, cloning it, the test's pool), and dropping it a fourth, on
//! a thread and runtime made for the purpose. A pool would avoid that, but
//! a connection belongs to the runtime that opened it, and each test has a
//! runtime of its own that ends with it: so the pool lives on a runtime
//! that outlives them all, and the fixtures send it work and wait for the
//! answer (from async code, or blocking, from `Drop`).

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::Duration;

use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;
use tokio::sync::mpsc;

use crate::cluster::ClusterHandle;
use crate::error::TestkitError;

type Job = Box<dyn FnOnce() -> Pin<Box<dyn Future<Output = ()> + Send>> + Send>;

/// The admin thread: it spawns each job it receives as a task, so that
/// slow statements (a clone takes 10-20 ms) run side by side.
fn worker() -> Result<&'static mpsc::UnboundedSender<Job>, TestkitError> {
    static WORKER: OnceLock<Result<mpsc::UnboundedSender<Job>, String>> = OnceLock::new();
    WORKER
        .get_or_init(|| {
            let (send, mut receive) = mpsc::unbounded_channel::<Job>();
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| format!("cannot start the admin runtime: {e}"))?;
            std::thread::Builder::new()
                .name("schema-testkit-admin".into())
                .spawn(move || {
                    runtime.block_on(async {
                        while let Some(job) = receive.recv().await {
                            tokio::spawn(job());
                        }
                    });
                })
                .map_err(|e| format!("cannot start the admin thread: {e}"))?;
            Ok(send)
        })
        .as_ref()
        .map_err(|message| TestkitError::Schema {
            message: message.clone(),
        })
}

/// The admin pool for `url`, made on first use (on the admin thread).
fn pool(url: &str) -> Result<PgPool, TestkitError> {
    static POOLS: Mutex<Option<HashMap<String, PgPool>>> = Mutex::new(None);
    let mut pools = POOLS.lock().unwrap_or_else(PoisonError::into_inner);
    let pools = pools.get_or_insert_with(HashMap::new);
    if let Some(pool) = pools.get(url) {
        return Ok(pool.clone());
    }
    let pool = PgPoolOptions::new()
        .max_connections(8)
        .idle_timeout(Duration::from_secs(10))
        .connect_lazy(url)?;
    pools.insert(url.to_string(), pool.clone());
    Ok(pool)
}

/// Sends `work` to the admin thread with `cluster`'s admin pool, and has
/// `reply` receive its result there.
fn submit<T, W, Fut>(
    cluster: &ClusterHandle,
    work: W,
    reply: impl FnOnce(Result<T, TestkitError>) + Send + 'static,
) -> Result<(), TestkitError>
where
    T: Send + 'static,
    W: FnOnce(PgPool) -> Fut + Send + 'static,
    Fut: Future<Output = Result<T, TestkitError>> + Send + 'static,
{
    let url = cluster.admin_url();
    let job: Job = Box::new(move || {
        Box::pin(async move {
            let result = match pool(&url) {
                Ok(pool) => work(pool).await,
                Err(e) => Err(e),
            };
            reply(result);
        })
    });
    worker()?.send(job).map_err(|_| TestkitError::Schema {
        message: "the testkit's admin thread has stopped".into(),
    })
}

/// Runs `work` on the admin thread and waits for its result.
pub(crate) async fn run<T, W, Fut>(cluster: &ClusterHandle, work: W) -> Result<T, TestkitError>
where
    T: Send + 'static,
    W: FnOnce(PgPool) -> Fut + Send + 'static,
    Fut: Future<Output = Result<T, TestkitError>> + Send + 'static,
{
    let (send, receive) = tokio::sync::oneshot::channel();
    submit(cluster, work, move |result| {
        let _ = send.send(result);
    })?;
    receive.await.map_err(|_| stopped())?
}

/// Like [`run`], blocking the calling thread (for `Drop`, which may run
/// inside a test's runtime, where awaiting is impossible).
pub(crate) fn run_blocking<T, W, Fut>(cluster: &ClusterHandle, work: W) -> Result<T, TestkitError>
where
    T: Send + 'static,
    W: FnOnce(PgPool) -> Fut + Send + 'static,
    Fut: Future<Output = Result<T, TestkitError>> + Send + 'static,
{
    let (send, receive) = std::sync::mpsc::channel();
    submit(cluster, work, move |result| {
        let _ = send.send(result);
    })?;
    receive.recv().map_err(|_| stopped())?
}

/// Runs `work` on the admin thread without waiting for it.
pub(crate) fn spawn<W, Fut>(cluster: &ClusterHandle, work: W) -> Result<(), TestkitError>
where
    W: FnOnce(PgPool) -> Fut + Send + 'static,
    Fut: Future<Output = Result<(), TestkitError>> + Send + 'static,
{
    submit(cluster, work, |_| {})
}

fn stopped() -> TestkitError {
    TestkitError::Schema {
        message: "the testkit's admin thread dropped a job".into(),
    }
}
