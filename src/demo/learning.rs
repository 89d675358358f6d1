//! Demo learning: each employee enrolled in a window of courses, with lessons done, check
//! attempts and certificates, inserted in batches of 2,000 employees.

use super::{Rng, insert_rows};
use crate::db::Cell::{Int, NullInt, NullText, Text};
use crate::db::Db;

/// What was seeded, for the summary line.
pub(super) struct Learned {
    pub enrolments: usize,
    pub progress: usize,
    pub attempts: usize,
    pub certificates: usize,
}

/// Enrols each of `ids` (user id, name) in `per` courses of `courses` (id, version), whose
/// lessons are `lessons` (in the same order).
pub(super) async fn seed(
    db: &Db,
    rng: &mut Rng,
    ids: &[(i64, String)],
    courses: &[(i64, i64)],
    lessons: &[Vec<i64>],
    per: usize,
    now: i64,
) -> Result<Learned, String> {
    let (mut enrolments, mut progress, mut attempts, mut certificates) =
        (0usize, 0usize, 0usize, 0usize);
    for batch in ids.chunks(2000) {
        let (mut e_rows, mut p_rows, mut a_rows, mut c_rows) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (user_id, name) in batch {
            // A contiguous window of courses from a random start: `per` distinct courses.
            let start = rng.below(courses.len());
            for k in 0..per {
                let ci = (start + k) % courses.len();
                let (course_id, version) = courses[ci];
                let all = &lessons[ci];
                let done = match rng.below(10) {
                    0..=2 => all.len(),
                    3..=5 => 0,
                    _ => rng.below(all.len().max(1)),
                };
                let passed = done == all.len() && rng.below(10) < 8;
                let completed = passed;
                let due = match rng.below(4) {
                    0 => Text(format!(
                        "2026-{:02}-{:02}",
                        1 + rng.below(12),
                        1 + rng.below(28)
                    )),
                    _ => NullText,
                };
                let when = now - (rng.below(300) as i64) * 86_400;
                e_rows.push(vec![
                    Int(*user_id),
                    Int(course_id),
                    Int(1),
                    Int(when),
                    NullInt,
                    due,
                    if completed {
                        Int(when + 86_400)
                    } else {
                        NullInt
                    },
                    if completed { Int(version) } else { NullInt },
                    Int(when),
                ]);
                for lesson in all.iter().take(done) {
                    p_rows.push(vec![
                        Int(*user_id),
                        Int(*lesson),
                        Int(course_id),
                        Int(when),
                        Int(when + 3600),
                    ]);
                }
                if done == all.len() && !all.is_empty() {
                    let percent = if passed {
                        80 + 20 * (rng.below(2) as i64)
                    } else {
                        60
                    };
                    a_rows.push(vec![
                        Int(*user_id),
                        Int(course_id),
                        Int(version),
                        Text(format!("demo-{user_id}-{course_id}")),
                        Int(percent / 20),
                        Int(5),
                        Int(percent),
                        Int(passed as i64),
                        Text("{}".into()),
                        Int(when + 80_000),
                    ]);
                }
                if completed {
                    let code =
                        crate::enrollment::certificate::format_code(&rng.next().to_be_bytes());
                    c_rows.push(vec![
                        Text(code),
                        Int(*user_id),
                        Int(course_id),
                        Int(version),
                        Text(name.clone()),
                        // Filled in below, in one statement per seed.
                        Text(String::new()),
                        Int(when + 86_400),
                    ]);
                }
            }
        }
        enrolments += e_rows.len();
        progress += p_rows.len();
        attempts += a_rows.len();
        certificates += c_rows.len();
        insert_rows(
            db,
            "INSERT INTO enrollments (user_id, course_id, active, enrolled_at, enrolled_by, \
             due_on, completed_at, completed_version, updated_at)",
            9,
            &e_rows,
        )
        .await?;
        insert_rows(
            db,
            "INSERT INTO lesson_progress (user_id, lesson_id, course_id, opened_at, done_at)",
            5,
            &p_rows,
        )
        .await?;
        insert_rows(
            db,
            "INSERT INTO check_attempts (user_id, course_id, course_version, token, correct, \
             total, percent, passed, answers, submitted_at)",
            10,
            &a_rows,
        )
        .await?;
        insert_rows(
            db,
            "INSERT INTO certificates (code, user_id, course_id, course_version, learner_name, \
             course_title, issued_at)",
            7,
            &c_rows,
        )
        .await?;
    }
    // Certificates carry the course title as it was: fill it in one statement.
    sqlx::query(
        "UPDATE certificates SET course_title = \
         (SELECT c.title FROM courses c WHERE c.id = certificates.course_id) \
         WHERE course_title = ''",
    )
    .execute(db)
    .await
    .map_err(|e| e.to_string())?;
    Ok(Learned {
        enrolments,
        progress,
        attempts,
        certificates,
    })
}
