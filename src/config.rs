//! Configuration from environment variables, each with a default that works out of the box.
//! The README's configuration table lists the same variables; keep the two in step.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Config {
    /// `DATABASE_URL`: `sqlite://path` (default `sqlite://data/academy.db`) or `postgres://...`.
    pub database_url: String,
    /// `DATABASE_MAX_CONNECTIONS`: pool size (default 8).
    pub db_max_connections: u32,
    /// `ACADEMY_ADDR`: where the server listens (default `127.0.0.1:3000`).
    pub addr: SocketAddr,
    /// `ACADEMY_SITE_ROOT`: the folder with the compiled WASM/JS/CSS bundle (default `target/site`).
    pub site_root: String,
    /// `ACADEMY_COURSES_DIR`: the Markdown course library (default `courses`).
    pub courses_dir: PathBuf,
    /// `ACADEMY_PUBLIC_URL`: the address people use, e.g. `https://academy.city.gov`; an https
    /// address turns on `Secure` cookies.
    pub public_url: Option<String>,
    /// `ACADEMY_SECURE_COOKIES`: force `Secure` cookies on or off (default: on behind https).
    pub secure_cookies: bool,
    /// `ACADEMY_SESSION_IDLE_MINUTES`: sign out after this long without a request (default 30).
    pub session_idle: Duration,
    /// `ACADEMY_SESSION_MAX_HOURS`: sign out this long after sign-in, whatever happens (default 12).
    pub session_max: Duration,
    /// `ACADEMY_PUBLIC_CATALOG`: may anonymous visitors see the course catalog (default true).
    pub public_catalog: bool,
    /// `ACADEMY_ADMIN_EMAIL`: the first administrator's email on an empty database.
    pub admin_email: String,
    /// `ACADEMY_WATCH_COURSES`: reload `courses/` when a file changes (default: on in debug builds).
    pub watch_courses: bool,
    /// `ACADEMY_TRUST_PROXY`: how many proxies of your own stand in front of the academy
    /// (`false` = 0, the default; `true` = 1; or a number). The client address is the
    /// `X-Forwarded-For` hop that many places from the right: the first one nobody trusted wrote.
    pub trusted_proxies: u32,
    /// `ACADEMY_ONE_TIME_PASSWORD_HOURS`: how long a one-time password works (default 72).
    pub one_time_password_ttl: Duration,
    /// `ACADEMY_SIGNIN_MAX_FAILURES`: failed sign-ins per account per window (default 5).
    pub max_failures_per_account: u32,
    /// `ACADEMY_SIGNIN_MAX_FAILURES_PER_ADDRESS`: failed sign-ins per address per window (default 20).
    pub max_failures_per_address: u32,
    /// `ACADEMY_SIGNIN_WINDOW_MINUTES`: the throttling window (default 15).
    pub throttle_window: Duration,
    /// `ACADEMY_TIME_ZONE`: the academy's time zone, for dates and due dates (default
    /// `America/New_York`).
    pub time_zone: chrono_tz::Tz,
    /// `ACADEMY_FEEDBACK_DAYS`: how long a session's feedback form stays open (default 7).
    pub feedback_days: u32,
    /// `ACADEMY_RESULTS_MINIMUM`: responses a session needs before its instructors see its
    /// results (default 3), so that nobody can tell who said what.
    pub results_minimum: u32,
    /// `ACADEMY_COMPARISON_MINIMUM`: responses an instructor, course or month needs before it
    /// is compared with others (default 5); fewer are suppressed, never shown as zero.
    pub comparison_minimum: u32,
    /// `ACADEMY_COMPARISON_SESSIONS`: sessions an instructor needs to be ranked (default 5).
    pub comparison_sessions: u32,
    /// `ACADEMY_DOWNLOAD_STALL_SECONDS`: a streamed download whose client reads nothing for this
    /// long is ended, giving back its database connection (default 30).
    pub download_stall: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            database_url: "sqlite://data/academy.db".into(),
            db_max_connections: 8,
            addr: SocketAddr::from(([127, 0, 0, 1], 3000)),
            site_root: "target/site".into(),
            courses_dir: PathBuf::from("courses"),
            public_url: None,
            secure_cookies: false,
            session_idle: Duration::from_secs(30 * 60),
            session_max: Duration::from_secs(12 * 3600),
            public_catalog: true,
            admin_email: "admin@academy.local".into(),
            watch_courses: false,
            trusted_proxies: 0,
            one_time_password_ttl: Duration::from_secs(72 * 3600),
            max_failures_per_account: 5,
            max_failures_per_address: 20,
            throttle_window: Duration::from_secs(15 * 60),
            time_zone: chrono_tz::America::New_York,
            feedback_days: 7,
            results_minimum: 3,
            comparison_minimum: 5,
            comparison_sessions: 5,
            download_stall: Duration::from_secs(30),
        }
    }
}

