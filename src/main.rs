//! The `academy` command: serve the academy, check the course library, manage users.
//! Every failure is one line on stderr and a non-zero exit, never a panic.

use academy::config::Config;
use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "academy",
    version,
    about = "Service Academy: customer-service training for city employees"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Start the web server (the default): migrates the database, loads courses/, and on an
    /// empty database creates the first administrator and prints its one-time password.
    Serve,
    /// Check the Markdown course library and print every problem as `path:line: message`.
    Courses {
        #[command(subcommand)]
        command: CoursesCommand,
    },
    /// Measure how fast parts of the academy are (results go in BENCHMARKS.md).
    Bench {
        #[command(subcommand)]
        command: BenchCommand,
    },
    /// Demo data for trying the academy at city scale and benchmarking it.
    Demo {
        #[command(subcommand)]
        command: DemoCommand,
    },
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Departments (the codes the HR roster uses).
    Department {
        #[command(subcommand)]
        command: DepartmentCommand,
    },
    /// Keep people in step with the city's HR export.
    Roster {
        #[command(subcommand)]
        command: RosterCommand,
    },
}

#[derive(Subcommand)]
enum DepartmentCommand {
    /// Create a department, or rename it (keyed on its code).
    Add {
        code: String,
        name: String,
        /// The code of the department this one is a division of.
        #[arg(long)]
        parent: Option<String>,
    },
    /// List departments: code and name.
    List,
    /// Make someone a customer service officer of a department (`--remove` to end it). An
    /// officer sees the department's reports and assigns its people to courses.
    Officer {
        code: String,
        employee_id: String,
        #[arg(long)]
        remove: bool,
    },
}

#[derive(Subcommand)]
enum RosterCommand {
    /// Import the HR export (CSV with employee_id, name, email, department, job_title,
    /// manager_id, active). Keyed on employee id: new people are created without a password,
    /// changes are applied; every bad row is reported with its line.
    Import {
        file: std::path::PathBuf,
        /// Show what would change; change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Change nothing if any row has a problem.
        #[arg(long)]
        strict: bool,
        /// The file is the whole roster: deactivate active people missing from it.
        #[arg(long)]
        full: bool,
    },
    /// Print a CSV of one-time set-password links (employee_id, name, email, link, expires)
    /// for every active person without a password, for HR to send. Older unused links of the
    /// same people stop working.
    Invitations {
        /// Only this department (and those under it).
        #[arg(long)]
        department: Option<String>,
        /// How many days the links work.
        #[arg(long, default_value_t = 14)]
        days: i64,
    },
}

#[derive(Subcommand)]
enum CoursesCommand {
    /// Validate every course, lesson, knowledge check, case study and glossary term; exits
    /// non-zero when there is any problem.
    Check {
        /// The library folder (default: ACADEMY_COURSES_DIR, or `courses`).
        dir: Option<std::path::PathBuf>,
    },
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Generate a course library and time loading, checking and rendering it.
    Courses {
        #[arg(long, default_value_t = 200)]
        courses: usize,
        #[arg(long, default_value_t = 6)]
        lessons: usize,
        #[arg(long, default_value_t = 10)]
        runs: usize,
    },
}

