//! The city HR roster export (CSV, RFC 4180), read and checked: [`parse`] validates the file
//! and names every problem by line; `plan.rs` diffs the rows with the stored people.

use super::rules::is_code;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Required columns, in header order (also the order of `Change::Update` fields).
pub const HEADER: &str = "employee_id,name,email,department,job_title,manager_id,active";
const CODE_RULE: &str = "is not valid: use 1 to 32 letters, digits, '-' or '_'";
const EMAIL_RULE: &str = "is not valid: it must look like name@example.org";
const ACTIVE_RULE: &str = "is not valid: use yes, no, true, false, 1, 0, y or n";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    pub line: usize,
    pub employee_id: String,
    pub name: String,
    pub email: String,
    pub department: String,
    pub job_title: String,
    pub manager_id: Option<String>,
    pub active: bool,
}

/// `line`: 1-based physical line where the record starts; 1 = header; 0 = whole file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub line: usize,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Parsed {
    pub rows: Vec<Row>,
    pub problems: Vec<Problem>,
}

pub(super) fn problem(line: usize, message: String) -> Problem {
    Problem { line, message }
}

/// A value for a message: at most 40 characters, quoted and escaped.
pub(super) fn show(value: &str) -> String {
    match value.char_indices().nth(40) {
        Some((cut, _)) => format!("{:?}", format!("{}...", &value[..cut])),
        None => format!("{value:?}"),
    }
}

/// One CSV record: its first physical line, its fields (text, was quoted), a syntax error.
struct Record(usize, Vec<(String, bool)>, Option<&'static str>);

/// Reads the RFC 4180 record starting at `*pos`; `*line` counts physical lines.
fn next_record(text: &str, pos: &mut usize, line: &mut usize) -> Option<Record> {
    let b = text.as_bytes();
    if *pos >= b.len() {
        return None;
    }
    let mut rec = Record(*line, Vec::new(), None);
    let (mut i, mut start, mut field) = (*pos, *pos, String::new());
    // `quoted`: the field began with a quote; `closed`: index of its closing quote.
    let (mut quoted, mut closed, mut seen) = (false, None, false);
    loop {
        let c = b.get(i).copied();
        if quoted && closed.is_none() {
            match c {
                None => {
                    (*pos, rec.2) = (i, Some("a quoted field is not closed"));
                    return Some(rec);
                }
                Some(b'"') if b.get(i + 1) == Some(&b'"') => {
                    field.push_str(&text[start..=i]);
                    (i, start) = (i + 1, i + 2);
                }
                Some(b'"') => {
                    field.push_str(&text[start..i]);
                    closed = Some(i);
                }
                Some(b'\n') => *line += 1,
                _ => {}
            }
        } else if let None | Some(b',' | b'\n') = c {
            match closed {
                Some(q) if !text[q + 1..i].trim().is_empty() => {
                    rec.2 = Some("a quoted field has text after its closing quote");
                }
                Some(_) => {}
                None => field = text[start..i].trim().to_string(),
            }
            rec.1.push((std::mem::take(&mut field), quoted));
            if c != Some(b',') {
                (*pos, *line) = (i + 1, *line + 1);
                return Some(rec);
            }
            (start, quoted, closed, seen) = (i + 1, false, None, false);
        } else if c == Some(b'"') && !seen && !quoted {
            (quoted, start) = (true, i + 1);
        } else if !matches!(c, Some(b' ' | b'\t')) {
            seen = true;
        }
        i += 1;
    }
}

/// Parses and validates the HR export; more than `max_rows` data records stop
/// parsing with a problem. Rows with any problem are left out of `rows`.
pub fn parse(bytes: &[u8], max_rows: usize) -> Parsed {
    let mut out = Parsed::default();
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.strip_prefix('\u{feff}').unwrap_or(text),
        Err(e) => {
            let line = bytes[..e.valid_up_to()].split(|&c| c == b'\n').count();
            let message = "the file is not UTF-8 text (save it as CSV UTF-8)";
            let message = format!("{message}: the first bad byte is on line {line}.");
            out.problems.push(problem(0, message));
            return out;
        }
    };
    let blank = |r: &Record| r.2.is_none() && r.1.len() == 1 && !r.1[0].1 && r.1[0].0.is_empty();
    let (mut pos, mut line) = (0, 1);
    let mut records = std::iter::from_fn(|| next_record(text, &mut pos, &mut line));
    let Some(header) = records.by_ref().find(|r| !blank(r)) else {
        out.problems.push(problem(0, "The file is empty.".into()));
        return out;
    };
    let index = header_index(&header).map_err(|m| out.problems.push(problem(header.0, m)));
    let Ok(index) = index else {
        return out;
    };
    let mut seen = [HashMap::new(), HashMap::new()];
    for (count, rec) in records.filter(|r| !blank(r)).enumerate() {
        if count >= max_rows {
            let message = format!("more than {max_rows} rows: split the file");
            out.problems.push(problem(rec.0, message));
            break;
        }
        check_record(&rec, index, &mut seen, &mut out);
    }
    out
}

