//! The test harness: starts the real academy on an ephemeral 127.0.0.1 port against a fresh
//! database (SQLite by default, PostgreSQL when ACADEMY_TEST_POSTGRES names a server), and a
//! small browser-like client that keeps cookies and posts forms as a browser does.
#![allow(dead_code)]

pub mod load;
pub mod sessions;
pub mod totals;

use academy::accounts::{Role, User, password, store, validation};
use academy::config::Config;
use academy::server::state::AppState;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Mutex;

pub const PASSWORD: &str = "a long test passphrase";

/// One multi-threaded runtime runs every test's server, as production runs one runtime for all
/// requests; the tests themselves (the clients) run on their own runtimes.
static SERVER_RUNTIME: std::sync::LazyLock<tokio::runtime::Runtime> =
    std::sync::LazyLock::new(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("server runtime")
    });

/// Runs server-side work (the app, its database pool) on the server runtime.
pub async fn on_server<T: Send + 'static>(
    fut: impl std::future::Future<Output = T> + Send + 'static,
) -> T {
    SERVER_RUNTIME.spawn(fut).await.expect("server task")
}

/// With ACADEMY_TEST_TRACE=FILE, appends a line per harness step (to find a hang).
pub fn trace(what: &str) {
    if let Some(path) = std::env::var_os("ACADEMY_TEST_TRACE") {
        use std::io::Write;
        let thread = std::thread::current();
        let line = format!(
            "{:?} {} {what}\n",
            std::time::SystemTime::now(),
            thread.name().unwrap_or("?")
        );
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
        {
            let _ = f.write_all(line.as_bytes());
        }
    }
}

/// Fails the test, naming the step, instead of hanging when a step takes over 30 seconds.
pub async fn within<T>(step: &str, fut: impl std::future::Future<Output = T>) -> T {
    trace(&format!("start {step}"));
    match tokio::time::timeout(std::time::Duration::from_secs(30), fut).await {
        Ok(v) => {
            trace(&format!("end {step}"));
            v
        }
        Err(_) => panic!("{step} took over 30 seconds"),
    }
}

pub struct TestApp {
    pub base: String,
    pub state: AppState,
    _dir: tempfile::TempDir,
}

/// Creates an empty database for one test and returns its URL.
async fn fresh_database(dir: &std::path::Path) -> String {
    match std::env::var("ACADEMY_TEST_POSTGRES") {
        Ok(server) if !server.is_empty() => fresh_postgres(&server).await,
        _ => format!("sqlite://{}/academy.db", dir.display()),
    }
}

/// Creates an empty PostgreSQL database on `server` (a URL without a database) and returns its
/// URL.
pub async fn fresh_postgres(server: &str) -> String {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let token = academy::secrets::token()
        .to_lowercase()
        .replace(['-', '_'], "");
    let name = format!("t_{}", &token[..16]);
    let mut conn = sqlx::AnyConnection::connect(&format!("{server}/postgres"))
        .await
        .expect("PostgreSQL test server reachable");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .expect("create test database");
    format!("{server}/{name}")
}

impl TestApp {
    pub async fn start() -> TestApp {
        Self::start_with(|_| {}).await
    }

