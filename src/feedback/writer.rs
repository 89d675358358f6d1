//! The feedback writer: submissions queue here and are written in small batches, one
//! transaction per batch (group commit). At the end of a large session day thousands of
//! forms arrive per second; on SQLite, one transaction each would make the writer the limit.

use super::answers::Answer;
use super::store;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use tokio::sync::{mpsc, oneshot};

/// Up to this many submissions share a transaction; a lone submission is written at once.
const BATCH: usize = 64;

pub struct Submission {
    pub session_id: i64,
    pub user_id: i64,
    /// The person's department when they answered: counted in the department tallies only.
    pub department: String,
    pub form_id: i64,
    pub answers: Vec<Answer>,
}

type Job = (Submission, oneshot::Sender<AppResult<()>>);

#[derive(Clone)]
pub struct Writer(mpsc::Sender<Job>);

impl Writer {
    /// Starts the writer task on the current runtime.
    pub fn start(db: Db) -> Writer {
        let (tx, mut rx) = mpsc::channel::<Job>(4 * BATCH);
        tokio::spawn(async move {
            let mut jobs = Vec::with_capacity(BATCH);
            while rx.recv_many(&mut jobs, BATCH).await > 0 {
                let batch: Vec<Job> = std::mem::take(&mut jobs);
                let items: Vec<&Submission> = batch.iter().map(|(s, _)| s).collect();
                match store::submit_batch(&db, &items).await {
                    Ok(outcomes) => {
                        for ((_, reply), outcome) in batch.into_iter().zip(outcomes) {
                            let _ = reply.send(outcome);
                        }
                    }
                    Err(e) => {
                        tracing::error!(error = %e, size = batch.len(), "a feedback batch failed");
                        for (_, reply) in batch {
                            let _ = reply.send(Err(e.clone()));
                        }
                    }
                }
            }
        });
        Writer(tx)
    }

    /// Queues a submission and waits until it is stored (or refused as a second answer).
    pub async fn submit(&self, submission: Submission) -> AppResult<()> {
        let (reply, answer) = oneshot::channel();
        self.0
            .send((submission, reply))
            .await
            .map_err(|_| AppError::Unavailable)?;
        answer.await.map_err(|_| AppError::Internal)?
    }
}
