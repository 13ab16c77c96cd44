//! The `aula` command line: one binary, one subcommand per task.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use aula::config::Config;
use clap::{Parser, Subcommand};

/// Aula: learning management for legal-administrative training programmes.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// Configuration file (optional; settings can also come from AULA_* variables).
    #[arg(long, global = true, default_value = "aula.toml")]
    config: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Apply pending migrations and serve HTTP until Ctrl-C or SIGTERM.
    Serve,
    /// Apply pending migrations and exit.
    Migrate,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    aula::telemetry::init_tracing();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = Config::load(&cli.config, std::env::vars())?;
    match cli.command {
        Command::Serve => {
            let state = aula::app::prepare(config).await?;
            let bind = state.config().bind;
            let listener = tokio::net::TcpListener::bind(bind)
                .await
                .with_context(|| format!("cannot listen on {bind}"))?;
            aula::app::serve(state, listener, aula::app::shutdown_signal()).await
        }
        Command::Migrate => {
            let db = aula::db::connect(&config.database_url).await?;
            let pending = aula::db::pending_migrations(&db).await?;
            aula::db::migrate(&db).await?;
            if pending.is_empty() {
                println!("database is up to date; nothing to apply");
            } else {
                for name in &pending {
                    println!("applied {name}");
                }
            }
            db.close().await?;
            Ok(())
        }
    }
}