    pub async fn start_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
        if std::env::var_os("ACADEMY_TEST_LOG").is_some() {
            let _ = tracing_subscriber::fmt()
                .with_env_filter("debug,sqlx=info,hyper=info,h2=info,tower=info,leptos=info,tachys=info,reactive_graph=info,html5ever=info,ammonia=info")
                .with_test_writer()
                .try_init();
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().to_path_buf();
        let database_url = within(
            "creating the test database",
            on_server(async move { fresh_database(&path).await }),
        )
        .await;
        let mut config = Config {
            database_url,
            db_max_connections: 4,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            courses_dir: std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/courses")),
            site_root: dir.path().join("site").display().to_string(),
            ..Config::default()
        };
        adjust(&mut config);
        let listener = std::net::TcpListener::bind(config.addr).expect("bind 127.0.0.1:0");
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        config.addr = addr;
        trace("database created");
        let state = within(
            "starting the academy",
            on_server(academy::server::router::prepare(config)),
        )
        .await
        .expect("the academy starts");
        let app = academy::server::router::router(state.clone());
        SERVER_RUNTIME.spawn(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
            .unwrap();
        });
        trace(&format!("serving at {addr}"));
        TestApp {
            base: format!("http://{addr}"),
            state,
            _dir: dir,
        }
    }

    /// Creates an active account with `PASSWORD` (no password change pending), in no department
    /// (`set_department` puts them in one; a crowd is in Revenue).
    pub async fn user(&self, role: Role, employee_id: &str) -> User {
        let email = format!("{}@city.test", employee_id.to_lowercase());
        let name = format!("{} {}", role.label(), employee_id);
        let new = validation::new_user(employee_id, &name, &email, "", role.as_str()).unwrap();
        let db = self.state.db.clone();
        within(
            "storing an account",
            on_server(async move {
                let hash = password::hash(PASSWORD.to_string()).await.unwrap();
                store::insert_user(&db, &new, Some(&hash), false)
                    .await
                    .unwrap()
            }),
        )
        .await
    }

    pub fn browser(&self) -> Browser {
        Browser::new(&self.base)
    }

    /// A browser already signed in as a new account of `role`.
    pub async fn signed_in(&self, role: Role, employee_id: &str) -> (Browser, User) {
        let user = self.user(role, employee_id).await;
        let b = self.browser();
        let res = b.sign_in(&user.email, PASSWORD).await;
        assert_eq!(
            res.status, 302,
            "sign-in of {employee_id} should redirect: {}",
            res.body
        );
        (b, user)
    }

    /// One integer from the database: `sql` with `$1` bound to `arg`.
    pub async fn number(&self, sql: &'static str, arg: i64) -> i64 {
        let db = self.state.db.clone();
        within(
            sql,
            on_server(async move {
                sqlx::query_scalar::<_, i64>(sql)
                    .bind(arg)
                    .fetch_one(&db)
                    .await
            }),
        )
        .await
        .unwrap()
    }

    /// Runs `sql` with `$1`, `$2`, … bound to `args`.
    pub async fn run(&self, sql: &'static str, args: &[i64]) {
        let db = self.state.db.clone();
        let args = args.to_vec();
        within(
            sql,
            on_server(async move {
                let mut q = sqlx::query(sql);
                for a in args {
                    q = q.bind(a);
                }
                q.execute(&db).await
            }),
        )
        .await
        .unwrap();
    }

    /// Puts a person in the department named `name`, creating it (its code: the name
    /// upper-cased) when missing; an empty name takes them out of every department.
    pub async fn set_department(&self, user_id: i64, name: &str) {
        let db = self.state.db.clone();
        let name = name.to_string();
        let code = (!name.is_empty()).then(|| name.to_uppercase());
        within(
            "set_department",
            on_server(async move {
                if let Some(code) = &code {
                    sqlx::query(
                        "INSERT INTO departments (code, name, created_at, updated_at) \
                         VALUES ($1, $2, 0, 0) ON CONFLICT (code) DO NOTHING",
                    )
                    .bind(code)
                    .bind(&name)
                    .execute(&db)
                    .await?;
                }
                sqlx::query("UPDATE users SET department_code = $1 WHERE id = $2")
                    .bind(code)
                    .bind(user_id)
                    .execute(&db)
                    .await
            }),
        )
        .await
        .unwrap();
    }

    /// `n` employees without passwords, each with a browser already signed in (the session is
    /// stored directly: hashing hundreds of passwords would only slow the test down).
    pub async fn crowd(&self, prefix: &str, n: usize) -> Vec<(Browser, User)> {
        let db = self.state.db.clone();
        let prefix = prefix.to_string();
        let people = within(
            "storing a crowd",
            on_server(async move {
                let mut out = Vec::new();
                for i in 0..n {
                    let id = format!("{prefix}{i:04}");
                    let new = validation::new_user(
                        &id,
                        &format!("Person {id}"),
                        &format!("{}@city.test", id.to_lowercase()),
                        "Revenue",
                        "employee",
                    )
                    .unwrap();
                    let user = store::insert_user(&db, &new, None, false).await.unwrap();
                    let token = academy::secrets::token();
                    let digest = academy::accounts::session::digest(&token);
                    let now = academy::db::now();
                    store::create_session(&db, &digest, user.id, now, now + 3600)
                        .await
                        .unwrap();
                    out.push((token, user));
                }
                out
            }),
        )
        .await;
        people
            .into_iter()
            .map(|(token, user)| {
                let b = self.browser();
                b.set_cookie(academy::accounts::session::COOKIE, &token);
                (b, user)
            })
            .collect()
    }

    pub async fn exec(&self, sql: &'static str) {
        let db = self.state.db.clone();
        within(
            sql,
            on_server(async move { sqlx::query(sql).execute(&db).await }),
        )
        .await
        .unwrap();
    }
}

