//! Recounts of the benchmark totals from the stored answers themselves: every running total per
//! session and per month must equal a GROUP BY over the answers, whatever a crash interrupted;
//! the department month totals, and the department answers per month and question, must equal
//! the sums of the per-session department totals.

use super::{TestApp, on_server};
use std::collections::BTreeMap;

type Counts = BTreeMap<String, i64>;

async fn counts(db: &academy::db::Db, sql: &'static str) -> Counts {
    let rows: Vec<(String, i64)> = sqlx::query_as(sql).fetch_all(db).await.unwrap();
    rows.into_iter().collect()
}

/// How the session and month totals differ from a recount of the answers and responses, and the
/// department month totals and answers from the department totals (each line a key with both figures);
/// empty when they agree. Cancelled sessions included: their
/// answers stay counted.
pub async fn disagreements(app: &TestApp) -> Vec<String> {
    let db = app.state.db.clone();
    on_server(async move {
        let pairs = [
            (
                "session",
                "SELECT CAST(session_id AS TEXT) || '|' || question_key || '|' || CAST(value AS TEXT), \
                 CAST(n AS BIGINT) FROM feedback_tallies WHERE n <> 0",
                "SELECT CAST(session_id AS TEXT) || '|' || question_key || '|' || CAST(value AS TEXT), \
                 COUNT(*) FROM feedback_answers WHERE value IS NOT NULL \
                 GROUP BY session_id, question_key, value \
                 UNION ALL SELECT CAST(session_id AS TEXT) || '||0', COUNT(*) \
                 FROM feedback_responses GROUP BY session_id",
            ),
            (
                "month",
                "SELECT month || '|' || CAST(course_id AS TEXT) || '|' || question_key || '|' \
                 || CAST(value AS TEXT), CAST(n AS BIGINT) FROM feedback_month_tallies WHERE n <> 0",
                "SELECT s.month || '|' || CAST(s.course_id AS TEXT) || '|' || a.question_key || '|' \
                 || CAST(a.value AS TEXT), COUNT(*) FROM feedback_answers a \
                 JOIN training_sessions s ON s.id = a.session_id WHERE a.value IS NOT NULL \
                 GROUP BY s.month, s.course_id, a.question_key, a.value \
                 UNION ALL SELECT s.month || '|' || CAST(s.course_id AS TEXT) || '||0', COUNT(*) \
                 FROM feedback_responses r JOIN training_sessions s ON s.id = r.session_id \
                 GROUP BY s.month, s.course_id",
            ),
            (
                "department month",
                "SELECT department || '|' || month || '|' || CAST(course_id AS TEXT) || '|' \
                 || question_key || '|' || CAST(value AS TEXT), CAST(n AS BIGINT) \
                 FROM feedback_department_month_tallies WHERE n <> 0",
                "SELECT t.department || '|' || s.month || '|' || CAST(s.course_id AS TEXT) || '|' \
                 || t.question_key || '|' || CAST(t.value AS TEXT), CAST(SUM(t.n) AS BIGINT) \
                 FROM feedback_department_tallies t JOIN training_sessions s ON s.id = t.session_id \
                 GROUP BY t.department, s.month, s.course_id, t.question_key, t.value \
                 HAVING SUM(t.n) <> 0",
            ),
            (
                "department answers",
                "SELECT department || '|' || month || '|' || question_key, CAST(n AS BIGINT) \
                 FROM feedback_department_month_answers WHERE n <> 0",
                "SELECT t.department || '|' || s.month || '|' || t.question_key, \
                 CAST(SUM(t.n) AS BIGINT) FROM feedback_department_tallies t \
                 JOIN training_sessions s ON s.id = t.session_id \
                 GROUP BY t.department, s.month, t.question_key HAVING SUM(t.n) <> 0",
            ),
        ];
        let mut out = Vec::new();
        for (what, kept, recounted) in pairs {
            let (kept, recounted) = (counts(&db, kept).await, counts(&db, recounted).await);
            for key in kept.keys().chain(recounted.keys()) {
                let (k, r) = (kept.get(key), recounted.get(key));
                if k != r && !out.iter().any(|l: &String| l.starts_with(&format!("{what} {key}:"))) {
                    out.push(format!("{what} {key}: total {k:?}, answers {r:?}"));
                }
            }
        }
        out
    })
    .await
}
