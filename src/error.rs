//! The one error type of the academy: what the person is told, which HTTP status it carries,
//! and (on the server) what gets logged. Server functions return it; pages show it.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// Every failure a person can meet. The `Display` text is safe to show: it never carries
/// internal details (those are logged on the server when the error is created).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Please sign in to continue.")]
    Unauthenticated,
    #[error("You do not have permission to do that.")]
    Forbidden,
    #[error("Please choose a new password before you continue.")]
    PasswordChangeRequired,
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    TooManyAttempts(String),
    #[error("The academy cannot reach its database right now. Please try again in a minute.")]
    Unavailable,
    /// Too many passwords are being checked at once (each check takes 19 MiB): try again soon.
    #[error("The academy is busy checking passwords. Please try again in a few seconds.")]
    HashingBusy,
    /// Overload (the database's write lock or its connections are all taken): nothing was
    /// stored, and trying again in a moment will work. Answered 503 with `Retry-After`.
    #[error("The academy is very busy right now. Please try again in a few seconds.")]
    Busy,
    #[error(
        "Something went wrong on our side. Please try again; if it keeps happening, tell the academy team."
    )]
    Internal,
    #[error("The request could not be understood: {0}")]
    Request(String),
}

impl AppError {
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::Invalid(message.into())
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::NotFound(message.into())
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            Self::Unauthenticated => 401,
            Self::Forbidden | Self::PasswordChangeRequired => 403,
            Self::NotFound(_) => 404,
            Self::Invalid(_) => 422,
            Self::Conflict(_) => 409,
            Self::TooManyAttempts(_) => 429,
            Self::Unavailable | Self::HashingBusy | Self::Busy => 503,
            Self::Internal => 500,
            Self::Request(_) => 400,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(e) | ServerFnErrorErr::Deserialization(e) => Self::Request(e),
            ServerFnErrorErr::Request(_) => Self::Unavailable,
            other => Self::Request(other.to_string()),
        }
    }
}

/// Every 503 tells the client when to come back (`Retry-After`, in seconds): the
/// `retry_after` middleware adds it to any 503 that lacks it.
pub const RETRY_AFTER_SECONDS: u32 = 2;

/// Plain axum handlers (downloads) answer a refusal as its status and message.
#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let status = axum::http::StatusCode::from_u16(self.status())
            .unwrap_or(axum::http::StatusCode::FORBIDDEN);
        (status, self.to_string()).into_response()
    }
}

/// Whether the database refused for lack of capacity, not because of what was asked: SQLite's
/// BUSY and LOCKED (with their extended codes), PostgreSQL's serialization failure, deadlock,
/// lock not available and too many connections.
#[cfg(feature = "ssr")]
fn is_overload(err: &sqlx::Error) -> bool {
    let Some(db) = err.as_database_error() else {
        return matches!(err, sqlx::Error::PoolTimedOut);
    };
    let code = db.code().unwrap_or_default();
    // PostgreSQL's SQLSTATE has five characters; SQLite's (extended) codes are numbers below
    // 10,000 that keep the primary code in their low byte.
    if code.len() == 5 {
        return matches!(&*code, "40001" | "40P01" | "55P03" | "53300" | "57P03");
    }
    code.parse::<i32>().is_ok_and(|n| matches!(n & 0xff, 5 | 6))
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        if is_overload(&err) {
            tracing::warn!(error = %err, "database overloaded: asked to retry");
            return Self::Busy;
        }
        match &err {
            sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
                tracing::error!(error = %err, "database unavailable");
                Self::Unavailable
            }
            _ => {
                tracing::error!(error = %err, "database error");
                Self::Internal
            }
        }
    }
}

pub type AppResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_a_status_a_person_can_read() {
        assert_eq!(AppError::Forbidden.status(), 403);
        assert_eq!(AppError::Unauthenticated.status(), 401);
        assert_eq!(
            AppError::invalid("Name is required.").to_string(),
            "Name is required."
        );
        assert!(!AppError::Internal.to_string().contains("sqlx"));
    }

    #[test]
    fn a_malformed_request_becomes_a_request_error() {
        let e =
            AppError::from_server_fn_error(ServerFnErrorErr::Args("missing field `email`".into()));
        assert_eq!(e.status(), 400);
        assert!(e.to_string().contains("missing field"));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn overload_from_either_database_asks_to_retry_and_other_errors_do_not() {
        use sqlx::error::{DatabaseError, ErrorKind};
        use std::borrow::Cow;
        #[derive(Debug)]
        struct Coded(&'static str);
        impl std::fmt::Display for Coded {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "code {}", self.0)
            }
        }
        impl std::error::Error for Coded {}
        impl DatabaseError for Coded {
            fn message(&self) -> &str {
                self.0
            }
            fn code(&self) -> Option<Cow<'_, str>> {
                Some(self.0.into())
            }
            fn as_error(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
                self
            }
            fn as_error_mut(&mut self) -> &mut (dyn std::error::Error + Send + Sync + 'static) {
                self
            }
            fn into_error(self: Box<Self>) -> Box<dyn std::error::Error + Send + Sync + 'static> {
                self
            }
            fn kind(&self) -> ErrorKind {
                ErrorKind::Other
            }
        }
        let from = |code| AppError::from(sqlx::Error::Database(Box::new(Coded(code))));
        // SQLite BUSY, BUSY_SNAPSHOT, LOCKED; PostgreSQL serialization failure and deadlock.
        for code in ["5", "517", "6", "40001", "40P01"] {
            assert_eq!(from(code), AppError::Busy, "{code}");
        }
        assert_eq!(AppError::from(sqlx::Error::PoolTimedOut), AppError::Busy);
        // A constraint (SQLite 19, 2067; PostgreSQL 23505) is not overload: retrying won't help.
        for code in ["19", "2067", "23505"] {
            assert_eq!(from(code), AppError::Internal, "{code}");
        }
        assert_eq!(AppError::Busy.status(), 503);
    }
}
