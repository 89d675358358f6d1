//! Registrations and their waitlist: registering (a seat, beyond capacity, or the waitlist, decided
//! under the session's row lock), leaving, promotion from the waitlist, and one's own bookings.

use super::{
    REGISTRATION_COLUMNS, RegistrationRow, SESSION_COLUMNS, SessionRow, event, lock,
    notifications::notify_in, registration_in, stored_state,
};
use crate::db::{Cell, Db, now};
use crate::error::{AppError, AppResult};
use crate::sessions::seats::{self as seating, Seat};
use crate::sessions::{MyRegistration, RegistrationState};
use sqlx::{Any, FromRow, Transaction};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registered {
    Booked,
    Overbooked,
    Waitlisted(i64),
    Already(RegistrationState),
}

/// Registers a person: a seat while one is free (or beyond capacity when a trainer says so),
/// else the waitlist, in order of arrival. Decided under the session's row lock; the CHECK on
/// the seat counter refuses any overbooking that slipped past.
pub async fn register(
    db: &Db,
    session_id: i64,
    user_id: i64,
    actor: i64,
    over_capacity: bool,
) -> AppResult<Registered> {
    let mut tx = crate::db::begin_write(db).await?;
    let seats = lock(&mut tx, session_id).await?;
    if seats.cancelled_at.is_some() {
        return Err(AppError::invalid("This session has been cancelled."));
    }
    let existing: Option<RegistrationRow> = registration_in(&mut tx, session_id, user_id).await?;
    if let Some(r) = &existing
        && !seating::may_register_again(r.state())
    {
        return Ok(Registered::Already(r.state()));
    }
    let seat = seating::seat(
        seats.booked,
        seats.capacity,
        seats.extra_seats,
        over_capacity,
    );
    let (state, extra, outcome) = match seat {
        Seat::Free => (RegistrationState::Booked, 0, Registered::Booked),
        Seat::BeyondCapacity => (RegistrationState::Booked, 1, Registered::Overbooked),
        Seat::Waitlist => (RegistrationState::Waitlisted, 0, Registered::Waitlisted(0)),
    };
    if state == RegistrationState::Booked {
        sqlx::query(
            "UPDATE training_sessions SET booked = booked + 1, extra_seats = extra_seats + $2 \
             WHERE id = $1",
        )
        .bind(session_id)
        .bind(extra)
        .execute(&mut *tx)
        .await?;
    }
    let t = now();
    let id: i64 = match &existing {
        Some(r) => {
            sqlx::query(
                "UPDATE registrations SET state = $2, ticket = $3, override = $4, \
                 registered_by = $5, updated_at = $6 WHERE id = $1",
            )
            .bind(r.id)
            .bind(state.as_str())
            .bind(seats.tickets)
            .bind(extra)
            .bind(actor)
            .bind(t)
            .execute(&mut *tx)
            .await?;
            r.id
        }
        None => {
            sqlx::query_scalar(
                "INSERT INTO registrations (session_id, user_id, state, ticket, override, \
                 registered_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) \
                 RETURNING id",
            )
            .bind(session_id)
            .bind(user_id)
            .bind(state.as_str())
            .bind(seats.tickets)
            .bind(extra)
            .bind(actor)
            .bind(t)
            .fetch_one(&mut *tx)
            .await?
        }
    };
    let detail = match (actor == user_id, extra) {
        (true, _) => "",
        (false, 0) => "registered by a trainer",
        (false, _) => "registered by a trainer beyond capacity",
    };
    event(
        &mut tx,
        id,
        existing.as_ref().map(|r| r.state()),
        state,
        Some(actor),
        detail,
    )
    .await?;
    let outcome = match outcome {
        Registered::Waitlisted(_) => {
            Registered::Waitlisted(waitlist_place(&mut *tx, session_id, seats.tickets).await?)
        }
        other => other,
    };
    tx.commit().await?;
    Ok(outcome)
}

/// 1-based place on the waitlist of the registration holding `ticket`.
async fn waitlist_place<'e>(
    ex: impl sqlx::Executor<'e, Database = Any>,
    session_id: i64,
    ticket: i64,
) -> AppResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM registrations WHERE session_id = $1 AND state = 'waitlisted' \
         AND ticket <= $2",
    )
    .bind(session_id)
    .bind(ticket)
    .fetch_one(ex)
    .await?)
}

#[derive(Debug, FromRow)]
struct Seats {
    booked: i64,
    capacity: i64,
    extra_seats: i64,
}