#[derive(Debug)]
pub struct Page {
    pub status: u16,
    pub location: Option<String>,
    pub set_cookies: Vec<String>,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Page {
    pub fn assert_contains(&self, needle: &str) {
        assert!(
            self.body.contains(needle),
            "expected {needle:?} in the page (status {}):\n{}",
            self.status,
            self.body
        );
    }

    /// A header of the answer, as text (empty when absent).
    pub fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    }
}

/// A download as it came over the wire.
#[derive(Debug)]
pub struct Download {
    pub status: u16,
    /// The `Content-Encoding` of the answer, if any.
    pub encoding: Option<String>,
    pub kind: Option<String>,
    /// The bytes as sent, or why reading them failed (a connection closed mid-body).
    pub body: Result<Vec<u8>, String>,
}

/// Keeps cookies like a browser and sends what a browser sends with a form post.
pub struct Browser {
    base: String,
    http: reqwest::Client,
    cookies: Mutex<HashMap<String, String>>,
}

impl Browser {
    pub fn new(base: &str) -> Self {
        Browser {
            base: base.to_string(),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(std::time::Duration::from_secs(20))
                .build()
                .unwrap(),
            cookies: Mutex::new(HashMap::new()),
        }
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.lock().unwrap().get(name).cloned()
    }

    pub fn set_cookie(&self, name: &str, value: &str) {
        self.cookies
            .lock()
            .unwrap()
            .insert(name.into(), value.into());
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .lock()
            .unwrap()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn finish(&self, res: reqwest::Response) -> Page {
        trace(&format!("response {} {}", res.status(), res.url()));
        let status = res.status().as_u16();
        let location = res
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_string());
        let set_cookies: Vec<String> = res
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect();
        {
            let mut jar = self.cookies.lock().unwrap();
            for c in &set_cookies {
                let first = c.split(';').next().unwrap();
                let (k, v) = first.split_once('=').unwrap();
                if c.contains("Max-Age=0") || v.is_empty() {
                    jar.remove(k);
                } else {
                    jar.insert(k.to_string(), v.to_string());
                }
            }
        }
        Page {
            status,
            location,
            set_cookies,
            headers: res.headers().clone(),
            body: res.text().await.unwrap_or_default(),
        }
    }

