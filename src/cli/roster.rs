//! `academy roster import|invitations`: keeps people in step with the city's HR export, and
//! prints the set-password links HR sends to the people it created.

use crate::accounts::links;
use crate::config::Config;
use crate::db;
use crate::departments;

/// Imports the HR export (or, `dry_run`, shows what would change) and prints the report.
pub async fn import(
    file: std::path::PathBuf,
    dry_run: bool,
    strict: bool,
    full: bool,
) -> Result<(), String> {
    let size = std::fs::metadata(&file)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?
        .len();
    if size > departments::import::MAX_BYTES as u64 {
        return Err(format!(
            "{} is {} MB; a roster may be at most {} MB",
            file.display(),
            size / 1_048_576,
            departments::import::MAX_BYTES / 1_048_576
        ));
    }
    let bytes = std::fs::read(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let config = Config::from_env()?;
    let db = db::open(&config, db::COMMAND_CONNECTIONS).await?.0;
    let started = std::time::Instant::now();
    let opts = departments::import::Options {
        dry_run,
        strict,
        full,
        file_name: file.display().to_string(),
        by: "command line".into(),
        today: crate::calendar::today(config.time_zone),
    };
    let report = departments::import::run(&db, &bytes, &opts)
        .await
        .map_err(|e| e.to_string())?;
    print!("{}", report.text(dry_run));
    if report.reached > 0 {
        println!(
            "{} enrolments made by assignments for newcomers and people who moved.",
            report.reached
        );
    }
    println!("Took {:.2} s.", started.elapsed().as_secs_f64());
    if report.applied || dry_run {
        Ok(())
    } else {
        Err("nothing was imported".into())
    }
}

/// Prints the CSV of one-time set-password links for people without a password.
pub async fn invitations(department: Option<String>, days: i64) -> Result<(), String> {
    if !(1..=90).contains(&days) {
        return Err("--days: give 1 to 90".into());
    }
    let config = Config::from_env()?;
    let db = db::open(&config, db::COMMAND_CONNECTIONS).await?.0;
    let department = department.map(|d| d.trim().to_uppercase());
    let base = config.public_base();
    let invited = links::invite(
        &db,
        &links::Invitation {
            department: department.as_deref(),
            by: None,
            days,
            base: &base,
            today: crate::calendar::today(config.time_zone),
        },
    )
    .await
    .map_err(|e| e.to_string())?;
    print!("{}", invited.csv);
    eprintln!("{} links, valid until {}.", invited.issued, invited.expires);
    Ok(())
}