impl Config {
    /// The address people reach the academy at, without a trailing `/`: `ACADEMY_PUBLIC_URL`,
    /// or where the server listens.
    pub fn public_base(&self) -> String {
        match &self.public_url {
            Some(url) => url.trim_end_matches('/').to_string(),
            None => format!("http://{}", self.addr),
        }
    }

    /// Whether people reach the academy over https by its public address.
    pub fn public_https(&self) -> bool {
        is_https(self.public_url.as_deref())
    }

    /// Reads the environment. A malformed value is an error naming the variable, never a silent
    /// fallback to the default.
    pub fn from_env() -> Result<Self, String> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let d = Self::default();
        let public_url = get("ACADEMY_PUBLIC_URL").filter(|s| !s.trim().is_empty());
        let behind_https = is_https(public_url.as_deref());
        Ok(Self {
            database_url: get("DATABASE_URL")
                .filter(|s| !s.trim().is_empty())
                .unwrap_or(d.database_url),
            db_max_connections: parse(&get, "DATABASE_MAX_CONNECTIONS", d.db_max_connections)?,
            addr: parse(&get, "ACADEMY_ADDR", d.addr)?,
            site_root: get("ACADEMY_SITE_ROOT").unwrap_or(d.site_root),
            courses_dir: get("ACADEMY_COURSES_DIR")
                .map(PathBuf::from)
                .unwrap_or(d.courses_dir),
            secure_cookies: parse_bool(&get, "ACADEMY_SECURE_COOKIES", behind_https)?,
            public_url,
            session_idle: minutes(parse(&get, "ACADEMY_SESSION_IDLE_MINUTES", 30u64)?),
            session_max: minutes(60 * parse(&get, "ACADEMY_SESSION_MAX_HOURS", 12u64)?),
            public_catalog: parse_bool(&get, "ACADEMY_PUBLIC_CATALOG", d.public_catalog)?,
            admin_email: get("ACADEMY_ADMIN_EMAIL").unwrap_or(d.admin_email),
            watch_courses: parse_bool(&get, "ACADEMY_WATCH_COURSES", cfg!(debug_assertions))?,
            trusted_proxies: parse_proxies(&get, "ACADEMY_TRUST_PROXY")?,
            one_time_password_ttl: minutes(
                60 * parse(&get, "ACADEMY_ONE_TIME_PASSWORD_HOURS", 72u64)?.clamp(1, 24 * 90),
            ),
            max_failures_per_account: parse(&get, "ACADEMY_SIGNIN_MAX_FAILURES", 5)?,
            max_failures_per_address: parse(&get, "ACADEMY_SIGNIN_MAX_FAILURES_PER_ADDRESS", 20)?,
            throttle_window: minutes(parse(&get, "ACADEMY_SIGNIN_WINDOW_MINUTES", 15u64)?),
            time_zone: match get("ACADEMY_TIME_ZONE").filter(|s| !s.trim().is_empty()) {
                None => d.time_zone,
                Some(v) => v.trim().parse().map_err(|_| {
                    format!("ACADEMY_TIME_ZONE={v:?} is not a time zone name like America/New_York")
                })?,
            },
            feedback_days: parse(&get, "ACADEMY_FEEDBACK_DAYS", d.feedback_days)?.clamp(1, 365),
            results_minimum: parse(&get, "ACADEMY_RESULTS_MINIMUM", d.results_minimum)?.max(1),
            comparison_minimum: parse(&get, "ACADEMY_COMPARISON_MINIMUM", d.comparison_minimum)?
                .max(2),
            comparison_sessions: parse(&get, "ACADEMY_COMPARISON_SESSIONS", d.comparison_sessions)?
                .max(1),
            download_stall: Duration::from_secs(
                parse(&get, "ACADEMY_DOWNLOAD_STALL_SECONDS", 30u64)?.max(1),
            ),
        })
    }
}