/// Maps each column of [`HEADER`] to its position in the file's header.
fn header_index(header: &Record) -> Result<[usize; 7], String> {
    if let Some(error) = header.2 {
        return Err(format!("The header row is invalid: {error}."));
    }
    let mut index = [usize::MAX; 7];
    let (mut unknown, mut repeated) = (Vec::new(), Vec::new());
    for (pos, (name, _)) in header.1.iter().enumerate() {
        let name = name.trim().to_lowercase();
        match HEADER.split(',').position(|c| c == name) {
            Some(c) if index[c] == usize::MAX => index[c] = pos,
            Some(_) => repeated.push(show(&name)),
            None => unknown.push(show(&name)),
        }
    }
    let missing = HEADER.split(',').zip(index).filter(|c| c.1 == usize::MAX);
    let missing: Vec<_> = missing.map(|(name, _)| name.to_string()).collect();
    let (mut parts, names) = (Vec::new(), ["missing", "unknown", "repeated"]);
    for (what, list) in names.into_iter().zip([missing, unknown, repeated]) {
        if !list.is_empty() {
            parts.push(format!("{what} columns: {}", list.join(", ")));
        }
    }
    match parts.is_empty() {
        true => Ok(index),
        false => Err(format!("The header row is wrong ({}).", parts.join("; "))),
    }
}

fn is_email(value: &str) -> bool {
    let (local, domain) = value.split_once('@').unwrap_or_default();
    let labels_ok = domain.contains('.') && domain.split('.').all(|l| !l.is_empty());
    let chars_ok = !value.contains(char::is_whitespace) && !domain.contains('@');
    !local.is_empty() && labels_ok && chars_ok && value.len() <= 254
}

/// First lines of the employee ids and of the emails seen so far.
type Seen = [HashMap<String, usize>; 2];

