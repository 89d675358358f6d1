//! Password hashing with argon2id at OWASP's minimum cost (m = 19 MiB, t = 2, p = 1), run off the
//! async threads and at most one per core at a time, plus one-time passwords for new accounts.

use crate::error::AppError;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, OnceLock};
use std::time::Duration;
use tokio::sync::Semaphore;

fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password into a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$...`).
pub fn hash_blocking(password: &str) -> Result<String, AppError> {
    hasher()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| {
            tracing::error!(error = %e, "password hashing failed");
            AppError::Internal
        })
}

pub fn verify_blocking(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            hasher()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// At most this many hashes run at once (one per core), so a burst of sign-ins costs at most
/// this many × 19 MiB; the rest queue for [`QUEUE_WAIT`], then get [`AppError::HashingBusy`].
static GATE: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(concurrent_hashes()));
/// How long a password check may wait for its turn before the person is asked to retry.
pub const QUEUE_WAIT: Duration = Duration::from_secs(10);
static RUNNING: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// How many passwords are hashed at once: the machine's cores.
pub fn concurrent_hashes() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// The most hashes that ever ran at the same time in this process (a gauge for tests and
/// operators: it never exceeds [`concurrent_hashes`]).
pub fn peak_concurrent_hashes() -> usize {
    PEAK.load(Ordering::Relaxed)
}

/// Runs one hash computation off the async threads once the gate lets it through.
async fn gated<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    gated_within(QUEUE_WAIT, work).await
}

async fn gated_within<T: Send + 'static>(
    wait: Duration,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let _permit = tokio::time::timeout(wait, GATE.acquire())
        .await
        .map_err(|_| {
            tracing::warn!("password checks queued for too long: asking to retry");
            AppError::HashingBusy
        })?
        .map_err(|_| AppError::Internal)?;
    tokio::task::spawn_blocking(move || {
        let running = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
        PEAK.fetch_max(running, Ordering::SeqCst);
        let out = work();
        RUNNING.fetch_sub(1, Ordering::SeqCst);
        out
    })
    .await
    .map_err(|_| AppError::Internal)
}

pub async fn hash(password: String) -> Result<String, AppError> {
    gated(move || hash_blocking(&password)).await?
}

/// Verifies against the stored hash; with no stored hash (unknown user, an account without a
/// password yet, a deactivated one) it still spends the same time, so timing does not reveal
/// who has an account.
pub async fn verify(password: String, hash: Option<String>) -> Result<bool, AppError> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    gated(move || match hash {
        Some(h) => verify_blocking(&password, &h),
        None => {
            let dummy =
                DUMMY.get_or_init(|| hash_blocking("a password nobody has").unwrap_or_default());
            let _ = verify_blocking(&password, dummy);
            false
        }
    })
    .await
}

/// A one-time password that is easy to read aloud or type from a printout: four groups of four
/// characters from an alphabet without look-alikes (0/O, 1/l/I).
pub fn one_time() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let bytes = crate::secrets::random_bytes::<16>();
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_at_owasp_cost_and_verify() {
        let h = hash_blocking("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify_blocking("correct horse battery", &h));
        assert!(!verify_blocking("wrong horse battery", &h));
        assert!(!verify_blocking("anything", "not a hash"));
    }

    #[tokio::test]
    async fn a_check_that_waits_too_long_for_its_turn_is_answered_busy() {
        let all = GATE.acquire_many(concurrent_hashes() as u32).await.unwrap();
        let waited = gated_within(Duration::from_millis(50), || true).await;
        assert_eq!(waited, Err(AppError::HashingBusy));
        assert_eq!(AppError::HashingBusy.status(), 503);
        drop(all);
        assert_eq!(
            gated_within(Duration::from_millis(50), || true).await,
            Ok(true)
        );
    }

    #[test]
    fn one_time_passwords_are_readable_and_differ() {
        let a = one_time();
        assert_eq!(a.len(), 19);
        assert_eq!(a.matches('-').count(), 3);
        assert_ne!(a, one_time());
    }
}
