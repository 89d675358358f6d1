//! Rules of department records, without I/O: what a code and a name may be, and the code a
//! department gets from its name when only a name is given (an account form, the demo).

/// Why a department cannot be saved with this code and name, if it cannot.
pub fn department_problem(code: &str, name: &str) -> Option<&'static str> {
    if !is_code(code) {
        Some("A department code is 1–32 letters, digits, - or _.")
    } else if name.is_empty() || name.chars().count() > 120 {
        Some("Give the department's name (at most 120 characters).")
    } else {
        None
    }
}

/// An employee id or department code: 1–32 letters, digits, `-` or `_`.
pub fn is_code(value: &str) -> bool {
    let ok = |c: u8| c.is_ascii_alphanumeric() || c == b'-' || c == b'_';
    (1..=32).contains(&value.len()) && value.bytes().all(ok)
}

/// A department's code from its name: "311 Call Center" → "311-CALL-CENTER" (letters and digits
/// upper-cased, every other run of characters one `-`, at most 32 characters). Empty when the
/// name has no ASCII letter or digit.
pub fn code_from_name(name: &str) -> String {
    let code: String = name
        .to_uppercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    code.split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-")
        .chars()
        .take(32)
        .collect()
}

/// The `n`th code to try for a department named `name` (n = 1, 2, …) when earlier ones are
/// taken: the spelled code, then it followed by `-2`, `-3`… (`DEPT-n` when nothing spells).
pub fn candidate_code(name: &str, n: usize) -> String {
    let base = code_from_name(name);
    match (base.is_empty(), n) {
        (false, 1) => base,
        (true, _) => format!("DEPT-{n}"),
        (false, _) => {
            let suffix = format!("-{n}");
            let keep = 32 - suffix.len();
            format!("{}{suffix}", &base[..base.len().min(keep)])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_spelled_from_names() {
        assert_eq!(code_from_name("311 Call Center"), "311-CALL-CENTER");
        assert_eq!(
            code_from_name("  Licenses & Inspections "),
            "LICENSES-INSPECTIONS"
        );
        assert_eq!(code_from_name("市政"), "");
        assert_eq!(code_from_name(&"a".repeat(40)).len(), 32);
    }

    #[test]
    fn taken_codes_are_followed_by_a_number_and_every_candidate_is_a_code() {
        assert_eq!(candidate_code("Parks", 1), "PARKS");
        assert_eq!(candidate_code("Parks", 2), "PARKS-2");
        assert_eq!(candidate_code("市政", 3), "DEPT-3");
        for name in ["Parks", "市政", &"b".repeat(40)] {
            for n in [1, 2, 10, 1000] {
                assert!(is_code(&candidate_code(name, n)), "{name} {n}");
            }
        }
    }
}
