//! The `academy` command: serve the academy, check the course library, manage users. Its clap
//! definitions and the dispatch to `academy::cli`, one file per subcommand there. Every failure
//! is one line on stderr and a non-zero exit, never a panic.

use academy::cli;
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
    /// Serve a bare Leptos page (one component, no database, none of the academy's middleware),
    /// the yardstick `scripts/bench-pages` measures the academy's pages against.
    BarePage {
        #[arg(long, default_value = "127.0.0.1:3999")]
        addr: std::net::SocketAddr,
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
        Command::Serve => cli::serve::run().await,
        Command::Courses {
            command: CoursesCommand::Check { dir },
        } => cli::courses::check(dir),
        Command::Bench {
            command:
                BenchCommand::Courses {
                    courses,
                    lessons,
                    runs,
                },
        } => cli::bench::courses(courses, lessons, runs),
        Command::Bench {
            command: BenchCommand::BarePage { addr },
        } => cli::bare_page::serve(addr).await,
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
        } => {
            cli::demo::seed(academy::demo::SeedOptions {
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
            })
            .await
        }
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
            let new = cli::user::NewAccount {
                role,
                email,
                name,
                employee_id,
                department,
            };
            cli::user::create(new, password_stdin).await
        }
        Command::Department {
            command: DepartmentCommand::Add { code, name, parent },
        } => cli::department::add(code, name, parent).await,
        Command::Department {
            command: DepartmentCommand::List,
        } => cli::department::list().await,
        Command::Department {
            command:
                DepartmentCommand::Officer {
                    code,
                    employee_id,
                    remove,
                },
        } => cli::department::officer(code, employee_id, remove).await,
        Command::Roster {
            command:
                RosterCommand::Import {
                    file,
                    dry_run,
                    strict,
                    full,
                },
        } => cli::roster::import(file, dry_run, strict, full).await,
        Command::Roster {
            command: RosterCommand::Invitations { department, days },
        } => cli::roster::invitations(department, days).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("academy: {message}");
            ExitCode::FAILURE
        }
    }
}