#[derive(Subcommand)]
enum DemoCommand {
    /// Fill the database (DATABASE_URL) with employees D000001…, enrolments, progress, check
    /// attempts and certificates. Refuses a database that already has demo data.
    Seed {
        #[arg(long, default_value_t = 24_000)]
        employees: usize,
        /// How many courses to use (the first ones of the library).
        #[arg(long, default_value_t = 40)]
        courses: usize,
        /// Enrolments per employee.
        #[arg(long, default_value_t = 21)]
        enrolments: usize,
        /// Generate this many sample courses into a new folder and use them (serve with
        /// ACADEMY_COURSES_DIR set to it).
        #[arg(long)]
        generate_courses: Option<std::path::PathBuf>,
        /// Password of D000001, the one demo employee who can sign in.
        #[arg(long, default_value = "demo learner passphrase")]
        password: String,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// Sessions held over the past two years, with attendance and feedback (0: none).
        #[arg(long, default_value_t = 0)]
        sessions: usize,
        /// Instructors teaching them (I000001…; I000001 signs in with the password).
        #[arg(long, default_value_t = 150)]
        instructors: usize,
        /// Feedback responses spread over the sessions.
        #[arg(long, default_value_t = 1_000_000)]
        responses: usize,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account and print its one-time password.
    Create {
        #[arg(long, default_value = "employee", value_parser = ["employee", "instructor", "trainer", "admin"])]
        role: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        #[arg(long = "employee-id")]
        employee_id: String,
        #[arg(long, default_value = "")]
        department: String,
        /// Read the password from standard input instead of generating a one-time password
        /// (for scripted provisioning; no change is then required at first sign-in).
        #[arg(long)]
        password_stdin: bool,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve().await,
        Command::Courses {
            command: CoursesCommand::Check { dir },
        } => check_courses(dir),
        Command::Bench {
            command:
                BenchCommand::Courses {
                    courses,
                    lessons,
                    runs,
                },
        } => bench_courses(courses, lessons, runs),
        Command::Demo {
            command:
                DemoCommand::Seed {
                    employees,
                    courses,
                    enrolments,
                    generate_courses,
                    password,
                    seed,
                    sessions,
                    instructors,
                    responses,
                },
        } => match Config::from_env() {
            Ok(config) => academy::demo::seed(
                &config,
                academy::demo::SeedOptions {
                    employees,
                    courses,
                    enrolments,
                    generate_courses,
                    password,
                    seed,
                    feedback: academy::demo::feedback::FeedbackOptions {
                        sessions,
                        instructors,
                        responses,
                    },
                },
            )
            .await
            .map(|summary| println!("{summary}")),
            Err(e) => Err(e),
        },
        Command::User {
            command:
                UserCommand::Create {
                    role,
                    email,
                    name,
                    employee_id,
                    department,
                    password_stdin,
                },
        } => {
            let new = NewAccount {
                role,
                email,
                name,
                employee_id,
                department,
            };
            create_user(new, password_stdin).await
        }
        Command::Department { command } => department(command).await,
        Command::Roster {
            command:
                RosterCommand::Import {
                    file,
                    dry_run,
                    strict,
                    full,
                },
        } => roster_import(file, dry_run, strict, full).await,
        Command::Roster {
            command: RosterCommand::Invitations { department, days },
        } => invitations(department, days).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("academy: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn serve() -> Result<(), String> {
    let config = Config::from_env()?;
    let state = academy::server::prepare(config).await?;
    if let Some(first_sign_in) = academy::server::bootstrap_first_admin(&state).await? {
        println!("{first_sign_in}");
    }
    academy::server::serve(state).await
}

fn check_courses(dir: Option<std::path::PathBuf>) -> Result<(), String> {
    let dir = match dir {
        Some(d) => d,
        None => Config::from_env()?.courses_dir,
    };
    if !dir.is_dir() {
        return Err(format!("{} is not a folder", dir.display()));
    }
    match academy::courses::library::check(&dir) {
        Ok(lib) => {
            let lessons: usize = lib.courses.iter().map(|c| c.lessons.len()).sum();
            println!(
                "{}: OK — {} courses, {lessons} lessons, {} case studies, {} glossary terms",
                dir.display(),
                lib.courses.len(),
                lib.case_studies.len(),
                lib.glossary.len()
            );
            Ok(())
        }
        Err(problems) => {
            for p in &problems {
                println!("{p}");
            }
            Err(format!(
                "{} problem(s) in {}",
                problems.len(),
                dir.display()
            ))
        }
    }
}

fn bench_courses(courses: usize, lessons: usize, runs: usize) -> Result<(), String> {
    use academy::courses::content::{library, sample};
    let dir = std::env::temp_dir().join(format!("academy-bench-{}", std::process::id()));
    let root = dir.join("courses");
    std::fs::create_dir_all(&root).map_err(|e| e.to_string())?;
    sample::generate_sample(&root, courses, lessons).map_err(|e| e.to_string())?;
    let mut times = Vec::with_capacity(runs.max(1));
    for _ in 0..runs.max(1) {
        let start = std::time::Instant::now();
        let lib =
            library::load(&root).map_err(|p| format!("{} problems, first: {}", p.len(), p[0]))?;
        times.push(start.elapsed());
        assert_eq!(lib.courses.len(), courses);
    }
    let _ = std::fs::remove_dir_all(&dir);
    times.sort();
    println!(
        "load + check + render {courses} courses x {lessons} lessons: min {:.1} ms, median {:.1} ms, max {:.1} ms ({} runs)",
        times[0].as_secs_f64() * 1e3,
        times[times.len() / 2].as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3,
        times.len()
    );
    Ok(())
}

struct NewAccount {
    role: String,
    email: String,
    name: String,
    employee_id: String,
    department: String,
}

async fn create_user(a: NewAccount, password_stdin: bool) -> Result<(), String> {
    use academy::accounts::{password, store, validation};
    let config = Config::from_env()?;
    let new = validation::new_user(&a.employee_id, &a.name, &a.email, &a.department, &a.role)
        .map_err(|e| e.to_string())?;
    let chosen = if password_stdin {
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .map_err(|e| format!("cannot read the password: {e}"))?;
        let line = line.trim_end_matches(['\r', '\n']).to_string();
        validation::new_password(&line, &line, &[&new.email, &new.employee_id])
            .map_err(|e| e.to_string())?;
        Some(line)
    } else {
        None
    };
    let (db, _) = academy::db::connect(&config.database_url, 2).await?;
    let secret = chosen.clone().unwrap_or_else(password::one_time);
    let hash = password::hash(secret.clone())
        .await
        .map_err(|e| e.to_string())?;
    let user = store::insert_user(&db, &new, Some(&hash), chosen.is_none())
        .await
        .map_err(|e| e.to_string())?;
    let hours = config.one_time_password_ttl.as_secs() / 3600;
    if chosen.is_none() {
        let expires = academy::db::now() + (hours * 3600) as i64;
        store::set_password_expiry(&db, user.id, expires)
            .await
            .map_err(|e| e.to_string())?;
    }
    print!(
        "Created {} ({}, {}).",
        user.name,
        user.role.label(),
        user.email
    );
    match chosen {
        Some(_) => println!(" They sign in with the password given."),
        None => println!(
            " One-time password: {secret}\n(It works for {hours} hours; they choose their own at first sign-in.)"
        ),
    }
    Ok(())
}

async fn open_db() -> Result<academy::db::Db, String> {
    let config = Config::from_env()?;
    Ok(academy::db::connect(&config.database_url, 2).await?.0)
}

async fn department(command: DepartmentCommand) -> Result<(), String> {
    let db = open_db().await?;
    match command {
        DepartmentCommand::Add { code, name, parent } => {
            let code = code.trim().to_uppercase();
            let name = name.trim().to_string();
            let parent = parent.map(|p| p.trim().to_uppercase());
            academy::departments::store::save_department(&db, &code, &name, parent.as_deref())
                .await
                .map_err(|e| e.to_string())?;
            println!("Department {code} is {name}.");
        }
        DepartmentCommand::List => {
            for (code, name) in academy::departments::store::codes_and_names(&db)
                .await
                .map_err(|e| e.to_string())?
            {
                println!("{code}\t{name}");
            }
        }
        DepartmentCommand::Officer {
            code,
            employee_id,
            remove,
        } => {
            let code = code.trim().to_uppercase();
            let employee_id = employee_id.trim();
            if remove {
                let ended = academy::departments::store::remove_officer(&db, &code, employee_id)
                    .await
                    .map_err(|e| e.to_string())?;
                if !ended {
                    return Err(format!("{employee_id} is not an officer of {code}"));
                }
                println!("{employee_id} is no longer an officer of {code}.");
            } else {
                academy::departments::store::add_officer(&db, &code, employee_id, None)
                    .await
                    .map_err(|e| e.to_string())?;
                println!("{employee_id} is an officer of {code}.");
            }
        }
    }
    Ok(())
}

async fn roster_import(
    file: std::path::PathBuf,
    dry_run: bool,
    strict: bool,
    full: bool,
) -> Result<(), String> {
    use academy::departments::import;
    let size = std::fs::metadata(&file)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?
        .len();
    if size > import::MAX_BYTES as u64 {
        return Err(format!(
            "{} is {} MB; a roster may be at most {} MB",
            file.display(),
            size / 1_048_576,
            import::MAX_BYTES / 1_048_576
        ));
    }
    let bytes = std::fs::read(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let config = Config::from_env()?;
    let db = academy::db::connect(&config.database_url, 2).await?.0;
    let started = std::time::Instant::now();
    let opts = import::Options {
        dry_run,
        strict,
        full,
        file_name: file.display().to_string(),
        by: "command line".into(),
        today: academy::calendar::today(config.time_zone),
    };
    let report = import::run(&db, &bytes, &opts)
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

async fn invitations(department: Option<String>, days: i64) -> Result<(), String> {
    use academy::accounts::links;
    if !(1..=90).contains(&days) {
        return Err("--days: give 1 to 90".into());
    }
    let config = Config::from_env()?;
    let db = academy::db::connect(&config.database_url, 2).await?.0;
    let department = department.map(|d| d.trim().to_uppercase());
    let base = config.public_base();
    let invited = links::invite(
        &db,
        &links::Invitation {
            department: department.as_deref(),
            by: None,
            days,
            base: &base,
            today: academy::calendar::today(config.time_zone),
        },
    )
    .await
    .map_err(|e| e.to_string())?;
    print!("{}", invited.csv);
    eprintln!("{} links, valid until {}.", invited.issued, invited.expires);
    Ok(())
}