/// Fills free seats from the head of the waitlist; returns who was promoted.
pub(super) async fn promote(
    tx: &mut Transaction<'_, Any>,
    session_id: i64,
    title: &str,
) -> AppResult<Vec<i64>> {
    let mut promoted = Vec::new();
    loop {
        let seats: Seats = sqlx::query_as(
            "SELECT booked, capacity, extra_seats FROM training_sessions WHERE id = $1",
        )
        .bind(session_id)
        .fetch_one(&mut **tx)
        .await?;
        if seating::seat(seats.booked, seats.capacity, seats.extra_seats, false) != Seat::Free {
            break;
        }
        let next: Option<RegistrationRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {REGISTRATION_COLUMNS} FROM registrations WHERE session_id = $1 \
             AND state = 'waitlisted' ORDER BY ticket LIMIT 1"
        )))
        .bind(session_id)
        .fetch_optional(&mut **tx)
        .await?;
        let Some(next) = next else { break };
        sqlx::query("UPDATE registrations SET state = 'booked', updated_at = $2 WHERE id = $1")
            .bind(next.id)
            .bind(now())
            .execute(&mut **tx)
            .await?;
        sqlx::query("UPDATE training_sessions SET booked = booked + 1 WHERE id = $1")
            .bind(session_id)
            .execute(&mut **tx)
            .await?;
        event(
            tx,
            next.id,
            Some(RegistrationState::Waitlisted),
            RegistrationState::Booked,
            None,
            "promoted from the waitlist",
        )
        .await?;
        notify_in(
            tx,
            next.user_id,
            &format!("A seat opened in \u{201c}{title}\u{201d}: you are now booked."),
            &format!("/sessions/{session_id}"),
        )
        .await?;
        promoted.push(next.user_id);
    }
    Ok(promoted)
}

/// A person leaves a session. A freed seat goes to the head of the waitlist, unless it was one
/// a trainer added beyond capacity, which simply disappears.
pub async fn cancel_registration(
    db: &Db,
    session_id: i64,
    user_id: i64,
    actor: i64,
    title: &str,
) -> AppResult<RegistrationState> {
    let mut tx = crate::db::begin_write(db).await?;
    lock(&mut tx, session_id).await?;
    let r: RegistrationRow = registration_in(&mut tx, session_id, user_id)
        .await?
        .ok_or_else(|| AppError::invalid("You are not registered for this session."))?;
    let was = r.state();
    let frees_a_seat = seating::leaving(was).map_err(AppError::invalid)?;
    if frees_a_seat {
        sqlx::query(
            "UPDATE training_sessions SET booked = booked - 1, extra_seats = \
             CASE WHEN extra_seats > 0 THEN extra_seats - 1 ELSE 0 END WHERE id = $1",
        )
        .bind(session_id)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("UPDATE registrations SET state = 'cancelled', updated_at = $2 WHERE id = $1")
        .bind(r.id)
        .bind(now())
        .execute(&mut *tx)
        .await?;
    event(
        &mut tx,
        r.id,
        Some(was),
        RegistrationState::Cancelled,
        Some(actor),
        if actor == user_id {
            ""
        } else {
            "cancelled by a trainer"
        },
    )
    .await?;
    if frees_a_seat {
        promote(&mut tx, session_id, title).await?;
    }
    tx.commit().await?;
    Ok(was)
}

/// The people of a session whose registration is in one of `states`.
pub(super) async fn people_in(
    tx: &mut Transaction<'_, Any>,
    session_id: i64,
    states: &[&str],
) -> AppResult<Vec<i64>> {
    let mut cells = vec![Cell::Int(session_id)];
    let within = crate::db::in_list(
        "state",
        states.iter().map(|s| Cell::Text(s.to_string())),
        &mut cells,
    );
    let sql = format!("SELECT user_id FROM registrations WHERE session_id = $1 AND {within}");
    let args = crate::db::arguments(&cells)?;
    Ok(
        sqlx::query_scalar_with::<_, i64, _>(sqlx::AssertSqlSafe(sql), args)
            .fetch_all(&mut **tx)
            .await?,
    )
}

#[derive(Debug, FromRow)]
struct OwnRegistrationRow {
    id: i64,
    state: String,
    ticket: i64,
}

/// The person's registration for a session and their place on its waitlist.
pub async fn registration_of(
    db: &Db,
    session_id: i64,
    user_id: i64,
) -> AppResult<Option<MyRegistration>> {
    let row: Option<OwnRegistrationRow> = sqlx::query_as(
        "SELECT id, state, ticket FROM registrations WHERE session_id = $1 AND user_id = $2",
    )
    .bind(session_id)
    .bind(user_id)
    .fetch_optional(db)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let state = stored_state(&row.state);
    let waitlist_place = if state == RegistrationState::Waitlisted {
        Some(waitlist_place(db, session_id, row.ticket).await?)
    } else {
        None
    };
    Ok(Some(MyRegistration {
        id: row.id,
        state,
        waitlist_place,
    }))
}

/// A session someone is registered for, with where their registration stands.
#[derive(Debug, Clone)]
pub struct Booking {
    pub session: SessionRow,
    pub state: RegistrationState,
}

#[derive(FromRow)]
struct AgendaRow {
    #[sqlx(flatten)]
    session: SessionRow,
    my_state: String,
}

/// Sessions a person is registered for (with the registration's state), soonest first:
/// those not yet ended, and attended ones whose feedback may still be due.
pub async fn agenda(db: &Db, user_id: i64, since: i64) -> AppResult<Vec<Booking>> {
    let sql = format!(
        "SELECT {SESSION_COLUMNS}, r.state AS my_state FROM registrations r \
         JOIN training_sessions s ON s.id = r.session_id JOIN courses c ON c.id = s.course_id \
         WHERE r.user_id = $1 AND s.ends_at > $2 ORDER BY s.starts_at LIMIT 50"
    );
    let rows: Vec<AgendaRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(user_id)
        .bind(since)
        .fetch_all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| Booking {
            state: stored_state(&r.my_state),
            session: r.session,
        })
        .collect())
}
