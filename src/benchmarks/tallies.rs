//! Running totals ("tallies") as pure arithmetic: a batch of stored responses grouped into the
//! counts per session, per department of the person answering, per month and course, and per
//! department, month and course, that `store::add_responses` adds in the transaction storing
//! them; and the month a session counts in.

use std::collections::HashMap;

/// One stored response, as the tallies see it: where it came from and its numeric answers.
pub struct Counted<'a> {
    pub session_id: i64,
    pub department: &'a str,
    pub values: Vec<(&'a str, i64)>,
}

/// A tally's key within a session: (session id, question key, value).
pub type Key = (i64, String, i64);

/// A batch's counts per session and per (department, session); the responses themselves under
/// the question key [`super::RESPONSES`] with value 0.
#[derive(Debug, Default, PartialEq)]
pub struct Counts {
    pub sessions: HashMap<Key, i64>,
    pub departments: HashMap<(String, Key), i64>,
}

/// Groups a batch of responses into counts; people without a department count only per session.
pub fn count(items: &[Counted<'_>]) -> Counts {
    let mut counts = Counts::default();
    for item in items {
        let all = std::iter::once((super::RESPONSES, 0)).chain(item.values.iter().copied());
        for (key, value) in all {
            let k = (item.session_id, key.to_string(), value);
            *counts.sessions.entry(k.clone()).or_default() += 1;
            if !item.department.is_empty() {
                *counts
                    .departments
                    .entry((item.department.to_string(), k))
                    .or_default() += 1;
            }
        }
    }
    counts
}

/// The session counts summed per (month, course, question key, value), given each session's
/// (month, course); a session not found adds nothing.
pub fn by_month(
    sessions: &HashMap<Key, i64>,
    place: &HashMap<i64, (String, i64)>,
) -> HashMap<(String, i64, String, i64), i64> {
    let mut months = HashMap::new();
    for ((session, key, value), n) in sessions {
        if let Some((month, course)) = place.get(session) {
            *months
                .entry((month.clone(), *course, key.clone(), *value))
                .or_default() += n;
        }
    }
    months
}

/// The department counts summed per (department, month, course, question key, value), given each
/// session's (month, course); a session not found adds nothing.
pub fn by_department_month(
    departments: &HashMap<(String, Key), i64>,
    place: &HashMap<i64, (String, i64)>,
) -> HashMap<(String, String, i64, String, i64), i64> {
    let mut months = HashMap::new();
    for ((department, (session, key, value)), n) in departments {
        if let Some((month, course)) = place.get(session) {
            *months
                .entry((
                    department.clone(),
                    month.clone(),
                    *course,
                    key.clone(),
                    *value,
                ))
                .or_default() += n;
        }
    }
    months
}

/// The department month counts summed per (department, month, question key), every course and
/// value together: how many answered, which is all the check that no department is the others'
/// remainder needs.
pub fn department_answers(
    months: &HashMap<(String, String, i64, String, i64), i64>,
) -> HashMap<(String, String, String), i64> {
    let mut out = HashMap::new();
    for ((department, month, _, key, _), n) in months {
        *out.entry((department.clone(), month.clone(), key.clone()))
            .or_default() += n;
    }
    out
}

/// "2026-03": the calendar month a moment falls in, in a time zone.
pub fn month_of(at: i64, tz: chrono_tz::Tz) -> String {
    use chrono::TimeZone;
    match tz.timestamp_opt(at, 0) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => {
            t.format("%Y-%m").to_string()
        }
        chrono::LocalResult::None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn department_answers_sum_courses_and_values_but_keep_departments_months_and_questions() {
        let d = |d: &str, m: &str, c: i64, k: &str, v: i64| {
            (d.to_string(), m.to_string(), c, k.to_string(), v)
        };
        let months = HashMap::from([
            (d("Revenue", "2026-01", 1, "overall", 5), 3),
            (d("Revenue", "2026-01", 2, "overall", 4), 2),
            (d("Revenue", "2026-01", 1, "", 0), 5),
            (d("Revenue", "2026-02", 1, "overall", 5), 1),
            (d("Parks", "2026-01", 1, "overall", 5), 7),
        ]);
        let k = |d: &str, m: &str, q: &str| (d.to_string(), m.to_string(), q.to_string());
        assert_eq!(
            department_answers(&months),
            HashMap::from([
                (k("Revenue", "2026-01", "overall"), 5),
                (k("Revenue", "2026-01", ""), 5),
                (k("Revenue", "2026-02", "overall"), 1),
                (k("Parks", "2026-01", "overall"), 7),
            ])
        );
    }

    #[test]
    fn a_batch_counts_responses_answers_and_departments_once_each() {
        let items = [
            Counted {
                session_id: 1,
                department: "Parks",
                values: vec![("overall", 5)],
            },
            Counted {
                session_id: 1,
                department: "",
                values: vec![("overall", 5)],
            },
        ];
        let c = count(&items);
        assert_eq!(c.sessions[&(1, String::new(), 0)], 2);
        assert_eq!(c.sessions[&(1, "overall".into(), 5)], 2);
        assert_eq!(c.departments.len(), 2);
        assert_eq!(
            c.departments[&("Parks".into(), (1, "overall".into(), 5))],
            1
        );
        let place = HashMap::from([(1, ("2026-03".to_string(), 7))]);
        let months = by_month(&c.sessions, &place);
        assert_eq!(months[&("2026-03".into(), 7, "overall".into(), 5)], 2);
        assert!(by_month(&c.sessions, &HashMap::new()).is_empty());
        let departments = by_department_month(&c.departments, &place);
        assert_eq!(departments.len(), 2, "Parks' responses and its overall 5");
        let key = (
            "Parks".to_string(),
            "2026-03".to_string(),
            7,
            "overall".to_string(),
            5,
        );
        assert_eq!(departments[&key], 1);
        assert!(by_department_month(&c.departments, &HashMap::new()).is_empty());
    }
}
