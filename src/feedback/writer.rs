//! The feedback writer: submissions queue here and are written in small batches, one
//! transaction per batch (group commit). At the end of a large session day thousands of
//! forms arrive per second; on SQLite, one transaction each would make the writer the limit.
//!
//! It is supervised: a batch that fails is written again one submission at a time, so only the
//! submission at fault is refused; a panic restarts the writer (after a pause that grows while
//! it keeps failing) and `/healthz` says so meanwhile. The queue outlives restarts: what waits in
//! it is written by the next writer, and the batch that crashed is written again one by one.
//!
//! The benchmark totals of a batch are added in its transaction when the queue is idle after
//! it; while more submissions wait, they go to a journal in the same transaction instead, which
//! the first idle batch — or the first after [`FOLD_EVERY`] — folds into the totals (on SQLite;
//! see `benchmarks::store::Totals`). Whatever was acknowledged before an idle moment counts on
//! the next request; under a steady wave, within a few hundred milliseconds.

use super::answers::Answer;
use super::store;
use crate::benchmarks::store::Totals;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU8, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, oneshot};

/// Up to this many submissions share a transaction; a lone submission is written at once.
const BATCH: usize = 64;
/// While the queue stays busy, the journaled totals are folded in at least this often.
const FOLD_EVERY: Duration = Duration::from_millis(250);
/// The pause before the first restart, doubled while the writer keeps crashing.
const FIRST_PAUSE: Duration = Duration::from_secs(1);
const LONGEST_PAUSE: Duration = Duration::from_secs(30);
/// A writer that ran this long before crashing starts the pauses again from the first.
const STEADY: Duration = Duration::from_secs(60);

#[derive(Clone)]
pub struct Submission {
    pub session_id: i64,
    pub user_id: i64,
    /// The person's department when they answered: counted in the department tallies only.
    pub department: String,
    pub form_id: i64,
    pub answers: Vec<Answer>,
}

type Job = (Submission, oneshot::Sender<AppResult<()>>);

/// What `/healthz` reports of the writer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriterState {
    Running,
    /// Crashed; restarts after a pause. Submissions wait in the queue meanwhile.
    Restarting,
    /// The queue has closed (the server is shutting down).
    Stopped,
}

impl WriterState {
    pub fn name(self) -> &'static str {
        match self {
            Self::Running => "running",
            Self::Restarting => "restarting",
            Self::Stopped => "stopped",
        }
    }
}

struct Shared {
    db: Db,
    queue: tokio::sync::Mutex<mpsc::Receiver<Job>>,
    /// The batch being written, held here so that a crash does not lose it.
    in_flight: Mutex<Vec<Job>>,
    /// Submissions of a batch that crashed the writer, written again one at a time.
    suspects: Mutex<VecDeque<Job>>,
    state: AtomicU8,
    restarts: AtomicU64,
    /// Fault injection for the tests (see [`Writer::panic_on_next_batch`]).
    panics_asked: AtomicU32,
}

/// A poisoned lock only means a panic happened elsewhere; the jobs inside are still good.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[derive(Clone)]
pub struct Writer {
    queue: mpsc::Sender<Job>,
    shared: Arc<Shared>,
}

impl Writer {
    /// Starts the writer and its supervisor on the current runtime.
    pub fn start(db: Db) -> Writer {
        let (tx, rx) = mpsc::channel::<Job>(4 * BATCH);
        let shared = Arc::new(Shared {
            db,
            queue: tokio::sync::Mutex::new(rx),
            in_flight: Mutex::new(Vec::new()),
            suspects: Mutex::new(VecDeque::new()),
            state: AtomicU8::new(0),
            restarts: AtomicU64::new(0),
            panics_asked: AtomicU32::new(0),
        });
        tokio::spawn(supervise(shared.clone()));
        Writer { queue: tx, shared }
    }

    /// The writer's state and how often it has been restarted since the server started.
    pub fn health(&self) -> (WriterState, u64) {
        let state = match self.shared.state.load(Ordering::SeqCst) {
            0 => WriterState::Running,
            1 => WriterState::Restarting,
            _ => WriterState::Stopped,
        };
        (state, self.shared.restarts.load(Ordering::SeqCst))
    }

    /// Makes the writer panic once, at its next batch. For the tests only: no input can make
    /// the writer panic (answers are validated before they are queued, and nothing in the
    /// write indexes or unwraps them), yet the supervision must be shown to work.
    #[doc(hidden)]
    pub fn panic_on_next_batch(&self) {
        self.shared.panics_asked.fetch_add(1, Ordering::SeqCst);
    }

