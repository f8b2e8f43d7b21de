//! `kakou-district report daily --day D`.

use anyhow::Result;
use chrono::NaiveDate;
use kakou_core::sync::district_report::district_day;

pub async fn daily(db: Option<&str>, day: NaiveDate) -> Result<()> {
    let storage = super::open(db).await?;
    let inputs = storage.day_inputs(day).await?;
    let lines = district_day(day, &inputs.enrolled, &inputs.passages, &inputs.reported);
    let mut out = std::io::stdout().lock();
    for line in &lines {
        super::emit(&mut out, line)?;
    }
    Ok(())
}
