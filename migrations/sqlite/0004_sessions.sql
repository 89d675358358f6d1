-- Instructor-led sessions, registrations with their history, dashboard notifications, and the
-- feedback forms and anonymous responses that follow each session.

-- A course may require the feedback of the session attended before it counts as complete.
ALTER TABLE courses ADD COLUMN feedback_required INTEGER NOT NULL DEFAULT 0;

-- A form version that has answers is frozen: editing it creates the next version of its family.
CREATE TABLE feedback_forms (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    family INTEGER NOT NULL,
    version INTEGER NOT NULL,
    title TEXT NOT NULL,
    -- The questions in the text format of feedback::definition.
    definition TEXT NOT NULL,
    is_default INTEGER NOT NULL DEFAULT 0,
    created_by INTEGER REFERENCES users (id),
    created_at INTEGER NOT NULL,
    UNIQUE (family, version)
);

-- The form a course's sessions use unless a session names its own.
CREATE TABLE course_forms (
    course_id INTEGER PRIMARY KEY REFERENCES courses (id),
    form_family INTEGER NOT NULL
);

CREATE TABLE training_sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    course_id INTEGER NOT NULL REFERENCES courses (id),
    title TEXT NOT NULL,
    starts_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL,
    time_zone TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    video_url TEXT NOT NULL DEFAULT '',
    capacity INTEGER NOT NULL CHECK (capacity >= 1),
    register_by INTEGER NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    -- NULL: the course's form, or else the academy's default form.
    form_family INTEGER,
    checkin_code TEXT NOT NULL,
    -- Seats held, kept in step with registrations inside the same transaction; the CHECK is
    -- what makes overbooking impossible whatever the application does. `extra_seats` counts
    -- the places a trainer added explicitly beyond capacity.
    booked INTEGER NOT NULL DEFAULT 0,
    extra_seats INTEGER NOT NULL DEFAULT 0,
    -- Arrival counter: each registration takes the next ticket, which orders the waitlist.
    tickets INTEGER NOT NULL DEFAULT 0,
    attendance_marked_at INTEGER,
    -- Bumped on every edit, so calendar programs replace the old event (RFC 5545 SEQUENCE).
    sequence INTEGER NOT NULL DEFAULT 0,
    cancelled_at INTEGER,
    cancel_reason TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users (id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK (ends_at > starts_at),
    CHECK (booked >= 0 AND extra_seats >= 0 AND booked <= capacity + extra_seats)
);
CREATE INDEX training_sessions_start ON training_sessions (starts_at);
CREATE INDEX training_sessions_course ON training_sessions (course_id, starts_at);

-- In-house instructors have an account (user_id); guests from outside the city do not.
CREATE TABLE session_instructors (
    session_id INTEGER NOT NULL REFERENCES training_sessions (id),
    position INTEGER NOT NULL,
    user_id INTEGER REFERENCES users (id),
    name TEXT NOT NULL,
    organisation TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (session_id, position)
);
CREATE INDEX session_instructors_user ON session_instructors (user_id);

CREATE TABLE registrations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id INTEGER NOT NULL REFERENCES training_sessions (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    state TEXT NOT NULL CHECK (state IN ('booked', 'waitlisted', 'cancelled', 'session-cancelled',
        'attended', 'late', 'excused', 'no-show')),
    ticket INTEGER NOT NULL,
    -- Booked by a trainer beyond capacity.
    override INTEGER NOT NULL DEFAULT 0,
    registered_by INTEGER REFERENCES users (id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (session_id, user_id)
);
CREATE INDEX registrations_session ON registrations (session_id, state, ticket);
CREATE INDEX registrations_user ON registrations (user_id, state);

CREATE TABLE registration_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    registration_id INTEGER NOT NULL REFERENCES registrations (id),
    from_state TEXT,
    to_state TEXT NOT NULL,
    actor_id INTEGER REFERENCES users (id),
    detail TEXT NOT NULL DEFAULT '',
    at INTEGER NOT NULL
);
CREATE INDEX registration_events_registration ON registration_events (registration_id, at);

-- What a person should know next time they look at their dashboard.
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id),
    message TEXT NOT NULL,
    link TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    dismissed_at INTEGER
);
CREATE INDEX notifications_user ON notifications (user_id, dismissed_at, created_at);

-- Anonymity: a receipt says who has answered a session; a response says what was answered.
-- Nothing links the two: responses carry no person, no time, and a random id, and receipts
-- carry no time and are stored in key order (WITHOUT ROWID), not in order of arrival.
CREATE TABLE feedback_receipts (
    session_id INTEGER NOT NULL REFERENCES training_sessions (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (session_id, user_id)
) WITHOUT ROWID;

CREATE TABLE feedback_responses (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES training_sessions (id),
    form_id INTEGER NOT NULL REFERENCES feedback_forms (id)
);
CREATE INDEX feedback_responses_session ON feedback_responses (session_id);

CREATE TABLE feedback_answers (
    response_id INTEGER NOT NULL REFERENCES feedback_responses (id),
    session_id INTEGER NOT NULL REFERENCES training_sessions (id),
    question_key TEXT NOT NULL,
    -- Scale answers and choice indexes; text answers in `comment`.
    value INTEGER,
    comment TEXT,
    -- A trainer hid this comment from instructors; kept for audit.
    hidden_at INTEGER,
    hidden_by INTEGER REFERENCES users (id),
    hidden_reason TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (response_id, question_key)
);
CREATE INDEX feedback_answers_session ON feedback_answers (session_id, question_key, value);
