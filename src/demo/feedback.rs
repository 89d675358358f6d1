//! Demo feedback at benchmark scale: instructors, sessions held over two years, attendance,
//! and anonymous responses with their tallies — `academy demo seed --sessions 5000`.
//! Instructors differ in how well they teach, so the dashboards have something to show.

use super::cast::Cast;
use super::{Rng, city};
use crate::db::{Backend, Cell, Db, insert_many};
use std::collections::{HashMap, HashSet};

pub struct FeedbackOptions {
    pub sessions: usize,
    pub instructors: usize,
    pub responses: usize,
}

const GUESTS: [(&str, &str); 6] = [
    ("Maria Lopez", "Grand Hotel"),
    ("Sam Okoye", "Metro Transit"),
    ("Ines Duarte", "Harbor Hospital"),
    ("Tom Becker", "Civic Theatre"),
    ("Aiko Mori", "Riverside Library Trust"),
    ("Jules Martin", "Chamber of Commerce"),
];
const WORKED: [&str; 8] = [
    "The role plays with real complaints were the best part.",
    "Clear examples from the 311 floor.",
    "Loved the de-escalation checklist.",
    "Practical, and the pace was right.",
    "Good mix of discussion and practice.",
    "The instructor listened and adapted to our questions.",
    "I will use the phone scripts tomorrow.",
    "Short breaks kept everyone awake.",
];
const IMPROVE: [&str; 6] = [
    "Too much time on slides.",
    "The room was cold and the projector flickered.",
    "More time for practice, please.",
    "Some examples did not fit my department.",
    "Start on time.",
    "Share the handouts before the session.",
];
/// The default form's questions the demo answers: its 1–5 scales, its 0–10 question, and its
/// two text questions (what worked, what to improve), read from the form's definition.
struct Keys {
    scales: Vec<String>,
    recommend: String,
    worked: String,
    improve: String,
}

