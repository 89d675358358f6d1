//! Calendar files (RFC 5545) for session registrations and "add to calendar" links.
//! Pure string building from data the caller already loaded: no I/O, no clock, no database.

use chrono::{DateTime, Datelike, NaiveDate, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

/// One session as seen by one registrant. Instants are unix seconds (UTC).
pub struct IcsEvent<'a> {
    /// Stable per registration, so a re-download updates the entry instead of duplicating it.
    pub uid: &'a str,
    pub stamp: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    /// Start and end are written as wall-clock time in this zone, as attendees read them.
    pub tz: Tz,
    pub summary: &'a str,
    pub description: &'a str,
    /// Place or video link; left out when empty.
    pub location: &'a str,
    pub url: Option<&'a str>,
    /// Bumped on every edit so calendar apps replace their older copy.
    pub sequence: i64,
    pub cancelled: bool,
}

const PRODID: &str = "-//Service Academy//Sessions//EN";
/// RFC 5545 §3.1 limit, excluding the CRLF.
const MAX_LINE_OCTETS: usize = 75;
const DAY: i64 = 86_400;

/// The whole `.ics` file for one event, including the VTIMEZONE that its TZID refers to.
pub fn calendar(event: &IcsEvent) -> String {
    let (method, status) = if event.cancelled {
        ("CANCEL", "CANCELLED")
    } else {
        ("PUBLISH", "CONFIRMED")
    };
    // RFC 5545 wants DTEND after DTSTART; a bad edit should not make the file unreadable.
    let ends_at = event.ends_at.max(event.starts_at);
    let (tz, tzid) = (event.tz, event.tz.name());

    let mut ics = Lines::default();
    ics.put("BEGIN", "VCALENDAR");
    ics.put("VERSION", "2.0");
    ics.put("PRODID", PRODID);
    ics.put("CALSCALE", "GREGORIAN");
    ics.put("METHOD", method);
    write_timezone(&mut ics, tz, event.starts_at, ends_at);
    ics.put("BEGIN", "VEVENT");
    ics.put("UID", &escape_text(event.uid));
    ics.put("DTSTAMP", &utc_stamp(event.stamp));
    ics.put(
        &format!("DTSTART;TZID={tzid}"),
        &local_stamp(tz, event.starts_at),
    );
    ics.put(&format!("DTEND;TZID={tzid}"), &local_stamp(tz, ends_at));
    ics.put("SUMMARY", &escape_text(event.summary));
    ics.put("DESCRIPTION", &escape_text(event.description));
    if !event.location.trim().is_empty() {
        ics.put("LOCATION", &escape_text(event.location));
    }
    // URL must be an absolute URI: a bare path means nothing to a calendar app. Parsing
    // also percent-encodes anything that TEXT escaping would otherwise have to handle.
    if let Some(url) = event.url.and_then(|url| url::Url::parse(url).ok()) {
        ics.put("URL", url.as_str());
    }
    ics.put("SEQUENCE", &event.sequence.max(0).to_string());
    ics.put("STATUS", status);
    ics.put("END", "VEVENT");
    ics.put("END", "VCALENDAR");
    ics.0
}

/// A Google Calendar "create event" link prefilled with the event.
pub fn google_calendar_link(event: &IcsEvent) -> String {
    let ends_at = event.ends_at.max(event.starts_at);
    let dates = format!("{}/{}", utc_stamp(event.starts_at), utc_stamp(ends_at));
    // Google has no URL field, so the page link rides along in the details.
    let details = match event.url.filter(|url| url::Url::parse(url).is_ok()) {
        Some(url) if event.description.contains(url) => event.description.to_owned(),
        Some(url) if event.description.trim().is_empty() => url.to_owned(),
        Some(url) => format!("{}\n\n{url}", event.description),
        None => event.description.to_owned(),
    };
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query
        .append_pair("action", "TEMPLATE")
        .append_pair("text", event.summary)
        .append_pair("dates", &dates)
        .append_pair("details", &details);
    if !event.location.trim().is_empty() {
        query.append_pair("location", event.location);
    }
    query.append_pair("ctz", event.tz.name());
    let query = query.finish();
    format!("https://calendar.google.com/calendar/render?{query}")
}

/// Content lines, folded and CRLF-terminated as they are added.
#[derive(Default)]
struct Lines(String);

impl Lines {
    fn put(&mut self, name: &str, value: &str) {
        let mut width = 0;
        for c in name.chars().chain([':']).chain(value.chars()) {
            // Counting octets per char keeps folds on UTF-8 boundaries; the leading
            // space of a continuation counts towards its 75.
            if width + c.len_utf8() > MAX_LINE_OCTETS {
                self.0.push_str("\r\n ");
                width = 1;
            }
            self.0.push(c);
            width += c.len_utf8();
        }
        self.0.push_str("\r\n");
    }
}