/// An `https://` public address: cookies are then `Secure` and pages say so in their headers.
fn is_https(public_url: Option<&str>) -> bool {
    public_url.is_some_and(|u| u.starts_with("https://"))
}

fn minutes(n: u64) -> Duration {
    Duration::from_secs(n * 60)
}

fn parse<T: std::str::FromStr>(
    get: &impl Fn(&str) -> Option<String>,
    name: &str,
    default: T,
) -> Result<T, String> {
    match get(name) {
        None => Ok(default),
        Some(v) if v.trim().is_empty() => Ok(default),
        Some(v) => v
            .trim()
            .parse()
            .map_err(|_| format!("{name}={v:?} is not a valid value")),
    }
}

fn parse_bool(
    get: &impl Fn(&str) -> Option<String>,
    name: &str,
    default: bool,
) -> Result<bool, String> {
    match get(name).as_deref().map(str::trim) {
        None | Some("") => Ok(default),
        Some("1" | "true" | "yes" | "on") => Ok(true),
        Some("0" | "false" | "no" | "off") => Ok(false),
        Some(v) => Err(format!("{name}={v:?} must be true or false")),
    }
}

/// `false`/`true` (0 or 1 proxy, as the setting was once a yes/no) or a number of proxies.
fn parse_proxies(get: &impl Fn(&str) -> Option<String>, name: &str) -> Result<u32, String> {
    match get(name).as_deref().map(str::trim) {
        None | Some("") => Ok(0),
        Some("true" | "yes" | "on") => Ok(1),
        Some("false" | "no" | "off") => Ok(0),
        Some(v) => v.parse::<u32>().ok().filter(|n| *n <= 16).ok_or_else(|| {
            format!("{name}={v:?} must be false, true or a number of proxies (0-16)")
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    #[test]
    fn defaults_work_out_of_the_box() {
        let c = Config::from_lookup(env(&[])).unwrap();
        assert_eq!(c.database_url, "sqlite://data/academy.db");
        assert_eq!(c.addr.to_string(), "127.0.0.1:3000");
        assert!(!c.secure_cookies);
        assert_eq!(c.session_idle, Duration::from_secs(1800));
        assert_eq!(c.time_zone, chrono_tz::America::New_York);
    }

    #[test]
    fn an_https_public_url_turns_on_secure_cookies() {
        let c =
            Config::from_lookup(env(&[("ACADEMY_PUBLIC_URL", "https://academy.example")])).unwrap();
        assert!(c.secure_cookies);
    }

    #[test]
    fn the_proxy_setting_takes_yes_no_or_a_number_of_proxies() {
        let proxies = |v: &str| {
            Config::from_lookup(env(&[("ACADEMY_TRUST_PROXY", v)])).map(|c| c.trusted_proxies)
        };
        assert_eq!(proxies(""), Ok(0));
        assert_eq!(proxies("false"), Ok(0));
        assert_eq!(proxies("true"), Ok(1));
        assert_eq!(proxies("2"), Ok(2));
        assert!(proxies("many").unwrap_err().contains("ACADEMY_TRUST_PROXY"));
    }

    #[test]
    fn a_malformed_value_names_the_variable() {
        let err = Config::from_lookup(env(&[("ACADEMY_ADDR", "not-an-address")])).unwrap_err();
        assert!(err.contains("ACADEMY_ADDR"), "{err}");
        let err = Config::from_lookup(env(&[("ACADEMY_PUBLIC_CATALOG", "maybe")])).unwrap_err();
        assert!(err.contains("must be true or false"), "{err}");
        let err = Config::from_lookup(env(&[("ACADEMY_TIME_ZONE", "Mars/Olympus")])).unwrap_err();
        assert!(err.contains("ACADEMY_TIME_ZONE"), "{err}");
    }
}
