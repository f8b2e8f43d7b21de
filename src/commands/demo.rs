//! `kakou demo`: a fresh demo store, the bundled day replayed through the
//! real gate flow and store, the outcomes checked, and the day's report.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use super::replay::{ResultLine, compare, replay};
use super::report::daily_reports;
use crate::app::GateSession;
use crate::cli::Answer;
use crate::demo;

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
    let path = args.store.unwrap_or_else(demo::default_path);
    eprintln!("kakou demo: building {}", path.display());
    let store = demo::setup(&path)?;
    let mut session = GateSession::open(store, "demo")?;
    let started = std::time::Instant::now();
    let results = if args.verbose {
        replay(
            &mut session,
            demo::SCENARIO.as_bytes(),
            &mut std::io::stdout().lock(),
        )?
    } else {
        replay(
            &mut session,
            demo::SCENARIO.as_bytes(),
            &mut std::io::sink(),
        )?
    };
    let elapsed = started.elapsed();
    let expected: Vec<ResultLine> = demo::EXPECTED
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    let problems = compare(&results, &expected);
    let day = demo::params()?.day;
    for report in daily_reports(session.store(), day)? {
        super::emit(&mut std::io::stdout().lock(), &report)?;
    }
    eprintln!(
        "kakou demo: replayed {} passages in {:.1} s; store at {}",
        results.len(),
        elapsed.as_secs_f64(),
        path.display()
    );
    if problems.is_empty() {
        eprintln!("kakou demo: every outcome is as expected (demo/expected.jsonl)");
        Ok(Answer::Yes)
    } else {
        for p in problems.iter().take(20) {
            eprintln!("kakou demo: {p}");
        }
        eprintln!("kakou demo: {} outcomes differ", problems.len());
        Ok(Answer::No)
    }
}
