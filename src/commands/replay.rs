//! `kakou gate replay FILE.jsonl`: scripted passages through the real flow
//! and store, one result line per input line, printed after its commit.

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;
use kakou_core::replay::parse_line;
use serde::{Deserialize, Serialize};

use crate::app::GateSession;
use crate::app::replay_driver::{LineOutcome, drive};
use crate::cli::Answer;

#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// JSON lines, one passage each (`-` for stdin). See docs/replay-format.md.
    pub file: PathBuf,
    /// Compare the outcomes with an expected file (lines of line/outcome/reason);
    /// exit 1 when any differs.
    #[arg(long)]
    pub expect: Option<PathBuf>,
}

/// One result line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultLine {
    pub line: usize,
    pub outcome: String,
    pub reason: Option<String>,
    #[serde(default)]
    pub passage_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// Replays every line of `input`, writing each result as soon as it is
/// durable. Returns the results for comparison.
pub fn replay(
    session: &mut GateSession,
    input: impl BufRead,
    out: &mut impl Write,
) -> Result<Vec<ResultLine>> {
    let mut results = Vec::new();
    for (index, line) in input.lines().enumerate() {
        let line = line.context("reading the replay input")?;
        if line.trim().is_empty() {
            continue;
        }
        let number = index + 1;
        let result = match parse_line(&line) {
            Err(e) => ResultLine {
                line: number,
                outcome: "rejected_input".into(),
                reason: Some(e.field.rejection_code().to_string()),
                passage_id: None,
                alert: None,
                detail: Some(e.detail),
            },
            Ok(parsed) => {
                let outcome = drive(session, parsed)?;
                let (outcome_code, reason) = outcome.outcome_and_reason();
                match outcome {
                    LineOutcome::Committed(c) => ResultLine {
                        line: number,
                        outcome: outcome_code,
                        reason,
                        passage_id: Some(c.id.clone()),
                        alert: c.passage.alert.map(|s| s.code().to_string()),
                        detail: None,
                    },
                    LineOutcome::Rejected { detail, .. } => ResultLine {
                        line: number,
                        outcome: outcome_code,
                        reason,
                        passage_id: None,
                        alert: None,
                        detail: Some(detail),
                    },
                }
            }
        };
        super::emit(out, &result)?;
        results.push(result);
    }
    Ok(results)
}

/// The differences between results and expectations, as readable lines.
pub fn compare(results: &[ResultLine], expected: &[ResultLine]) -> Vec<String> {
    let mut problems = Vec::new();
    if results.len() != expected.len() {
        problems.push(format!(
            "{} results for {} expected lines",
            results.len(),
            expected.len()
        ));
    }
    for (got, want) in results.iter().zip(expected) {
        let same = got.line == want.line
            && got.outcome == want.outcome
            && got.reason == want.reason
            && got.alert == want.alert;
        if !same {
            problems.push(format!(
                "line {}: got {} {:?} alert {:?}, expected {} {:?} alert {:?}",
                want.line,
                got.outcome,
                got.reason,
                got.alert,
                want.outcome,
                want.reason,
                want.alert
            ));
        }
    }
    problems
}

pub fn read_expected(path: &Path) -> Result<Vec<ResultLine>> {
    let file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    BufReader::new(file)
        .lines()
        .filter(|l| l.as_ref().map_or(true, |l| !l.trim().is_empty()))
        .map(|l| Ok(serde_json::from_str(&l?)?))
        .collect::<Result<_>>()
        .with_context(|| format!("reading the expected outcomes {}", path.display()))
}

pub fn run(db: &Path, args: ReplayArgs) -> Result<Answer> {
    let store = super::open_existing(db)?;
    let mut session = GateSession::open(store, "replay")?;
    let mut out = std::io::stdout().lock();
    let results = if args.file.as_os_str() == "-" {
        replay(&mut session, std::io::stdin().lock(), &mut out)?
    } else {
        let file =
            File::open(&args.file).with_context(|| format!("opening {}", args.file.display()))?;
        replay(&mut session, BufReader::new(file), &mut out)?
    };
    let Some(expect) = args.expect else {
        return Ok(Answer::Yes);
    };
    let problems = compare(&results, &read_expected(&expect)?);
    if problems.is_empty() {
        eprintln!("kakou: all {} outcomes as expected", results.len());
        Ok(Answer::Yes)
    } else {
        for p in problems.iter().take(20) {
            eprintln!("kakou: {p}");
        }
        eprintln!(
            "kakou: {} outcomes differ from {}",
            problems.len(),
            expect.display()
        );
        Ok(Answer::No)
    }
}