    /// Queues a submission and waits until it is stored (or refused as a second answer).
    pub async fn submit(&self, submission: Submission) -> AppResult<()> {
        let (reply, answer) = oneshot::channel();
        self.queue
            .send((submission, reply))
            .await
            .map_err(|_| AppError::Unavailable)?;
        // A dropped reply means the writer went away with it unwritten: try again.
        answer.await.map_err(|_| AppError::Busy)?
    }
}

fn set_state(shared: &Shared, state: WriterState) {
    let n = match state {
        WriterState::Running => 0,
        WriterState::Restarting => 1,
        WriterState::Stopped => 2,
    };
    shared.state.store(n, Ordering::SeqCst);
}

/// Runs the writer, and runs it again whenever it panics.
async fn supervise(shared: Arc<Shared>) {
    let mut pause = FIRST_PAUSE;
    loop {
        set_state(&shared, WriterState::Running);
        let started = Instant::now();
        let Err(crash) = tokio::spawn(work(shared.clone())).await else {
            set_state(&shared, WriterState::Stopped);
            return;
        };
        set_state(&shared, WriterState::Restarting);
        shared.restarts.fetch_add(1, Ordering::SeqCst);
        let crashed = std::mem::take(&mut *lock(&shared.in_flight));
        tracing::error!(error = %crash, size = crashed.len(), "the feedback writer crashed; restarting it");
        if crashed.len() == 1 {
            // It crashed the writer alone: refuse it, not the submissions behind it.
            for (_, reply) in crashed {
                let _ = reply.send(Err(AppError::Internal));
            }
        } else {
            lock(&shared.suspects).extend(crashed);
        }
        if started.elapsed() > STEADY {
            pause = FIRST_PAUSE;
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(LONGEST_PAUSE);
    }
}

/// Writes the suspects of a crash one at a time, then batches from the queue until it closes.
/// The suspects also fold in whatever the crashed writer left journaled.
async fn work(shared: Arc<Shared>) {
    loop {
        let next = lock(&shared.suspects).pop_front();
        match next {
            Some(job) => {
                write(&shared, vec![job], Totals::NowWithJournal).await;
            }
            None => break,
        }
    }
    let mut queue = shared.queue.lock().await;
    let mut jobs = Vec::with_capacity(BATCH);
    // Since when the journal has held totals not yet folded: unknown after a restart, so due.
    let mut journaled: Option<Instant> = Instant::now().checked_sub(FOLD_EVERY);
    while queue.recv_many(&mut jobs, BATCH).await > 0 {
        let busy = !queue.is_empty();
        let totals = match journaled {
            Some(since) if !busy || since.elapsed() >= FOLD_EVERY => Totals::NowWithJournal,
            _ if !busy => Totals::Now,
            _ => Totals::Later,
        };
        let stored = write(&shared, std::mem::take(&mut jobs), totals).await;
        journaled = match totals {
            _ if !stored => journaled,
            Totals::Later => journaled.or_else(|| Some(Instant::now())),
            Totals::Now | Totals::NowWithJournal => None,
        };
    }
}

/// Writes a batch; when it fails, writes its submissions again one at a time, so one that the
/// database refuses is refused alone. Whether any transaction committed (and so did what
/// `totals` asks of the journal).
async fn write(shared: &Shared, jobs: Vec<Job>, totals: Totals) -> bool {
    match attempt(shared, jobs, totals).await {
        Ok(stored) => stored,
        Err(jobs) => {
            let mut stored = false;
            for job in jobs {
                stored |= matches!(attempt(shared, vec![job], totals).await, Ok(true));
            }
            stored
        }
    }
}

/// One transaction for `jobs`. Answers every submitter, except when a batch of several failed:
/// then the jobs come back, to be tried one by one. Ok(whether it committed).
async fn attempt(shared: &Shared, jobs: Vec<Job>, totals: Totals) -> Result<bool, Vec<Job>> {
    let items: Vec<Submission> = jobs.iter().map(|(s, _)| s.clone()).collect();
    *lock(&shared.in_flight) = jobs;
    let asked = shared
        .panics_asked
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1));
    if asked.is_ok() {
        panic!("the feedback writer was asked to panic (fault injection)");
    }
    let refs: Vec<&Submission> = items.iter().collect();
    let result = store::submit_batch(&shared.db, &refs, totals).await;
    let jobs = std::mem::take(&mut *lock(&shared.in_flight));
    match result {
        Ok(outcomes) => {
            for ((_, reply), outcome) in jobs.into_iter().zip(outcomes) {
                let _ = reply.send(outcome);
            }
            Ok(true)
        }
        Err(e) if jobs.len() > 1 => {
            tracing::warn!(error = %e, size = jobs.len(), "a feedback batch failed; writing it one by one");
            Err(jobs)
        }
        Err(e) => {
            tracing::error!(error = %e, "a feedback submission could not be stored");
            for (_, reply) in jobs {
                let _ = reply.send(Err(e.clone()));
            }
            Ok(false)
        }
    }
}
