//! Folder-level rules of a course: lessons numbered 01, 02, ... without gaps or
//! repeats, unique lesson slugs, at least one lesson; and duplicate detection.

use super::model::Problem;
use super::scan::CourseDir;
use std::collections::HashMap;

/// Reports duplicate keys: `items` are (key, problem path); the later ones are reported.
pub fn report_duplicates<'a>(
    items: impl IntoIterator<Item = (&'a str, &'a str)>,
    what: &str,
    problems: &mut Vec<Problem>,
) {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for (key, path) in items {
        if let Some(first) = seen.insert(key, path) {
            seen.insert(key, first);
            problems.push(Problem::new(
                path,
                1,
                format!("duplicate {what} \"{key}\" (also used by {first})"),
            ));
        }
    }
}

/// Checks lesson numbering (contiguous from 01, no duplicates) and slugs.
pub(super) fn check_lessons(c: &mut CourseDir, problems: &mut Vec<Problem>) {
    c.lessons.sort_by(|a, b| (a.0, &a.2).cmp(&(b.0, &b.2)));
    if c.lessons.is_empty() {
        if let Some(src) = &c.course {
            problems.push(Problem::new(
                &src.path,
                1,
                "a course needs at least one lesson (a file named 01-<slug>.md)",
            ));
        }
        return;
    }
    let numbers = c
        .lessons
        .iter()
        .map(|(n, _, _, s)| (format!("{n:02}"), s.path.as_str()));
    let numbers: Vec<(String, &str)> = numbers.collect();
    report_duplicates(
        numbers.iter().map(|(n, p)| (n.as_str(), *p)),
        "lesson number",
        problems,
    );
    report_duplicates(
        c.lessons
            .iter()
            .map(|(_, slug, _, s)| (slug.as_str(), s.path.as_str())),
        "lesson slug",
        problems,
    );
    let mut expected = 1;
    for (number, _, file, src) in &c.lessons {
        if *number == expected {
            expected += 1;
        } else if *number > expected {
            let message = format!(
                "lesson numbers must be contiguous from 01: expected {expected:02} before {file}"
            );
            problems.push(Problem::new(&src.path, 1, message));
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::{LESSON_2, TempCourses};
    use super::*;

    #[test]
    fn a_gap_in_lesson_numbers_is_reported_on_the_first_file_after_it() {
        let t = TempCourses::valid();
        t.remove("demo/02-more.md")
            .write("demo/03-more.md", LESSON_2);
        assert_eq!(
            t.problems(),
            [
                "courses/demo/01-welcome.md:8: broken link \"02-more.md\"",
                "courses/demo/03-more.md:1: lesson numbers must be contiguous from 01: expected 02 before 03-more.md",
            ]
        );
    }

    #[test]
    fn lessons_not_starting_at_01_are_reported() {
        let t = TempCourses::valid();
        t.remove("demo/01-welcome.md")
            .remove("demo/02-more.md")
            .write("demo/02-more.md", LESSON_2);
        assert_eq!(
            t.problems(),
            [
                "courses/demo/02-more.md:1: lesson numbers must be contiguous from 01: expected 01 before 02-more.md",
                "courses/demo/course.md:14: broken link \"01-welcome.md\"",
            ]
        );
    }

    #[test]
    fn a_duplicate_lesson_number_is_reported_on_the_second_file() {
        let t = TempCourses::valid();
        t.write("demo/02-extra.md", LESSON_2);
        assert_eq!(
            t.problems(),
            [
                "courses/demo/02-more.md:1: duplicate lesson number \"02\" (also used by courses/demo/02-extra.md)"
            ]
        );
    }

    #[test]
    fn a_duplicate_lesson_slug_is_reported_on_the_second_file() {
        let t = TempCourses::valid();
        t.write("demo/03-welcome.md", LESSON_2);
        assert_eq!(
            t.problems(),
            [
                "courses/demo/03-welcome.md:1: duplicate lesson slug \"welcome\" (also used by courses/demo/01-welcome.md)"
            ]
        );
    }

    #[test]
    fn duplicate_course_and_case_study_slugs_are_reported() {
        let mut problems = Vec::new();
        let items = [
            ("a", "courses/x/course.md"),
            ("b", "courses/y/course.md"),
            ("a", "courses/z/course.md"),
        ];
        report_duplicates(items, "course slug", &mut problems);
        report_duplicates(
            [
                ("s", "courses/case-studies/s.md"),
                ("s", "courses/case-studies/t.md"),
            ],
            "case-study slug",
            &mut problems,
        );
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "courses/z/course.md:1: duplicate course slug \"a\" (also used by courses/x/course.md)",
                "courses/case-studies/t.md:1: duplicate case-study slug \"s\" (also used by courses/case-studies/s.md)",
            ]
        );
    }

    #[test]
    fn a_course_without_lessons_is_reported_on_course_md() {
        let t = TempCourses::valid();
        t.remove("demo/01-welcome.md").remove("demo/02-more.md");
        t.write(
            "demo/course.md",
            super::super::testkit::COURSE.replace("[the first lesson](01-welcome.md)", "soon"),
        );
        assert_eq!(
            t.problems(),
            [
                "courses/demo/course.md:1: a course needs at least one lesson (a file named 01-<slug>.md)"
            ]
        );
    }
}
