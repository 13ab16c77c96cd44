//! The quiz engine: attempts with their own shuffled order (remembered across
//! reloads), attempt limits, a time limit enforced on the server, scoring of every
//! kind, feedback with citation links, and every attempt and answer stored.

pub mod engine;
pub mod results;
pub mod scoring;

pub use engine::{AttemptView, Graded, QuizError};
