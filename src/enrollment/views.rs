//! Stored rows as people read them: dates in the academy's time zone, standing against today,
//! percentages. No SQL and no permission checks here.

use super::EnrollmentBrief;
use super::rules::standing;
use super::store::BriefRow;
use crate::calendar;
use chrono::NaiveDate;
use chrono_tz::Tz;

pub fn brief(row: BriefRow, tz: Tz, today: NaiveDate) -> EnrollmentBrief {
    let due = row.due_on.as_deref().and_then(calendar::parse_iso);
    let days_left = due.map(|d| (d - today).num_days());
    let completed = row.completed_at.is_some();
    let total = row.lessons_total.max(0) as u32;
    let done = (row.lessons_done.max(0) as u32).min(total);
    let percent = super::rules::percent(done as u64, total as u64);
    let due_label = due.map(|d| {
        let when = calendar::label(d);
        match days_left {
            _ if completed => format!("Was due {when}"),
            Some(0) => format!("Due today, {when}"),
            Some(1) => format!("Due tomorrow, {when}"),
            Some(n) if n < 0 => format!(
                "Overdue by {} day{}: was due {when}",
                -n,
                if n == -1 { "" } else { "s" }
            ),
            Some(n) => format!("Due {when} (in {n} days)"),
            None => format!("Due {when}"),
        }
    });
    EnrollmentBrief {
        id: row.id,
        course_slug: row.slug,
        course_title: row.title,
        active: row.active,
        enrolled_on: calendar::label_of(row.enrolled_at, tz),
        due_on: row.due_on,
        due_label,
        days_left,
        lessons_done: done,
        lessons_total: total,
        percent,
        completed_on: row.completed_at.map(|t| calendar::label_of(t, tz)),
        completed_version: row.completed_version.map(|v| v as u32),
        standing: standing(completed, row.opened > 0 || row.attempts > 0, days_left),
        resume: row.resume_slug.zip(row.resume_title),
        best_score: row.best.map(|b| b.clamp(0, 100) as u8),
        attempts: row.attempts.max(0) as u32,
        certificate: row.certificate,
    }
}
