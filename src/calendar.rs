//! Dates as the academy reads them: "today" and the day of an instant in the academy's time
//! zone, ISO dates in forms and storage, and "24 November 2026" on pages.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

pub fn today(tz: Tz) -> NaiveDate {
    Utc::now().with_timezone(&tz).date_naive()
}

/// The academy-local day of a Unix time.
pub fn day_of(unix: i64, tz: Tz) -> NaiveDate {
    DateTime::<Utc>::from_timestamp(unix, 0)
        .unwrap_or_default()
        .with_timezone(&tz)
        .date_naive()
}

/// "24 November 2026".
pub fn label(day: NaiveDate) -> String {
    day.format("%-d %B %Y").to_string()
}

pub fn label_of(unix: i64, tz: Tz) -> String {
    label(day_of(unix, tz))
}

/// Reads an ISO date (`2026-12-31`) as a form sends it.
pub fn parse_iso(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

pub fn iso(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_evening_in_new_york_is_still_the_same_day_there() {
        // 2026-11-25 03:00 UTC is 22:00 on the 24th in New York.
        let t = 1_795_575_600;
        assert_eq!(iso(day_of(t, chrono_tz::UTC)), "2026-11-25");
        assert_eq!(iso(day_of(t, chrono_tz::America::New_York)), "2026-11-24");
    }

    #[test]
    fn dates_read_in_full_and_parse_back_from_forms() {
        let d = parse_iso(" 2026-03-05 ").unwrap();
        assert_eq!(label(d), "5 March 2026");
        assert_eq!(iso(d), "2026-03-05");
        assert_eq!(parse_iso("2026-02-30"), None);
        assert_eq!(parse_iso("05/03/2026"), None);
    }
}
