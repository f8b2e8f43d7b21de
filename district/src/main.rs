//! `kakou-district`: parse, run, and turn the result into an exit code
//! (0 done, 1 "no", 2 usage or I/O errors with one line on stderr).

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use kakou_district::cli::{
    Cli, Command, CommunityCommand, ReportCommand, TerminalCommand, UserCommand,
};
use kakou_district::commands::{self, Answer};
use tracing_subscriber::EnvFilter;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Logs go to stderr; stdout carries only the commands' JSON lines.
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("kakou_district=info,warn")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("kakou-district: cannot start the runtime: {e}");
            return ExitCode::from(2);
        }
    };
    let db = cli.db.as_deref();
    let result = runtime.block_on(async {
        match &cli.command {
            None => commands::serve::run(db, &cli.serve)
                .await
                .map(|()| Answer::Yes),
            Some(Command::EnrollCode(args)) => commands::enroll_code::run(db, args)
                .await
                .map(|()| Answer::Yes),
            Some(Command::User(UserCommand::Add(args))) => {
                commands::user::add(db, args).await.map(|()| Answer::Yes)
            }
            Some(Command::Terminal(TerminalCommand::List)) => {
                commands::terminal::list(db).await.map(|()| Answer::Yes)
            }
            Some(Command::Terminal(TerminalCommand::Revoke { id })) => {
                commands::terminal::revoke(db, id).await
            }
            Some(Command::Report(ReportCommand::Daily { day })) => {
                commands::report::daily(db, *day)
                    .await
                    .map(|()| Answer::Yes)
            }
            Some(Command::Community(CommunityCommand::List)) => {
                commands::community::list(db).await.map(|()| Answer::Yes)
            }
            Some(Command::Community(CommunityCommand::Add { name })) => {
                commands::community::add(db, name)
                    .await
                    .map(|()| Answer::Yes)
            }
            Some(Command::Poster(args)) => commands::poster::run(db, args).await,
        }
    });
    match result {
        Ok(Answer::Yes) => ExitCode::SUCCESS,
        Ok(Answer::No) => ExitCode::from(1),
        Err(e) => {
            eprintln!("kakou-district: {e:#}");
            ExitCode::from(2)
        }
    }
}
