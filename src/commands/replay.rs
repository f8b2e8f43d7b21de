//! `kakou gate replay FILE.jsonl`: scripted passages through the real flow
//! and store, one result line per input line, printed after its commit.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;

use super::{Answer, emit};
use crate::app::replay::{compare, read_expected, replay};
use crate::app::{GateSession, Terminal};

#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// JSON lines, one passage each (`-` for stdin). See docs/replay-format.md.
    pub file: PathBuf,
    /// Compare the outcomes with an expected file (lines of line/outcome/reason);
    /// exit 1 when any differs.
    #[arg(long)]
    pub expect: Option<PathBuf>,
}

pub fn run(db: &Path, args: ReplayArgs) -> Result<Answer> {
    let mut session = GateSession::open(Terminal::open(db)?, "replay");
    let mut out = std::io::stdout().lock();
    let print = |line: &_| emit(&mut out, line);
    let results = if args.file.as_os_str() == "-" {
        replay(&mut session, std::io::stdin().lock(), print)?
    } else {
        let file =
            File::open(&args.file).with_context(|| format!("opening {}", args.file.display()))?;
        replay(&mut session, BufReader::new(file), print)?
    };
    let Some(expect) = args.expect else {
        return Ok(Answer::Yes);
    };
    let text = std::fs::read_to_string(&expect)
        .with_context(|| format!("opening {}", expect.display()))?;
    let expected = read_expected(&text)
        .with_context(|| format!("reading the expected outcomes {}", expect.display()))?;
    let problems = compare(&results, &expected);
    if problems.is_empty() {
        say!("kakou: all {} outcomes as expected", results.len());
        Ok(Answer::Yes)
    } else {
        for p in problems.iter().take(20) {
            say!("kakou: {p}");
        }
        say!(
            "kakou: {} outcomes differ from {}",
            problems.len(),
            expect.display()
        );
        Ok(Answer::No)
    }
}