/// Validates one record, adding it to `out.rows` or each bad field to `out.problems`.
fn check_record(rec: &Record, index: [usize; 7], seen: &mut Seen, out: &mut Parsed) {
    let (line, fields, n, before) = (rec.0, &rec.1, rec.1.len(), out.problems.len());
    if let Some(error) = rec.2 {
        let message = format!("The record is invalid: {error}.");
        return out.problems.push(problem(line, message));
    } else if n != 7 {
        let message = format!("The record has {n} fields instead of 7.");
        return out.problems.push(problem(line, message));
    }
    let mut bad = |field: &str, value: &str, why: &str| {
        let message = format!("{field} {} {why}.", show(value));
        out.problems.push(problem(line, message));
    };
    let [id, name, email, department, job_title, manager, active] = index.map(|i| &*fields[i].0);
    let mut first_seen = |kind: usize, key: &str| match seen[kind].get(key) {
        Some(first) => Some(format!("already appears on line {first}")),
        None => seen[kind].insert(key.to_string(), line).and(None),
    };
    if !is_code(id) {
        bad("employee_id", id, CODE_RULE);
    } else if let Some(why) = first_seen(0, id) {
        bad("employee_id", id, &why);
    }
    if name.trim().is_empty() || name.chars().count() > 120 {
        bad("name", name, "must be 1 to 120 characters, not blank");
    }
    let lower = email.to_lowercase();
    if !is_email(&lower) {
        bad("email", email, EMAIL_RULE);
    } else if let Some(why) = first_seen(1, &lower) {
        bad("email", email, &why);
    }
    if !is_code(department) {
        bad("department", department, CODE_RULE);
    }
    if job_title.chars().count() > 120 {
        bad("job_title", job_title, "is longer than 120 characters");
    }
    if !manager.is_empty() && !is_code(manager) {
        bad("manager_id", manager, CODE_RULE);
    } else if manager == id {
        bad("manager_id", manager, "is the employee's own id");
    }
    let active_value = match active.to_lowercase().as_str() {
        "" | "yes" | "true" | "1" | "y" => true,
        "no" | "false" | "0" | "n" => false,
        _ => {
            bad("active", active, ACTIVE_RULE);
            false
        }
    };
    if out.problems.len() > before {
        return;
    }
    out.rows.push(Row {
        line,
        employee_id: id.to_string(),
        name: name.to_string(),
        email: lower,
        department: department.to_uppercase(),
        job_title: job_title.to_string(),
        manager_id: (!manager.is_empty()).then(|| manager.to_string()),
        active: active_value,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(p: &Problem) -> String {
        format!("{}: {}", p.line, p.message)
    }

    fn report(bytes: impl AsRef<[u8]>, max_rows: usize) -> String {
        let parsed = parse(bytes.as_ref(), max_rows);
        let rows = parsed.rows.iter().map(|r| {
            let (id, name, email, title) = (&r.employee_id, &r.name, &r.email, &r.job_title);
            let manager = r.manager_id.as_deref().unwrap_or("-");
            let (line, department, active) = (r.line, &r.department, r.active);
            format!("{line}: {id}|{name}|{email}|{department}|{title}|{manager}|{active}")
        });
        let lines: Vec<_> = rows.chain(parsed.problems.iter().map(line)).collect();
        lines.join("\n")
    }

    const CASES: &str = "E 1,A,a1@x.org,IT,,,\nE2,\"  \",a2@x.org,IT,,,\nE3,A,a@x@y.org,IT,,,\nE4,A,a4@xorg,IT,,,
E5,A,\"a 5@x.org\",IT,,,\nE6,A,a6@x.org,I.T,,,\nE7,A,a7@x.org,IT,,E 2,\nE8,A,a8@x.org,IT,,E8,
E9,A,a9@x.org,IT,,,maybe\nE10,A,a10@x.org,IT,,\nE11,\"A\"x,a11@x.org,IT,,,\n E12 , Al , A12@X.org , it , t ,E1 , NO
E13,B,a13@x.org,IT,,,\nE14,C,a14@x.org,IT,,,TRUE\nE12,C,a12@x.org,IT,,,\nE15,C,A13@x.org,IT,,,0\niiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiii,A,b1@x.org,IT,,,";
    const EXPECTED: &str = "13: E12|Al|a12@x.org|IT|t|E1|false\n14: E13|B|a13@x.org|IT||-|true\n15: E14|C|a14@x.org|IT||-|true
2: employee_id \"E 1\" is not valid: use 1 to 32 letters, digits, '-' or '_'.\n3: name \"  \" must be 1 to 120 characters, not blank.
4: email \"a@x@y.org\" is not valid: it must look like name@example.org.\n5: email \"a4@xorg\" is not valid: it must look like name@example.org.
6: email \"a 5@x.org\" is not valid: it must look like name@example.org.\n7: department \"I.T\" is not valid: use 1 to 32 letters, digits, '-' or '_'.
8: manager_id \"E 2\" is not valid: use 1 to 32 letters, digits, '-' or '_'.\n9: manager_id \"E8\" is the employee's own id.
10: active \"maybe\" is not valid: use yes, no, true, false, 1, 0, y or n.\n11: The record has 6 fields instead of 7.
12: The record is invalid: a quoted field has text after its closing quote.\n16: employee_id \"E12\" already appears on line 13.
16: email \"a12@x.org\" already appears on line 13.\n17: email \"A13@x.org\" already appears on line 14.
18: employee_id \"iiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiii...\" is not valid: use 1 to 32 letters, digits, '-' or '_'.
19: name \"nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn...\" must be 1 to 120 characters, not blank.
20: job_title \"tttttttttttttttttttttttttttttttttttttttt...\" is longer than 120 characters.";

    #[test]
    fn parse_rules_line_numbers_encoding_and_junk() {
        let bad = "1: The header row is wrong (missing columns: manager_id, active; unknown columns: \"foo\"; repeated columns: \"name\").";
        let got = report("Employee_ID,name,email,department,job_title,foo,NAME", 9);
        assert_eq!(got, bad);
        let ok = "\u{feff} ACTIVE ,Email,name,employee_id,department,manager_id,job_title\r\nn, A@X.org ,Ann,E1,it,,\"Clerk\"\r\n";
        assert_eq!(report(ok, 9), "2: E1|Ann|a@x.org|IT|Clerk|-|false");
        assert_eq!(report("", 9), "0: The file is empty.");
        assert_eq!(report("\u{feff} \r\n\n", 9), "0: The file is empty.");
        let data = HEADER.to_string()
            + "\r\nE1,\"Smith, Jane \"\"JJ\"\"\",j@x.org,IT,\"Boss\nof all\",,y\n\n  \nE2,Bob,b@x.org,IT,,E1,1\nE3,\"open";
        let expected = "2: E1|Smith, Jane \"JJ\"|j@x.org|IT|Boss\nof all|-|true\n6: E2|Bob|b@x.org|IT||E1|true\n7: The record is invalid: a quoted field is not closed.";
        assert_eq!(report(&data, 9), expected);
        let expected = "2: E1|Smith, Jane \"JJ\"|j@x.org|IT|Boss\nof all|-|true\n6: more than 1 rows: split the file";
        assert_eq!(report(&data, 1), expected);
        let (name, title) = ("n".repeat(121), "t".repeat(121));
        let long = format!("E20,{name},b2@x.org,IT,,,\nE21,A,b3@x.org,IT,{title},,");
        assert_eq!(report(format!("{HEADER}\n{CASES}\n{long}"), 99), EXPECTED);
        let expected = "0: the file is not UTF-8 text (save it as CSV UTF-8): the first bad byte is on line 2.";
        assert_eq!(report(b"employee_id\nE1,Jos\xe9", 9), expected);
        let started = std::time::Instant::now();
        let random = |alphabet: &[u8]| -> Vec<u8> {
            let pick = |i: u64| alphabet[((i * 2_654_435_761) >> 13) as usize % alphabet.len()];
            (0..5_000_000).map(pick).collect()
        };
        let (all, header): (Vec<u8>, _) = ((0..=255).collect(), format!("{HEADER}\n"));
        let unterminated = [header.as_bytes(), &random(b"a\",\n ")].concat();
        let long_line = [header.as_bytes(), &[b'y'; 5_000_000]].concat();
        let (quoted, x_line) = (random(b"a,\"\n\r "), vec![b'x'; 5_000_000]);
        for junk in [random(&all), quoted, x_line, unterminated, long_line] {
            let parsed = parse(&junk, 1000);
            assert!(!parsed.problems.is_empty() && parsed.rows.is_empty());
            assert!(parsed.problems.iter().all(|p| p.message.len() < 200));
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
    }
}
