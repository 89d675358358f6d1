//! Lists of employee ids as people paste them: one parser for every form that takes a list
//! (enrolment, assignment, a session's roster, a session's instructors).

/// The ids in `text`, in order, separated by commas, semicolons, spaces or line breaks (so a
/// column pasted from a spreadsheet and a list typed with semicolons both work).
pub fn employee_id_list(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The ids in `text`, sorted, each once.
pub fn distinct_employee_ids(text: &str) -> Vec<String> {
    let mut ids = employee_id_list(text);
    ids.sort();
    ids.dedup();
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_separator_people_paste_splits_a_list() {
        assert_eq!(
            employee_id_list(" E1,E2;E3\nE4\r\n\tE5  E6;; ,"),
            ["E1", "E2", "E3", "E4", "E5", "E6"]
        );
        assert!(employee_id_list(" ;\n, ").is_empty());
    }

    #[test]
    fn distinct_ids_are_sorted_once_each() {
        assert_eq!(distinct_employee_ids("E2;E1,E2"), ["E1", "E2"]);
    }
}
