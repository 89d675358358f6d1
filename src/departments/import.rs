//! One roster import, end to end: size check, parse, diff against the stored people, apply in
//! one transaction (unless a dry run, or `strict` and any row has a problem), and a report
//! that names every problem by line.

use super::plan::{self, Change, Plan};
use super::roster::{self, Problem};
use super::store;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use std::fmt::Write;

/// Larger files are refused before they are read into the parser.
pub const MAX_BYTES: usize = 50 * 1024 * 1024;
/// More data rows than this are refused (a city has tens of thousands of staff).
pub const MAX_ROWS: usize = 200_000;

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Show what would change; change nothing.
    pub dry_run: bool,
    /// Change nothing if any row has a problem.
    pub strict: bool,
    /// The file is the whole roster: active employees it manages who are missing from it are
    /// deactivated (see `departures` for who is left for review instead).
    pub full: bool,
    pub file_name: String,
    /// Who ran it (an employee id, or "command line").
    pub by: String,
    /// Today in the academy's time zone: due dates of assignments reaching newcomers.
    pub today: chrono::NaiveDate,
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    pub created: usize,
    pub updated: usize,
    pub deactivated: usize,
    pub unchanged: usize,
    pub problems: Vec<Problem>,
    pub applied: bool,
    /// Why nothing (or not everything) was applied, when so.
    pub held_back: Vec<String>,
    /// The recorded run (`roster_imports.id`).
    pub run: i64,
    /// Enrolments made by live assignments for newcomers and movers.
    pub reached: usize,
    /// People left as they are on purpose, for an administrator to review.
    pub review: Vec<super::departures::Review>,
}

/// At most this many people are named for review; the rest are counted.
const REVIEW_NAMED: usize = 50;

impl Report {
    /// The report as people read it: every problem by line, then what was (or would be) done.
    pub fn text(&self, dry_run: bool) -> String {
        let mut out = String::new();
        for p in &self.problems {
            match p.line {
                0 => writeln!(out, "file: {}", p.message),
                n => writeln!(out, "line {n}: {}", p.message),
            }
            .ok();
        }
        for h in &self.held_back {
            writeln!(out, "{h}").ok();
        }
        if !self.review.is_empty() {
            writeln!(
                out,
                "Left as they are, for an administrator to review in Users ({}):",
                self.review.len()
            )
            .ok();
            for r in self.review.iter().take(REVIEW_NAMED) {
                writeln!(out, "  {}: {}", r.employee_id, r.why).ok();
            }
            if self.review.len() > REVIEW_NAMED {
                writeln!(out, "  and {} more.", self.review.len() - REVIEW_NAMED).ok();
            }
        }
        let verb = if self.applied {
            "Imported"
        } else if dry_run {
            "Dry run, nothing changed"
        } else {
            "Nothing imported"
        };
        writeln!(
            out,
            "{verb}: {} new, {} changed, {} deactivated, {} unchanged, {} {} with problems.",
            self.created,
            self.updated,
            self.deactivated,
            self.unchanged,
            self.problems.len(),
            if self.problems.len() == 1 {
                "row"
            } else {
                "rows"
            },
        )
        .ok();
        out
    }
}

pub async fn run(db: &Db, bytes: &[u8], opts: &Options) -> AppResult<Report> {
    if bytes.len() > MAX_BYTES {
        return Err(AppError::invalid(format!(
            "The file is {:.0} MB; a roster may be at most {} MB. Is it the right file?",
            bytes.len() as f64 / 1_048_576.0,
            MAX_BYTES / 1_048_576
        )));
    }
    let parsed = roster::parse(bytes, MAX_ROWS);
    let existing = store::imports::people(db).await?;
    let codes: Vec<String> = store::codes_and_names(db)
        .await?
        .into_iter()
        .map(|(code, _)| code)
        .collect();
    let (mut plan, more) = plan::plan(&parsed.rows, &existing, &codes, opts.full);
    let mut problems = parsed.problems;
    problems.extend(more);
    problems.sort_by_key(|p| p.line);
    let mut held_back = Vec::new();
    let file_level = problems.iter().any(|p| p.line <= 1);
    if opts.full && !problems.is_empty() {
        // A bad row must not make its person look absent from a full roster.
        let before = plan.changes.len();
        plan.changes
            .retain(|c| !matches!(c, Change::Deactivate { .. }));
        if plan.changes.len() < before {
            held_back.push(format!(
                "{} deactivations held back: fix the rows with problems and import again.",
                before - plan.changes.len()
            ));
        }
    }
    let counts = count(&plan);
    let refused_by_strict = opts.strict && !problems.is_empty();
    let apply = !opts.dry_run && !file_level && !refused_by_strict;
    if opts.strict && !problems.is_empty() && !opts.dry_run {
        held_back.push("--strict: nothing imported because some rows have problems.".into());
    }
    if apply && !plan.changes.is_empty() {
        store::imports::apply(db, &plan).await?;
    }
    let report = Report {
        created: counts.0,
        updated: counts.1,
        deactivated: counts.2,
        unchanged: plan.unchanged,
        problems,
        applied: apply,
        held_back,
        run: 0,
        reached: 0,
        review: plan.review.clone(),
    };
    // A dry run keeps its file so the reviewed changes can be imported without uploading again.
    let keep = (opts.dry_run && !file_level && !refused_by_strict && !plan.changes.is_empty())
        .then(|| std::str::from_utf8(bytes).ok())
        .flatten();
    let run = store::imports::log_import(
        db,
        &opts.file_name,
        opts.dry_run,
        opts.full,
        [
            counts.0,
            counts.1,
            counts.2,
            plan.unchanged,
            report.problems.len(),
        ],
        apply,
        &opts.by,
        opts.strict,
        &report.text(opts.dry_run),
        keep,
    )
    .await?;
    // Newcomers and movers get the courses assigned to where they now are.
    let reached = if apply && !plan.changes.is_empty() {
        crate::assignments::store::reach_newcomers(db, opts.today).await?
    } else {
        0
    };
    Ok(Report {
        run,
        reached,
        ..report
    })
}

fn count(plan: &Plan) -> (usize, usize, usize) {
    plan.changes
        .iter()
        .fold((0, 0, 0), |(c, u, d), ch| match ch {
            Change::Create(_) => (c + 1, u, d),
            Change::Update { .. } => (c, u + 1, d),
            Change::Deactivate { .. } => (c, u, d + 1),
        })
}