/// RFC 5545 §3.3.11 TEXT escaping.
fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            // Text pasted from Windows carries CRLF; it is one line break, not two.
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' => out.push_str("\\n"),
            // TEXT admits no other control characters, and a raw one could end the line.
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Out-of-range seconds only come from corrupt rows; a file with a wrong date beats
/// a panic inside a request handler.
fn utc(at: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(at, 0).unwrap_or(DateTime::UNIX_EPOCH)
}

fn utc_stamp(at: i64) -> String {
    utc(at).format("%Y%m%dT%H%M%SZ").to_string()
}

fn local_stamp(tz: Tz, at: i64) -> String {
    let local = utc(at).with_timezone(&tz);
    local.format("%Y%m%dT%H%M%S").to_string()
}

/// RFC 5545 utc-offset: sign always present, seconds only when non-zero.
fn format_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let abs = seconds.unsigned_abs();
    let (h, m) = (abs / 3600, abs / 60 % 60);
    match abs % 60 {
        0 => format!("{sign}{h:02}{m:02}"),
        s => format!("{sign}{h:02}{m:02}{s:02}"),
    }
}

/// The rule in force at an instant; any change in it is a transition worth writing down.
#[derive(PartialEq)]
struct Observance {
    offset: i32,
    dst: bool,
    name: String,
}

fn observance(tz: Tz, at: i64) -> Observance {
    let offset = tz.offset_from_utc_datetime(&utc(at).naive_utc());
    let seconds = offset.fix().local_minus_utc();
    // Zones with numeric abbreviations ("-03") have none in chrono-tz.
    let name = offset.abbreviation().map(str::to_owned);
    let name = name.unwrap_or_else(|| format_offset(seconds));
    let dst = !offset.dst_offset().is_zero();
    Observance {
        offset: seconds,
        dst,
        name,
    }
}

/// chrono-tz exposes offsets per instant but not its transition table, so transitions from
/// the previous year to the end of the event's year are found by stepping a day at a time
/// and bisecting to the second. One-off observances are all a client needs to place this
/// event, and unlike RRULEs they stay right in years when a zone changed its rules.
fn write_timezone(ics: &mut Lines, tz: Tz, starts_at: i64, ends_at: i64) {
    let year_start = |at: i64, shift: i32| {
        let year = utc(at).with_timezone(&tz).year() + shift;
        let midnight = NaiveDate::from_ymd_opt(year, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0));
        midnight.map_or(at, |midnight| midnight.and_utc().timestamp())
    };
    let from = year_start(starts_at, -1);
    // The cap keeps a corrupt end date from turning into a scan over centuries.
    let until = year_start(ends_at, 1).min(year_start(starts_at, 2));

    ics.put("BEGIN", "VTIMEZONE");
    ics.put("TZID", tz.name());
    // The rule at the window's start: the only observance of a zone without DST (RFC 5545
    // wants at least one), and cover for an event before the window's first transition.
    let mut current = observance(tz, from);
    write_observance(ics, from, current.offset, &current);
    let mut at = from;
    while at < until {
        let next = (at + DAY).min(until);
        if observance(tz, next) == current {
            at = next;
            continue;
        }
        let (mut before, mut after) = (at, next);
        while after - before > 1 {
            let mid = before + (after - before) / 2;
            if observance(tz, mid) == current {
                before = mid;
            } else {
                after = mid;
            }
        }
        let changed = observance(tz, after);
        write_observance(ics, after, current.offset, &changed);
        current = changed;
        at = after;
    }
    ics.put("END", "VTIMEZONE");
}

fn write_observance(ics: &mut Lines, at: i64, offset_from: i32, to: &Observance) {
    let kind = if to.dst { "DAYLIGHT" } else { "STANDARD" };
    // An observance's DTSTART is wall-clock time under the offset it replaces.
    let local = utc(at).naive_utc() + chrono::Duration::seconds(offset_from.into());
    ics.put("BEGIN", kind);
    ics.put("DTSTART", &local.format("%Y%m%dT%H%M%S").to_string());
    ics.put("TZOFFSETFROM", &format_offset(offset_from));
    ics.put("TZOFFSETTO", &format_offset(to.offset));
    ics.put("TZNAME", &escape_text(&to.name));
    ics.put("END", kind);
}

#[cfg(test)]
mod tests {
    use super::*;
    use icalendar::parser::{Component, Parameter, Property, read_calendar, unfold};

    type Props = Vec<(String, String)>;

    fn at(y: i32, mo: u32, d: u32, h: u32) -> i64 {
        Utc.with_ymd_and_hms(y, mo, d, h, 0, 0).unwrap().timestamp()
    }

