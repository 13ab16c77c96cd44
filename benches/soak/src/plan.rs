//! What every simulated person shares: the accounts prepared for them (handed out one
//! per user as they start), the lessons and quizzes found on the site, and the words
//! they search for.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Context;

/// Password of every soak account.
pub const PASSWORD: &str = "soak-password-2026";

/// The e-mail address of soak learner `i`.
pub fn learner_email(i: usize) -> String {
    format!("soak.learner{i}@soak.aula.it")
}

/// The e-mail address of soak tutor `i`.
pub fn tutor_email(i: usize) -> String {
    format!("soak.tutor{i}@soak.aula.it")
}

/// The learner account that finds the courses, lessons and quizzes before the run.
pub const PROBE_EMAIL: &str = "soak.probe@soak.aula.it";

/// Out of every `LEARNER_WEIGHT + TUTOR_WEIGHT` simulated users, how many are learners.
pub const LEARNER_WEIGHT: usize = 19;
/// ... and how many are tutors.
pub const TUTOR_WEIGHT: usize = 1;

/// How many learner and tutor accounts `users` simulated users need (goose hands out
/// the scenarios round-robin by weight; a few spare ones cost little).
pub fn accounts_for(users: usize) -> (usize, usize) {
    let rounds = users.div_ceil(LEARNER_WEIGHT + TUTOR_WEIGHT);
    (rounds * LEARNER_WEIGHT, rounds * TUTOR_WEIGHT)
}

/// The shared plan of a run.
#[derive(Debug)]
pub struct Plan {
    /// Course ids.
    pub courses: Vec<String>,
    /// Every lesson, `course/module/lesson`, in the courses' order.
    pub lessons: Vec<String>,
    /// The modules that have a quiz, `course/module`.
    pub quizzes: Vec<String>,
    /// Learner accounts prepared.
    pub learners: usize,
    /// Tutor accounts prepared.
    pub tutors: usize,
    next_learner: AtomicUsize,
    next_tutor: AtomicUsize,
}

static PLAN: OnceLock<Plan> = OnceLock::new();

/// What people type in the search box: everyday and legal Italian.
pub const SEARCHES: &[&str] = &[
    "permesso di soggiorno",
    "ricongiungimento familiare",
    "minori stranieri non accompagnati",
    "protezione internazionale",
    "iscrizione anagrafica",
    "residenza",
    "cittadinanza",
    "richiedente asilo",
    "art. 5 d.lgs. 286/1998",
    "carta di soggiorno",
    "autocertificazione",
    "tutore volontario",
    "accoglienza",
    "nulla osta al lavoro",
    "dichiarazione sostitutiva",
    "rinnovo del permesso",
];

impl Plan {
    /// A plan over what the site showed.
    pub fn new(courses: Vec<String>, lessons: Vec<String>, quizzes: Vec<String>) -> Self {
        Self {
            courses,
            lessons,
            quizzes,
            learners: 0,
            tutors: 0,
            next_learner: AtomicUsize::new(0),
            next_tutor: AtomicUsize::new(0),
        }
    }

    /// With `learners` and `tutors` accounts to hand out.
    pub fn with_accounts(mut self, learners: usize, tutors: usize) -> Self {
        self.learners = learners;
        self.tutors = tutors;
        self
    }

    /// Makes this the plan every user reads.
    pub fn install(self) -> anyhow::Result<&'static Plan> {
        PLAN.set(self)
            .map_err(|_| anyhow::anyhow!("the plan is set once per run"))?;
        get().context("plan just set")
    }

    /// The next learner account's number (round the prepared ones if ever exceeded).
    pub fn take_learner(&self) -> usize {
        self.next_learner.fetch_add(1, Ordering::Relaxed) % self.learners.max(1)
    }

    /// The next tutor account's number.
    pub fn take_tutor(&self) -> usize {
        self.next_tutor.fetch_add(1, Ordering::Relaxed) % self.tutors.max(1)
    }
}

/// The plan of this run.
pub fn get() -> Option<&'static Plan> {
    PLAN.get()
}
