//! Demo data at city scale: `academy demo seed` fills a database with employees, enrolments,
//! lesson progress, check attempts and certificates, for trying the academy and benchmarking it.

pub mod feedback;

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

const DEPARTMENTS: [&str; 24] = [
    "311 Call Center",
    "Aviation",
    "Buildings",
    "City Clerk",
    "Community Development",
    "Consumer Protection",
    "Cultural Affairs",
    "Emergency Management",
    "Family Services",
    "Finance",
    "Fire",
    "Health",
    "Housing",
    "Human Resources",
    "Innovation and Technology",
    "Law",
    "Libraries",
    "Parks and Recreation",
    "Planning",
    "Police",
    "Public Works",
    "Revenue",
    "Streets and Sanitation",
    "Transportation",
];
const FIRST: [&str; 16] = [
    "Alex", "Bea", "Carlos", "Dana", "Eli", "Fatima", "Grace", "Hiro", "Imani", "Jonah", "Kai",
    "Lena", "Marco", "Nia", "Omar", "Priya",
];
const LAST: [&str; 16] = [
    "Adams", "Brooks", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Hughes", "Ibrahim", "Jensen",
    "Kim", "Lopez", "Murphy", "Nguyen", "Okafor", "Patel",
];

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
}

/// Inserts `rows` (each `width` values) with multi-row INSERTs inside one transaction.
async fn insert_rows(db: &Db, head: &str, width: usize, rows: &[Vec<Cell>]) -> Result<(), String> {
    let mut tx = db.begin().await.map_err(|e| e.to_string())?;
    crate::db::insert_many(&mut tx, head, "", width, rows)
        .await
        .map_err(|e| e.to_string())?;
    tx.commit().await.map_err(|e| e.to_string())
}

use Cell::{Int, NullInt, NullText, Text};

/// A department's code from its name: "311 Call Center" → "311-CALL-CENTER".
pub fn department_code(name: &str) -> String {
    let code: String = name
        .to_uppercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    code.split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-")
        .chars()
        .take(32)
        .collect()
}

pub async fn seed(config: &Config, opts: SeedOptions) -> Result<String, String> {
    let started = Instant::now();
    let (db, backend) = crate::db::connect(&config.database_url, 2).await?;
    let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE employee_id = 'D000001'")
        .fetch_one(&db)
        .await
        .map_err(|e| e.to_string())?;
    if taken > 0 {
        return Err(
            "this database already has demo data (employee D000001); seed a fresh DATABASE_URL"
                .into(),
        );
    }
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
    // Departments with codes, as the HR roster has them.
    for dept in DEPARTMENTS {
        crate::departments::store::save_department(&db, &department_code(dept), dept, None)
            .await
            .map_err(|e| e.to_string())?;
    }
    let mut users = Vec::with_capacity(opts.employees);
    for i in 1..=opts.employees {
        let name = format!("{} {}", FIRST[rng.below(16)], LAST[rng.below(16)]);
        let dept = DEPARTMENTS[rng.below(DEPARTMENTS.len())];
        users.push(vec![
            Text(format!("D{i:06}")),
            Text(name),
            Text(format!("d{i:06}@demo.city.test")),
            Text(dept.into()),
            Text(department_code(dept)),
            Text("employee".into()),
            Int(1),
            if i == 1 { Text(hash.clone()) } else { NullText },
            Int(0),
            Int(now),
            Int(now),
        ]);
    }
    insert_rows(
        &db,
        "INSERT INTO users (employee_id, name, email, department, department_code, role, active, \
         password_hash, must_change_password, created_at, updated_at)",
        11,
        &users,
    )
    .await?;
    let ids: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, name FROM users WHERE employee_id LIKE 'D%' ORDER BY employee_id",
    )
    .fetch_all(&db)
    .await
    .map_err(|e| e.to_string())?;

    let (mut enrolments, mut progress, mut attempts, mut certificates) =
        (0usize, 0usize, 0usize, 0usize);
    let per = opts.enrolments.min(courses.len());
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
            &db,
            "INSERT INTO enrollments (user_id, course_id, active, enrolled_at, enrolled_by, \
             due_on, completed_at, completed_version, updated_at)",
            9,
            &e_rows,
        )
        .await?;
        insert_rows(
            &db,
            "INSERT INTO lesson_progress (user_id, lesson_id, course_id, opened_at, done_at)",
            5,
            &p_rows,
        )
        .await?;
        insert_rows(
            &db,
            "INSERT INTO check_attempts (user_id, course_id, course_version, token, correct, \
             total, percent, passed, answers, submitted_at)",
            10,
            &a_rows,
        )
        .await?;
        insert_rows(
            &db,
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
    .execute(&db)
    .await
    .map_err(|e| e.to_string())?;
    let employees: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, department FROM users WHERE employee_id LIKE 'D%' ORDER BY employee_id",
    )
    .fetch_all(&db)
    .await
    .map_err(|e| e.to_string())?;
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
        "Seeded {} employees, {} courses, {enrolments} enrolments, {progress} lessons done, \
         {attempts} check attempts and {certificates} certificates. {sessions}\n\
         Took {:.1} s. Sign in as D000001 with the password you gave{}.",
        ids.len(),
        courses.len(),
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