    pub async fn get(&self, path: &str) -> Page {
        trace(&format!("GET {path}"));
        let res = self
            .http
            .get(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        self.finish(res).await
    }

    /// GET, following redirects within the site (as a browser would), up to 5 hops.
    pub async fn visit(&self, path: &str) -> Page {
        let mut page = self.get(path).await;
        for _ in 0..5 {
            match (page.status, page.location.clone()) {
                (301..=303, Some(loc)) => page = self.get(&loc.replace(&self.base, "")).await,
                _ => break,
            }
        }
        page
    }

    /// Posts a form as a browser with JavaScript off: urlencoded, Accept text/html, and the
    /// Origin and Referer of the page the form is on.
    pub async fn post_form(&self, action: &str, from_page: &str, fields: &[(&str, &str)]) -> Page {
        trace(&format!("POST form {action}"));
        let referer = format!("{}{from_page}", self.base);
        self.post(
            action,
            "text/html,application/xhtml+xml",
            Some(&referer),
            fields,
        )
        .await
    }

    /// Calls a server function as the hydrated app does (JSON answer, status codes intact).
    pub async fn call(&self, action: &str, fields: &[(&str, &str)]) -> Page {
        trace(&format!("CALL {action}"));
        self.post(action, "application/json", None, fields).await
    }

    async fn post(
        &self,
        action: &str,
        accept: &str,
        referer: Option<&str>,
        fields: &[(&str, &str)],
    ) -> Page {
        let mut req = self
            .http
            .post(format!("{}{action}", self.base))
            .header("cookie", self.cookie_header())
            .header("accept", accept)
            .header("origin", &self.base)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(encode_form(fields));
        if let Some(referer) = referer {
            req = req.header("referer", referer);
        }
        let res = req.send().await.unwrap();
        self.finish(res).await
    }

    /// Posts a form with exactly `headers` besides the cookies and content type — to send
    /// what a forger would (a missing or foreign `Origin`), unlike `post_form`.
    pub async fn post_raw(
        &self,
        action: &str,
        headers: &[(&str, &[u8])],
        fields: &[(&str, &str)],
    ) -> Page {
        trace(&format!("POST raw {action}"));
        let mut req = self
            .http
            .post(format!("{}{action}", self.base))
            .header("cookie", self.cookie_header())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(encode_form(fields));
        for (k, v) in headers {
            req = req.header(*k, reqwest::header::HeaderValue::from_bytes(v).unwrap());
        }
        let res = req.send().await.unwrap();
        self.finish(res).await
    }

    /// Posts a multipart form with one file (JavaScript off, as a browser does).
    pub async fn post_file(
        &self,
        action: &str,
        from_page: &str,
        file: (&str, &[u8]),
        fields: &[(&str, &str)],
    ) -> Page {
        trace(&format!("POST multipart {action}"));
        let boundary = "----academy-test-boundary-7d1f";
        let mut body = Vec::new();
        for (k, v) in fields {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
                .as_bytes(),
            );
        }
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\n\
                 Content-Type: text/csv\r\n\r\n",
                file.0
            )
            .as_bytes(),
        );
        body.extend_from_slice(file.1);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let res = self
            .http
            .post(format!("{}{action}", self.base))
            .header("cookie", self.cookie_header())
            .header("accept", "text/html")
            .header("origin", &self.base)
            .header("referer", format!("{}{from_page}", self.base))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
            .send()
            .await
            .unwrap();
        self.finish(res).await
    }

    /// A download as a browser asks for it, accepting `encoding` (`gzip`, `br` or `identity`;
    /// every browser accepts the first two): a GET, or with `form` a form post from `from_page`.
    /// The body is as it came over the wire, not decompressed; a body cut off mid-way is an
    /// `Err` with the reason.
    pub async fn download(
        &self,
        path: &str,
        encoding: &str,
        form: Option<(&str, &[(&str, &str)])>,
    ) -> Download {
        trace(&format!("download {path} ({encoding})"));
        let url = format!("{}{path}", self.base);
        let req = match form {
            None => self.http.get(url),
            Some((from_page, fields)) => self
                .http
                .post(url)
                .header("origin", &self.base)
                .header("referer", format!("{}{from_page}", self.base))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(encode_form(fields)),
        };
        let res = req
            .header("cookie", self.cookie_header())
            .header("accept", "text/html,*/*")
            .header("accept-encoding", encoding)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        let header = |name: &str| {
            res.headers()
                .get(name)
                .map(|v| v.to_str().unwrap().to_string())
        };
        let (encoding, kind) = (header("content-encoding"), header("content-type"));
        let body = res.bytes().await.map(|b| b.to_vec()).map_err(|e| {
            use std::error::Error;
            let mut why = e.to_string();
            let mut source = e.source();
            while let Some(s) = source {
                why.push_str(&format!(": {s}"));
                source = s.source();
            }
            why
        });
        Download {
            status,
            encoding,
            kind,
            body,
        }
    }

    pub async fn sign_in(&self, login: &str, password: &str) -> Page {
        self.post_form(
            "/api/accounts/sign-in",
            "/sign-in",
            &[("login", login), ("password", password), ("next", "")],
        )
        .await
    }
}

pub fn encode_form(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Copies a folder tree (a course library to change for one test).
pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}
