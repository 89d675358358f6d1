//! Demo data at city scale: `academy demo seed` fills a database with employees, enrolments,
//! lesson progress, check attempts and certificates, for trying the academy and benchmarking it.

mod cast;
mod city;
pub mod feedback;
mod learning;

use crate::config::Config;
use crate::db::{Cell, Db};
use std::path::PathBuf;
use std::time::Instant;

pub struct SeedOptions {
    pub employees: usize,
    pub courses: usize,
    /// Average enrolments per employee.
    pub enrolments: usize,
    /// Write this many generated courses here and use them instead of the configured library.
    pub generate_courses: Option<PathBuf>,
    /// The password of the first demo employee, `D000001` (the others have none).
    pub password: String,
    pub seed: u64,
    /// Instructors, sessions held and feedback responses; no sessions when `sessions` is 0.
    pub feedback: feedback::FeedbackOptions,
}

/// A small deterministic generator (xorshift64*), so the same seed gives the same city.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    /// A standard normal draw (Box–Muller).
    fn normal(&mut self) -> f64 {
        let u = ((self.next() >> 11) as f64 + 1.0) / (1u64 << 53) as f64;
        let v = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}

/// Inserts `rows` (each `width` values) with multi-row INSERTs inside one transaction.
async fn insert_rows(db: &Db, head: &str, width: usize, rows: &[Vec<Cell>]) -> Result<(), String> {
    let mut tx = db.begin().await.map_err(|e| e.to_string())?;
    crate::db::insert_many(&mut tx, head, "", width, rows)
        .await
        .map_err(|e| e.to_string())?;
    tx.commit().await.map_err(|e| e.to_string())
}

/// The domain of every demo account's email address. Names under `.test` are reserved (RFC
/// 2606), so no real person has one, and the seed refuses a database that already holds an
/// address here: the accounts at this domain are exactly the ones the seed created, and the
/// seed gives sessions, attendance and feedback to those and nobody else.
pub const DOMAIN: &str = "demo.city.test";

/// `LIKE` pattern of the demo accounts' addresses.
fn at_domain() -> String {
    format!("%@{DOMAIN}")
}

/// The demo accounts of a role, in employee-id order: (id, name, department name).
async fn demo_accounts(db: &Db, role: &str) -> Result<Vec<(i64, String, String)>, String> {
    sqlx::query_as(
        "SELECT u.id, u.name, COALESCE(d.name, '') FROM users u \
         LEFT JOIN departments d ON d.code = u.department_code \
         WHERE u.email LIKE $1 AND u.role = $2 ORDER BY u.employee_id",
    )
    .bind(at_domain())
    .bind(role)
    .fetch_all(db)
    .await
    .map_err(|e| e.to_string())
}

/// Checks the numbers before anything is written; a problem is one sentence naming the option.
pub fn check(opts: &SeedOptions) -> Result<(), String> {
    if opts.employees == 0 {
        return Err("--employees must be at least 1 (D000001 is the demo learner)".into());
    }
    if opts.courses == 0 {
        return Err("--courses must be at least 1".into());
    }
    let f = &opts.feedback;
    if f.sessions == 0 {
        return Ok(());
    }
    if f.instructors == 0 {
        return Err("--instructors must be at least 1 to teach the --sessions".into());
    }
    if f.instructors > f.sessions {
        return Err(format!(
            "--instructors {} is more than --sessions {}: every demo instructor teaches at \
             least one session",
            f.instructors, f.sessions
        ));
    }
    let most = f.sessions.saturating_mul(opts.employees);
    if f.responses > most {
        return Err(format!(
            "--responses {} is more than {} sessions with {} employees can give ({most}): \
             each attendee answers once per session",
            f.responses, f.sessions, opts.employees
        ));
    }
    Ok(())
}

/// The employee ids the seed will create, as (prefix, how many): D…, and with sessions I… and
/// the trainer T000001.
fn demo_ids(opts: &SeedOptions) -> Vec<(char, usize)> {
    let mut ids = vec![('D', opts.employees)];
    if opts.feedback.sessions > 0 {
        ids.push(('I', opts.feedback.instructors));
        ids.push(('T', 1));
    }
    ids
}

/// Refuses a database that has demo data already, or where someone real holds an employee id
/// the seed would create.
async fn check_free(db: &Db, opts: &SeedOptions) -> Result<(), String> {
    let demo: Option<String> =
        sqlx::query_scalar("SELECT employee_id FROM users WHERE email LIKE $1 LIMIT 1")
            .bind(at_domain())
            .fetch_optional(db)
            .await
            .map_err(|e| e.to_string())?;
    if let Some(id) = demo {
        return Err(format!(
            "this database already has demo data (employee {id}); seed a fresh DATABASE_URL"
        ));
    }
    let ids = demo_ids(opts);
    let taken: Vec<String> = sqlx::query_scalar(
        "SELECT employee_id FROM users WHERE UPPER(employee_id) LIKE 'D%' \
         OR UPPER(employee_id) LIKE 'I%' OR UPPER(employee_id) LIKE 'T%' ORDER BY employee_id",
    )
    .fetch_all(db)
    .await
    .map_err(|e| e.to_string())?;
    let clash = taken.iter().find(|id| {
        let id = id.to_uppercase();
        let mut chars = id.chars();
        let (Some(prefix), digits) = (chars.next(), chars.as_str()) else {
            return false;
        };
        digits.len() == 6
            && ids.iter().any(|(p, count)| {
                *p == prefix
                    && digits
                        .parse::<usize>()
                        .is_ok_and(|n| (1..=*count).contains(&n))
            })
    });
    if let Some(id) = clash {
        let needed: Vec<String> = ids
            .iter()
            .map(|(p, count)| match count {
                1 => format!("{p}000001"),
                n => format!("{p}000001–{p}{n:06}"),
            })
            .collect();
        return Err(format!(
            "employee id {id} belongs to a real account, and the demo accounts need {} free; \
             seed a fresh DATABASE_URL",
            needed.join(", ")
        ));
    }
    Ok(())
}

