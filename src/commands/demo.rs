//! `kakou demo`: a fresh demo store, the bundled day replayed through the
//! real gate flow and store, the outcomes checked, and the day's report.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use super::{Answer, emit};
use crate::app::{demo, reports, setup};

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Where to build the demo store (default: kakou-demo.db in the data folder).
    #[arg(long)]
    pub store: Option<PathBuf>,
    /// Print every result line, not just the summary.
    #[arg(long)]
    pub verbose: bool,
}

pub fn run(args: DemoArgs) -> Result<Answer> {
    let path = args.store.unwrap_or_else(setup::default_demo_db);
    say!("kakou demo: building {}", path.display());
    let started = std::time::Instant::now();
    let mut out = std::io::stdout().lock();
    let verbose = args.verbose;
    let day = demo::replay_day(&path, |line| {
        if verbose {
            emit(&mut out, line)?;
        }
        Ok(())
    })?;
    let elapsed = started.elapsed();
    for report in reports::daily(day.session.terminal(), day.day)? {
        emit(&mut out, &report)?;
    }
    say!(
        "kakou demo: replayed {} passages in {:.1} s; store at {}",
        day.results.len(),
        elapsed.as_secs_f64(),
        path.display()
    );
    if day.problems.is_empty() {
        say!("kakou demo: every outcome is as expected (demo/expected.jsonl)");
        Ok(Answer::Yes)
    } else {
        for p in day.problems.iter().take(20) {
            say!("kakou demo: {p}");
        }
        say!("kakou demo: {} outcomes differ", day.problems.len());
        Ok(Answer::No)
    }
}
