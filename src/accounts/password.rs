//! Password hashing with argon2id (the crate's defaults: 19 MiB, 2 passes), and the
//! bounded pool that the server runs it on: each hash holds 19 MiB while it runs, so a
//! flood of sign-ins must queue for a few workers, not start a hash each.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::sync::Semaphore;

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// Shortest password accepted.
pub const MIN_LENGTH: usize = 10;

/// Checks the password policy; the message is for the user.
pub fn check_policy(password: &str) -> Result<(), String> {
    if password.chars().count() < MIN_LENGTH {
        return Err(format!(
            "la password deve avere almeno {MIN_LENGTH} caratteri"
        ));
    }
    if password.chars().count() > 256 {
        return Err("la password non può superare 256 caratteri".into());
    }
    Ok(())
}

/// Hashes a password into a PHC string.
pub fn hash(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("cannot hash password: {e}"))
}

/// Whether `password` matches `phc`.
pub fn verify(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A hash to verify against when the account does not exist, so that a wrong e-mail
/// costs the same time as a wrong password and does not reveal which accounts exist.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash("not-a-real-password-for-timing").unwrap_or_default())
}

/// The pool's queue is full: the caller should answer 503 and let the client retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("troppe richieste di accesso in corso: riprova tra qualche secondo")]
pub struct Busy;

/// Runs password hashes and checks on a fixed number of blocking workers, with a
/// bounded queue in front of them; cheap to clone. Counts the checks it runs.
#[derive(Clone)]
pub struct PasswordPool {
    inner: Arc<PoolInner>,
}

struct PoolInner {
    /// One permit per worker: a hash runs only while holding one.
    workers: Arc<Semaphore>,
    /// Permits for the requests running or waiting: workers plus the queue.
    admitted: Arc<Semaphore>,
    /// Password checks run (argon2 verifications, including the dummy hash's).
    verifications: AtomicU64,
    /// Passwords hashed (new passwords set through a link).
    hashes: AtomicU64,
}

impl PasswordPool {
    /// A pool of `workers` (0: one per CPU) with room for `queue` waiting requests.
    pub fn new(workers: usize, queue: usize) -> Self {
        let workers = if workers == 0 {
            std::thread::available_parallelism().map_or(1, usize::from)
        } else {
            workers
        };
        Self {
            inner: Arc::new(PoolInner {
                workers: Arc::new(Semaphore::new(workers)),
                admitted: Arc::new(Semaphore::new(workers + queue)),
                verifications: AtomicU64::new(0),
                hashes: AtomicU64::new(0),
            }),
        }
    }

    /// Whether `password` matches `phc`; with no hash (an unknown account), checks it
    /// against a dummy hash so that the answer takes the same time.
    pub async fn verify(&self, password: &str, phc: Option<String>) -> Result<bool, Busy> {
        let password = password.to_string();
        let inner = self.inner.clone();
        self.run(move || {
            inner.verifications.fetch_add(1, Ordering::Relaxed);
            metrics::counter!("aula_password_checks_total").increment(1);
            match phc {
                Some(phc) => verify(&password, &phc),
                None => {
                    verify(&password, dummy_hash());
                    false
                }
            }
        })
        .await
    }

    /// Hashes a password on the pool.
    pub async fn hash(&self, password: &str) -> Result<anyhow::Result<String>, Busy> {
        let password = password.to_string();
        let inner = self.inner.clone();
        self.run(move || {
            inner.hashes.fetch_add(1, Ordering::Relaxed);
            hash(&password)
        })
        .await
    }

    /// How many passwords this pool has hashed since it started.
    pub fn hashes(&self) -> u64 {
        self.inner.hashes.load(Ordering::Relaxed)
    }

    /// How many password checks this pool has run since it started.
    pub fn verifications(&self) -> u64 {
        self.inner.verifications.load(Ordering::Relaxed)
    }

    /// Runs `work` on a blocking thread once a worker is free; refuses at once when
    /// the queue is full. The permits travel with the work, so a request that gives up
    /// (client gone, timeout) frees its place only when its hash is over.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Busy> {
        let admitted = self
            .inner
            .admitted
            .clone()
            .try_acquire_owned()
            .map_err(|_| {
                metrics::counter!("aula_password_pool_busy_total").increment(1);
                Busy
            })?;
        let worker = self
            .inner
            .workers
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| Busy)?;
        tokio::task::spawn_blocking(move || {
            let _permits = (admitted, worker);
            work()
        })
        .await
        .map_err(|_| Busy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_are_argon2id() {
        let phc = hash("una password lunga").expect("hash");
        assert!(phc.starts_with("$argon2id$"));
        assert!(verify("una password lunga", &phc));
        assert!(!verify("un'altra password", &phc));
        assert!(!verify("x", "not a hash"));
    }

    #[tokio::test]
    async fn the_pool_refuses_past_its_queue_and_counts_checks() {
        let pool = PasswordPool::new(1, 1);
        let phc = hash("una password lunga").expect("hash");
        let attempts: Vec<_> = (0..6)
            .map(|_| {
                let pool = pool.clone();
                let phc = phc.clone();
                tokio::spawn(async move { pool.verify("sbagliata", Some(phc)).await })
            })
            .collect();
        let mut busy = 0;
        for attempt in attempts {
            match attempt.await.expect("task") {
                Ok(matched) => assert!(!matched),
                Err(Busy) => busy += 1,
            }
        }
        assert!(
            busy >= 1,
            "six checks at once do not fit one worker and one place"
        );
        assert_eq!(pool.verifications(), 6 - busy);
        assert_eq!(pool.verify("una password lunga", Some(phc)).await, Ok(true));
        assert_eq!(pool.verify("x", None).await, Ok(false));
    }
}