pub async fn seed(config: &Config, opts: SeedOptions) -> Result<String, String> {
    let started = Instant::now();
    check(&opts)?;
    let (db, backend) = crate::db::open(config, crate::db::COMMAND_CONNECTIONS).await?;
    check_free(&db, &opts).await?;
    let dir = match &opts.generate_courses {
        Some(dir) => {
            if dir.exists() {
                return Err(format!(
                    "{} already exists; give a new folder for the generated courses",
                    dir.display()
                ));
            }
            crate::courses::content::sample::generate_sample(dir, opts.courses, 6)
                .map_err(|e| format!("cannot write the generated courses: {e}"))?;
            dir.clone()
        }
        None => config.courses_dir.clone(),
    };
    let library = crate::courses::Library::load(&dir)?;
    library
        .sync(&db)
        .await
        .map_err(|e| format!("cannot store the course library: {e}"))?;

    let courses: Vec<(i64, i64)> =
        sqlx::query_as("SELECT id, version FROM courses WHERE retired = 0 ORDER BY id")
            .fetch_all(&db)
            .await
            .map_err(|e| e.to_string())?;
    let courses: Vec<(i64, i64)> = courses.into_iter().take(opts.courses).collect();
    if courses.is_empty() {
        return Err("the course library has no courses".into());
    }
    let mut lessons: Vec<Vec<i64>> = Vec::new();
    for (id, _) in &courses {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM lessons WHERE course_id = $1 AND retired = 0 ORDER BY position",
        )
        .bind(id)
        .fetch_all(&db)
        .await
        .map_err(|e| e.to_string())?;
        lessons.push(ids);
    }

    let now = crate::db::now();
    let mut rng = Rng(opts.seed.max(1));
    let hash = crate::accounts::password::hash(opts.password.clone())
        .await
        .map_err(|e| e.to_string())?;
    city::seed_departments(&db).await?;
    city::seed_employees(&db, opts.employees, &mut rng, &hash, now).await?;
    let accounts = demo_accounts(&db, "employee").await?;
    let ids: Vec<(i64, String)> = accounts.iter().map(|(id, n, _)| (*id, n.clone())).collect();

    let per = opts.enrolments.min(courses.len());
    let learned = learning::seed(&db, &mut rng, &ids, &courses, &lessons, per, now).await?;
    let employees: Vec<(i64, String)> = accounts.into_iter().map(|(id, _, d)| (id, d)).collect();
    let course_ids: Vec<i64> = courses.iter().map(|(id, _)| *id).collect();
    let sessions = feedback::seed(
        &db,
        backend,
        &opts.feedback,
        &mut rng,
        &course_ids,
        &employees,
        &hash,
        config.time_zone,
    )
    .await?;
    if backend == crate::db::Backend::Sqlite {
        sqlx::query("ANALYZE")
            .execute(&db)
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(format!(
        "Seeded {} employees, {} courses, {} enrolments, {} lessons done, \
         {} check attempts and {} certificates. {sessions}\n\
         Took {:.1} s. Sign in as D000001 with the password you gave{}.",
        ids.len(),
        courses.len(),
        learned.enrolments,
        learned.progress,
        learned.attempts,
        learned.certificates,
        started.elapsed().as_secs_f64(),
        match &opts.generate_courses {
            Some(dir) => format!(
                "; serve with ACADEMY_COURSES_DIR={} so the generated courses are found",
                dir.display()
            ),
            None => String::new(),
        }
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(
        employees: usize,
        sessions: usize,
        instructors: usize,
        responses: usize,
    ) -> SeedOptions {
        SeedOptions {
            employees,
            courses: 1,
            enrolments: 1,
            generate_courses: None,
            password: String::new(),
            seed: 1,
            feedback: feedback::FeedbackOptions {
                sessions,
                instructors,
                responses,
            },
        }
    }

    #[test]
    fn small_numbers_that_fit_together_are_fine() {
        for (e, s, i, r) in [
            (5, 3, 2, 5),
            (1, 0, 0, 0),
            (1, 1, 1, 0),
            (1, 1, 1, 1),
            (400, 160, 14, 8000),
            (5, 3, 3, 15),
        ] {
            assert_eq!(check(&options(e, s, i, r)), Ok(()), "{e} {s} {i} {r}");
        }
    }

    #[test]
    fn numbers_that_cannot_work_are_one_sentence_naming_the_option() {
        for (opts, says) in [
            (options(0, 0, 0, 0), "--employees must be at least 1"),
            (options(5, 3, 0, 5), "--instructors must be at least 1"),
            (
                options(5, 3, 5, 5),
                "--instructors 5 is more than --sessions 3",
            ),
            (
                options(5, 3, 2, 16),
                "--responses 16 is more than 3 sessions with 5 employees can give (15)",
            ),
        ] {
            let e = check(&opts).unwrap_err();
            assert!(e.starts_with(says), "{e}");
            assert!(!e.contains('\n'), "{e}");
        }
        let mut none = options(5, 0, 0, 0);
        none.courses = 0;
        assert!(
            check(&none)
                .unwrap_err()
                .starts_with("--courses must be at least 1")
        );
    }
}