    fn event(tz: Tz, starts_at: i64) -> IcsEvent<'static> {
        IcsEvent {
            uid: "session-42-registration-7@academy",
            stamp: at(2025, 1, 2, 3),
            starts_at,
            ends_at: starts_at + 3600,
            tz,
            summary: "Handling complaints",
            description: "Bring your notes.",
            location: "Room 4",
            url: Some("https://academy.example/sessions/42"),
            sequence: 3,
            cancelled: false,
        }
    }

    /// Properties of every `name` component, at any depth, as the independent parser
    /// reads them; parameters stay in the key so a test sees TZID was parsed as one.
    fn parsed(ics: &str, name: &str) -> Vec<Props> {
        let unfolded = unfold(ics);
        let calendar = read_calendar(&unfolded).unwrap();
        let props = |list: &[Property]| -> Props {
            let key = |p: &Property| {
                let param = |x: &Parameter| format!(";{}={}", x.key, x.val.as_ref().unwrap());
                p.name.to_string() + &p.params.iter().map(param).collect::<String>()
            };
            list.iter().map(|p| (key(p), p.val.to_string())).collect()
        };
        let mut found = Vec::new();
        let mut pending: Vec<&Component> = calendar.components.iter().collect();
        while let Some(component) = pending.pop() {
            if component.name == name {
                found.push(props(&component.properties));
            }
            pending.extend(&component.components);
        }
        found
    }

    fn get<'a>(props: &'a Props, key: &str) -> &'a str {
        let (_, value) = props.iter().find(|(k, _)| k == key).expect(key);
        value
    }

    /// How many `kind` observances switch between these offsets under this name.
    fn switches(ics: &str, kind: &str, from: &str, to: &str, name: &str) -> usize {
        let matches = |p: &Props| {
            [("TZOFFSETFROM", from), ("TZOFFSETTO", to), ("TZNAME", name)]
                .iter()
                .all(|(key, want)| get(p, key) == *want)
        };
        parsed(ics, kind).iter().filter(|p| matches(p)).count()
    }

    #[test]
    fn summary_and_description_survive_a_round_trip_through_an_independent_parser() {
        let summary = "Café; tea, and C:\\temp — 日本語";
        let description = "Line one, with commas; semicolons\nback\\slash\r\nCafé ".repeat(8);
        let ics = calendar(&IcsEvent {
            summary,
            description: &description,
            location: "Hall A, 2nd floor",
            ..event(chrono_tz::America::New_York, at(2025, 7, 10, 13))
        });
        let ev = &parsed(&ics, "VEVENT")[0];
        assert_eq!(get(ev, "SUMMARY"), summary);
        // A CRLF typed into a form is one line break, so it comes back as "\n".
        assert_eq!(get(ev, "DESCRIPTION"), description.replace("\r\n", "\n"));
        assert_eq!(get(ev, "LOCATION"), "Hall A, 2nd floor");
        assert_eq!(get(ev, "UID"), "session-42-registration-7@academy");
        assert_eq!(get(ev, "DTSTAMP"), "20250102T030000Z");
        assert_eq!(get(ev, "DTSTART;TZID=America/New_York"), "20250710T090000");
        assert_eq!(get(ev, "URL"), "https://academy.example/sessions/42");
        assert_eq!(get(ev, "SEQUENCE"), "3");
        let zone = &parsed(&ics, "VTIMEZONE")[0];
        assert_eq!(get(zone, "TZID"), "America/New_York");
        let header =
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Service Academy//Sessions//EN\r\n";
        assert!(ics.starts_with(header) && ics.contains("\r\nCALSCALE:GREGORIAN\r\n"));
    }

    #[test]
    fn new_york_sessions_start_at_9_local_time_from_13_utc_in_july_and_14_utc_in_january() {
        let july = calendar(&event(chrono_tz::America::New_York, at(2025, 7, 10, 13)));
        assert!(july.contains("\r\nDTSTART;TZID=America/New_York:20250710T090000\r\n"));
        assert!(july.contains("\r\nDTEND;TZID=America/New_York:20250710T100000\r\n"));
        let january = calendar(&event(chrono_tz::America::New_York, at(2026, 1, 15, 14)));
        assert!(january.contains("\r\nDTSTART;TZID=America/New_York:20260115T090000\r\n"));
    }

    #[test]
    fn the_new_york_timezone_describes_its_switches_between_eastern_offsets() {
        let ics = calendar(&event(chrono_tz::America::New_York, at(2025, 7, 10, 13)));
        // 2024 and 2025 each switch to daylight time and back.
        assert_eq!(switches(&ics, "DAYLIGHT", "-0500", "-0400", "EDT"), 2);
        assert_eq!(switches(&ics, "STANDARD", "-0400", "-0500", "EST"), 2);
        // US daylight time in 2025 began at 02:00 local on 9 March, and ended on 2 November.
        assert!(ics.contains("BEGIN:DAYLIGHT\r\nDTSTART:20250309T020000\r\n"));
        assert!(ics.contains("BEGIN:STANDARD\r\nDTSTART:20251102T020000\r\n"));
    }

    #[test]
    fn every_line_ends_with_crlf_and_fits_in_75_octets() {
        // Mixed-width characters guarantee that some fold falls inside a character.
        let description = "é日a".repeat(200);
        let ics = calendar(&IcsEvent {
            description: &description,
            ..event(chrono_tz::Europe::Paris, at(2025, 3, 30, 0))
        });
        let body = ics.strip_suffix("\r\n").expect("last line ends with CRLF");
        for line in body.split("\r\n") {
            assert!(!line.contains(['\r', '\n']), "bare line break in {line:?}");
            assert!(line.len() <= MAX_LINE_OCTETS, "too long: {line:?}");
        }
        assert!(body.split("\r\n").any(|line| line.starts_with(' ')));
        assert_eq!(get(&parsed(&ics, "VEVENT")[0], "DESCRIPTION"), description);
    }

    #[test]
    fn a_cancelled_session_is_marked_cancelled_and_sent_as_a_cancel() {
        let confirmed = event(chrono_tz::Europe::Paris, at(2025, 7, 10, 7));
        let ics = calendar(&confirmed);
        assert!(ics.contains("\r\nSTATUS:CONFIRMED\r\n") && ics.contains("\r\nMETHOD:PUBLISH\r\n"));
        let ics = calendar(&IcsEvent {
            cancelled: true,
            sequence: 4,
            ..confirmed
        });
        assert!(ics.contains("\r\nSTATUS:CANCELLED\r\n") && ics.contains("\r\nMETHOD:CANCEL\r\n"));
        assert!(ics.contains("\r\nSEQUENCE:4\r\n"));
    }

    #[test]
    fn a_paris_session_uses_central_european_time() {
        let ics = calendar(&event(chrono_tz::Europe::Paris, at(2025, 7, 10, 7)));
        assert!(ics.contains("\r\nDTSTART;TZID=Europe/Paris:20250710T090000\r\n"));
        assert_eq!(switches(&ics, "DAYLIGHT", "+0100", "+0200", "CEST"), 2);
        assert_eq!(switches(&ics, "STANDARD", "+0200", "+0100", "CET"), 2);
        // EU summer time in 2025 began at 02:00 local on 30 March.
        assert!(ics.contains("BEGIN:DAYLIGHT\r\nDTSTART:20250330T020000\r\n"));
    }

    #[test]
    fn zones_without_daylight_time_get_one_standard_component_and_unusable_fields_are_left_out() {
        let tokyo = calendar(&IcsEvent {
            location: "",
            url: Some("/sessions/42"),
            ..event(chrono_tz::Asia::Tokyo, at(2025, 7, 10, 0))
        });
        assert!(!tokyo.contains("LOCATION") && !tokyo.contains("\r\nURL"));
        assert!(tokyo.contains("\r\nDTSTART;TZID=Asia/Tokyo:20250710T090000\r\n"));
        let utc = calendar(&event(chrono_tz::UTC, at(2025, 7, 10, 9)));
        assert!(utc.contains("\r\nDTSTART;TZID=UTC:20250710T090000\r\n"));
        for (ics, offset, name) in [(tokyo, "+0900", "JST"), (utc, "+0000", "UTC")] {
            assert_eq!(parsed(&ics, "STANDARD").len(), 1);
            assert_eq!(switches(&ics, "STANDARD", offset, offset, name), 1);
            assert!(parsed(&ics, "DAYLIGHT").is_empty());
        }
    }

    #[test]
    fn the_google_link_encodes_text_and_uses_utc_dates() {
        let link = google_calendar_link(&IcsEvent {
            summary: "Café & tea, 50% off?",
            description: "Line one\nLine #2",
            ..event(chrono_tz::America::New_York, at(2025, 7, 10, 13))
        });
        assert!(link.starts_with("https://calendar.google.com/calendar/render?action=TEMPLATE&"));
        assert!(link.contains("&text=Caf%C3%A9+%26+tea%2C+50%25+off%3F&"));
        assert!(link.contains("&dates=20250710T130000Z%2F20250710T140000Z&"));
        assert!(link.ends_with("&ctz=America%2FNew_York"));
        let query = link.split_once('?').unwrap().1;
        let pairs: Props = url::form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        assert_eq!(get(&pairs, "text"), "Café & tea, 50% off?");
        assert_eq!(get(&pairs, "dates"), "20250710T130000Z/20250710T140000Z");
        let details = "Line one\nLine #2\n\nhttps://academy.example/sessions/42";
        assert_eq!(get(&pairs, "details"), details);
        assert_eq!(get(&pairs, "location"), "Room 4");
    }
}