impl Keys {
    fn of_default_form() -> Result<Keys, String> {
        use crate::feedback::definition::{DEFAULT_FORM, QuestionKind, parse};
        let questions = parse(DEFAULT_FORM).map_err(|_| "the default feedback form is invalid")?;
        let keys = |kind: fn(&QuestionKind) -> bool| -> Vec<String> {
            let matching = questions.iter().filter(|q| kind(&q.kind));
            matching.map(|q| q.key.clone()).collect()
        };
        let scales = keys(|k| matches!(k, QuestionKind::Likert { .. }));
        let recommend = keys(|k| matches!(k, QuestionKind::Recommend { .. }));
        let texts = keys(|k| matches!(k, QuestionKind::Text));
        match (recommend.as_slice(), texts.as_slice()) {
            ([recommend], [worked, improve]) => Ok(Keys {
                scales,
                recommend: recommend.clone(),
                worked: worked.clone(),
                improve: improve.clone(),
            }),
            _ => Err(
                "the demo answers a default form with one 0-10 question and two text \
                      questions; teach src/demo/feedback.rs the new form"
                    .into(),
            ),
        }
    }
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Seeds instructors, sessions, attendance and responses; returns a summary line.
#[allow(clippy::too_many_arguments)]
pub(super) async fn seed(
    db: &Db,
    backend: Backend,
    opts: &FeedbackOptions,
    rng: &mut Rng,
    courses: &[i64],
    employees: &[(i64, String)],
    hash: &str,
    tz: chrono_tz::Tz,
) -> Result<String, String> {
    if opts.sessions == 0 {
        return Ok(String::new());
    }
    let keys = Keys::of_default_form()?;
    crate::feedback::store::ensure_default(db)
        .await
        .map_err(err)?;
    let form_id: i64 = sqlx::query_scalar(
        "SELECT MAX(id) FROM feedback_forms WHERE family = \
         (SELECT family FROM feedback_forms WHERE is_default = 1 ORDER BY id LIMIT 1)",
    )
    .fetch_one(db)
    .await
    .map_err(err)?;
    let now = crate::db::now();

    // Instructors I000001… (I000001 signs in with the demo password) and trainer T000001.
    let mut users = Vec::new();
    for i in 1..=opts.instructors {
        let name = city::name(rng);
        let id = format!("I{i:06}");
        let hash = (i == 1).then_some(hash);
        users.push(city::person(&id, &name, "instructor", hash, rng, now));
    }
    let trainer = ("T000001", "Tess Trainer", "trainer");
    users.push(city::person(
        trainer.0,
        trainer.1,
        trainer.2,
        Some(hash),
        rng,
        now,
    ));
    city::insert(db, &users).await?;
    // The demo instructors just created, and no real one (see `super::DOMAIN`).
    let instructors: Vec<(i64, String)> = super::demo_accounts(db, "instructor")
        .await?
        .into_iter()
        .map(|(id, name, _)| (id, name))
        .collect();
    if instructors.len() != opts.instructors {
        return Err(format!(
            "expected {} demo instructors, found {}",
            opts.instructors,
            instructors.len()
        ));
    }
    // How well each teaches, and guests too: an offset on the 1–5 scale.
    let skill: Vec<f64> = instructors.iter().map(|_| rng.normal() * 0.35).collect();
    let guest_skill: Vec<f64> = GUESTS.iter().map(|_| rng.normal() * 0.35).collect();
    let departments: HashMap<i64, &str> = employees.iter().map(|(i, d)| (*i, d.as_str())).collect();

    let first_id: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM training_sessions")
            .fetch_one(db)
            .await
            .map_err(err)?;
    let per_session = opts.responses as f64 / opts.sessions as f64;
    let mut used_ids: HashSet<i64> = HashSet::new();
    let (mut total_responses, mut total_attended) = (0usize, 0usize);
    let chunk = 100;
    let mut cast = Cast::new(instructors.len(), opts.sessions);
    let mut s = 0usize;
    while s < opts.sessions {
        let end = (s + chunk).min(opts.sessions);
        let mut t = Rows::default();
        for k in s..end {
            let id = first_id + k as i64;
            let course = courses[rng.below(courses.len())];
            let starts = now - (1 + rng.below(730) as i64) * 86_400 - rng.below(8) as i64 * 3600;
            let ends = starts + 3 * 3600;
            let lead = cast.lead(k, rng);
            let main = cast.main;
            let mut teachers = vec![(
                Some(instructors[lead].0),
                instructors[lead].1.clone(),
                String::new(),
                skill[lead],
            )];
            if rng.below(10) == 0 && main > 1 {
                let other = (lead + 1 + rng.below(main - 1)) % main;
                teachers.push((
                    Some(instructors[other].0),
                    instructors[other].1.clone(),
                    String::new(),
                    skill[other],
                ));
            }
            if rng.below(20) == 0 {
                let g = rng.below(GUESTS.len());
                teachers.push((None, GUESTS[g].0.into(), GUESTS[g].1.into(), guest_skill[g]));
            }
            let quality = teachers.iter().map(|t| t.3).sum::<f64>() / teachers.len() as f64;
            // The total comes out exact: each session takes what its draw says, but no more
            // than there are employees or responses left, and no less than the later sessions
            // could not take (`check` made sure the total fits).
            let remaining = opts.responses - total_responses;
            let later = (opts.sessions - k - 1).saturating_mul(employees.len());
            let (least, most) = (
                remaining.saturating_sub(later),
                remaining.min(employees.len()),
            );
            let drawn = if k + 1 == opts.sessions {
                remaining
            } else {
                ((per_session * (0.5 + rng.below(1000) as f64 / 1000.0)).round() as usize).max(1)
            };
            let responses = drawn.clamp(least, most);
            let rate = 0.35 + rng.below(640) as f64 / 1000.0;
            let attendees = ((responses as f64 / rate).ceil() as usize)
                .clamp(responses.max(1), employees.len());
            total_responses += responses;
            total_attended += attendees;
            let month = crate::benchmarks::tallies::month_of(starts, tz);
            t.sessions.push(vec![
                Cell::Int(id),
                Cell::Int(course),
                Cell::Text(format!("Service excellence workshop {}", k + 1)),
                Cell::Int(starts),
                Cell::Int(ends),
                Cell::Text(tz.name().into()),
                Cell::Text("Training Center".into()),
                Cell::Int(attendees.max(30) as i64),
                Cell::Int(starts - 86_400),
                Cell::Text("DEMO42".into()),
                Cell::Int(attendees as i64),
                Cell::Int(attendees as i64),
                Cell::Int(ends),
                Cell::Int(starts - 30 * 86_400),
                Cell::Int(starts - 30 * 86_400),
                Cell::Text(month),
            ]);
            for (pos, (user, name, org, _)) in teachers.iter().enumerate() {
                t.instructors.push(vec![
                    Cell::Int(id),
                    Cell::Int(pos as i64),
                    user.map_or(Cell::NullInt, Cell::Int),
                    Cell::Text(name.clone()),
                    Cell::Text(org.clone()),
                ]);
            }
            let mut picked: HashSet<usize> = HashSet::new();
            let mut chosen: Vec<usize> = Vec::with_capacity(attendees);
            while chosen.len() < attendees {
                let e = rng.below(employees.len());
                if picked.insert(e) {
                    chosen.push(e);
                }
            }
            let mut tally: HashMap<(String, i64), i64> = HashMap::new();
            let mut by_dept: HashMap<(&str, String, i64), i64> = HashMap::new();
            let mut present: HashMap<&str, i64> = HashMap::new();
            for (n, e) in chosen.into_iter().enumerate() {
                let user = employees[e].0;
                *present
                    .entry(departments.get(&user).copied().unwrap_or(""))
                    .or_default() += 1;
                t.registrations.push(vec![
                    Cell::Int(id),
                    Cell::Int(user),
                    Cell::Text("attended".into()),
                    Cell::Int(n as i64 + 1),
                    Cell::Int(starts - 7 * 86_400),
                    Cell::Int(ends),
                ]);
                if n >= responses {
                    continue;
                }
                t.receipts.push(vec![Cell::Int(id), Cell::Int(user)]);
                let mut rid = (rng.next() >> 11) as i64;
                while !used_ids.insert(rid) {
                    rid = (rng.next() >> 11) as i64;
                }
                t.responses
                    .push(vec![Cell::Int(rid), Cell::Int(id), Cell::Int(form_id)]);
                let dept = departments.get(&user).copied().unwrap_or("");
                let person = rng.normal() * 0.45;
                let mut values: Vec<(String, i64)> = Vec::with_capacity(8);
                for (q, key) in keys.scales.iter().enumerate() {
                    let base = 4.0 + quality + person + rng.normal() * 0.55 - 0.05 * q as f64;
                    values.push((key.to_string(), base.round().clamp(1.0, 5.0) as i64));
                }
                let nps = (7.5 + 3.0 * (quality + person) + rng.normal() * 1.3)
                    .round()
                    .clamp(0.0, 10.0) as i64;
                values.push((keys.recommend.clone(), nps));
                values.push((String::new(), 0));
                for (key, v) in &values {
                    *tally.entry((key.clone(), *v)).or_default() += 1;
                    if !dept.is_empty() {
                        *by_dept.entry((dept, key.clone(), *v)).or_default() += 1;
                    }
                    if !key.is_empty() {
                        t.answers.push(vec![
                            Cell::Int(rid),
                            Cell::Int(id),
                            Cell::Text(key.clone()),
                            Cell::Int(*v),
                            Cell::NullText,
                        ]);
                    }
                }
                if rng.below(100) < 8 {
                    t.answers.push(vec![
                        Cell::Int(rid),
                        Cell::Int(id),
                        Cell::Text(keys.worked.clone()),
                        Cell::NullInt,
                        Cell::Text(WORKED[rng.below(WORKED.len())].into()),
                    ]);
                }
                if rng.below(100) < 5 {
                    t.answers.push(vec![
                        Cell::Int(rid),
                        Cell::Int(id),
                        Cell::Text(keys.improve.clone()),
                        Cell::NullInt,
                        Cell::Text(IMPROVE[rng.below(IMPROVE.len())].into()),
                    ]);
                }
            }
            for ((key, v), n) in tally {
                t.tallies.push(vec![
                    Cell::Int(id),
                    Cell::Text(key),
                    Cell::Int(v),
                    Cell::Int(n),
                ]);
            }
            for (d, n) in present.into_iter().filter(|(d, _)| !d.is_empty()) {
                t.attendance
                    .push(vec![Cell::Int(id), Cell::Text(d.into()), Cell::Int(n)]);
            }
            for ((d, key, v), n) in by_dept {
                t.departments.push(vec![
                    Cell::Text(d.into()),
                    Cell::Int(id),
                    Cell::Text(key),
                    Cell::Int(v),
                    Cell::Int(n),
                ]);
            }
        }
        t.write(db).await?;
        s = end;
    }
    let mut tx = db.begin().await.map_err(err)?;
    crate::benchmarks::store::rebuild_months(&mut tx)
        .await
        .map_err(err)?;
    tx.commit().await.map_err(err)?;
    if backend == Backend::Postgres {
        sqlx::query(
            "SELECT setval(pg_get_serial_sequence('training_sessions', 'id'), \
             (SELECT MAX(id) FROM training_sessions))",
        )
        .execute(db)
        .await
        .map_err(err)?;
    }
    Ok(format!(
        "Seeded {} instructors (I000001 signs in with the password), trainer T000001, {} sessions \
         held, {total_attended} attendances and {total_responses} feedback responses.",
        instructors.len(),
        opts.sessions
    ))
}

#[derive(Default)]
struct Rows {
    sessions: Vec<Vec<Cell>>,
    instructors: Vec<Vec<Cell>>,
    registrations: Vec<Vec<Cell>>,
    receipts: Vec<Vec<Cell>>,
    responses: Vec<Vec<Cell>>,
    answers: Vec<Vec<Cell>>,
    tallies: Vec<Vec<Cell>>,
    departments: Vec<Vec<Cell>>,
    attendance: Vec<Vec<Cell>>,
}

impl Rows {
    async fn write(&self, db: &Db) -> Result<(), String> {
        let mut tx = db.begin().await.map_err(err)?;
        let tables: [(&str, usize, &Vec<Vec<Cell>>); 9] = [
            (
                "INSERT INTO training_sessions (id, course_id, title, starts_at, ends_at, time_zone, \
              place, capacity, register_by, checkin_code, booked, attended, attendance_marked_at, \
              created_at, updated_at, month)",
                16,
                &self.sessions,
            ),
            (
                "INSERT INTO session_instructors (session_id, position, user_id, name, organisation)",
                5,
                &self.instructors,
            ),
            (
                "INSERT INTO registrations (session_id, user_id, state, ticket, created_at, updated_at)",
                6,
                &self.registrations,
            ),
            (
                "INSERT INTO feedback_receipts (session_id, user_id)",
                2,
                &self.receipts,
            ),
            (
                "INSERT INTO feedback_responses (id, session_id, form_id)",
                3,
                &self.responses,
            ),
            (
                "INSERT INTO feedback_answers (response_id, session_id, question_key, value, comment)",
                5,
                &self.answers,
            ),
            (
                "INSERT INTO feedback_tallies (session_id, question_key, value, n)",
                4,
                &self.tallies,
            ),
            (
                "INSERT INTO feedback_department_tallies (department, session_id, question_key, value, n)",
                5,
                &self.departments,
            ),
            (
                "INSERT INTO session_department_attendance (session_id, department, attended)",
                3,
                &self.attendance,
            ),
        ];
        for (head, width, rows) in tables {
            insert_many(&mut tx, head, "", width, rows)
                .await
                .map_err(err)?;
        }
        tx.commit().await.map_err(err)
    }
}
