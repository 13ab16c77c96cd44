//! Aula: a learning management and e-learning content server for training programmes
//! whose content is law and administrative practice.
//!
//! The binary (`src/main.rs`) is a thin command line over this library; tests and
//! benchmarks use the same functions.

pub mod app;
pub mod config;
pub mod db;
pub mod error;
pub mod telemetry;
pub mod web;
