//! `load`: reads a courses folder, validates every file and builds the `Library`,
//! collecting every problem found (sorted by path, then line).

use super::check;
use super::course::{self, LessonFile};
use super::glossary;
use super::markdown::Env;
use super::model::{CaseStudy, Course, GlossaryTerm, Problem};
use super::numbering::{check_lessons, report_duplicates};
use super::scan::scan;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::Path;

pub use super::sample::generate_sample;

/// Everything in a courses folder, validated and rendered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Library {
    pub courses: Vec<Course>,
    pub case_studies: Vec<CaseStudy>,
    pub glossary: Vec<GlossaryTerm>,
}

/// Reads and validates the courses folder `dir`. Problem paths start with the
/// folder's own name (normally `courses/`).
pub fn load(dir: &Path) -> Result<Library, Vec<Problem>> {
    let root = dir
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("courses")
        .to_string();
    let mut problems = Vec::new();
    let mut scan = scan(dir, &root, &mut problems);
    let (glossary, terms) = match &scan.glossary {
        Some(src) => glossary::parse(&src.text, &src.path, &scan.files, &mut problems),
        None => (Vec::new(), HashMap::new()),
    };
    let env = Env {
        files: &scan.files,
        glossary: &terms,
        tooltips: true,
    };
    let course_slugs: HashSet<String> = scan.courses.iter().map(|c| c.slug.clone()).collect();
    report_duplicates(
        scan.courses
            .iter()
            .map(|c| (c.slug.as_str(), root.as_str())),
        "course slug",
        &mut problems,
    );
    let mut courses = Vec::with_capacity(scan.courses.len());
    for c in &mut scan.courses {
        check_lessons(c, &mut problems);
        let Some(src) = &c.course else { continue };
        let mut course = course::parse_course(&c.slug, &src.path, &src.text, &env, &mut problems);
        for (number, slug, _, src) in &c.lessons {
            let file = LessonFile {
                course: &c.slug,
                number: *number,
                slug,
                path: &src.path,
            };
            let lesson = course::parse_lesson(&file, &src.text, &env, &mut problems);
            if let (Some(course), Some(lesson)) = (course.as_mut(), lesson) {
                course.lessons.push(lesson);
            }
        }
        if let Some(src) = &c.check {
            let check = check::parse(&c.slug, &src.path, &src.text, &env, &mut problems);
            if let Some(course) = course.as_mut() {
                course.check = check;
            }
        }
        courses.extend(course);
    }
    let cases = scan
        .case_studies
        .iter()
        .map(|(slug, s)| (slug.as_str(), s.path.as_str()));
    report_duplicates(cases, "case-study slug", &mut problems);
    let case_studies = scan
        .case_studies
        .iter()
        .filter_map(|(slug, src)| {
            course::parse_case_study(
                slug,
                &src.path,
                &src.text,
                &env,
                &course_slugs,
                &mut problems,
            )
        })
        .collect();
    if problems.is_empty() {
        Ok(Library {
            courses,
            case_studies,
            glossary,
        })
    } else {
        problems.sort();
        problems.dedup();
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::TempCourses;
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn a_valid_folder_loads_into_courses_case_studies_and_glossary() {
        let lib = TempCourses::valid().library();
        assert_eq!(
            lib.glossary
                .iter()
                .map(|t| t.slug.as_str())
                .collect::<Vec<_>>(),
            ["customer", "front-line"]
        );
        let course = &lib.courses[0];
        assert_eq!(
            (
                course.slug.as_str(),
                course.title.as_str(),
                course.pass_mark
            ),
            ("demo", "Demo Course", 80)
        );
        assert_eq!(course.instructors, ["Ada Lovelace", "Grace Hopper"]);
        assert_eq!(course.source_path, "courses/demo/course.md");
        assert!(
            course
                .overview_html
                .contains("href=\"/courses/demo/welcome\""),
            "{}",
            course.overview_html
        );
        let lessons: Vec<(u32, &str, u32)> = course
            .lessons
            .iter()
            .map(|l| (l.number, l.slug.as_str(), l.minutes))
            .collect();
        assert_eq!(lessons, [(1, "welcome", 10), (2, "more", 20)]);
        let first = &course.lessons[0];
        assert_eq!(first.terms, ["Front line", "Customer"]);
        assert_eq!(
            first
                .toc
                .iter()
                .map(|t| (t.level, t.id.as_str()))
                .collect::<Vec<_>>(),
            [(2, "hello"), (3, "why")]
        );
        assert_eq!(first.content_hash, crate_hash(testkit_lesson_1()));
        assert_eq!(first.source_path, "courses/demo/01-welcome.md");
        assert!(
            first
                .html
                .contains("Staff who deal directly with customers.</span>")
        );
        assert!(
            course.lessons[1]
                .html
                .contains("src=\"/course-assets/demo/images/diagram.png\"")
        );
        let check = course.check.as_ref().unwrap();
        assert_eq!((check.title.as_str(), check.questions.len()), ("Check", 1));
        assert!(
            check.questions[0]
                .explanation_html
                .contains("id=\"tip-q1-1\"")
        );
        let study = &lib.case_studies[0];
        assert_eq!(
            (study.slug.as_str(), study.courses.as_slice()),
            ("market", ["demo".to_string()].as_slice())
        );
        assert!(
            study
                .html
                .contains("<h2 id=\"discussion-questions\">Discussion questions</h2>")
        );
    }

    fn crate_hash(text: &str) -> String {
        super::super::course::content_hash(text.as_bytes())
    }

    fn testkit_lesson_1() -> &'static str {
        super::super::testkit::LESSON_1
    }

    #[test]
    fn a_library_serialises_with_serde() {
        fn assert_serde<T: serde::Serialize + serde::de::DeserializeOwned>(_: &T) {}
        let lib = TempCourses::valid().library();
        assert_serde(&lib.courses);
        assert_serde(&lib.case_studies);
        assert_serde(&lib.glossary);
    }

    #[test]
    fn every_problem_is_collected_and_sorted_by_path_then_line() {
        let t = TempCourses::valid();
        t.write(
            "demo/02-more.md",
            "---\ntitle: More\nminutes: lots\n---\n\nSee [[Nobody]].\n\n# Big\n",
        )
        .write(
            "demo/01-welcome.md",
            "---\ntitel: Welcome\nminutes: 10\n---\n\nText.\n",
        )
        .write("case-studies/market.md", CASE_STUDY_NO_QUESTIONS);
        assert_eq!(
            t.problems(),
            [
                "courses/case-studies/market.md:9: a case study must end with \"## Discussion questions\" and a list",
                "courses/demo/01-welcome.md:1: missing required key \"title\"",
                "courses/demo/01-welcome.md:2: unknown key \"titel\" (allowed: title, minutes)",
                "courses/demo/02-more.md:3: minutes must be a whole number of minutes, got \"lots\"",
                "courses/demo/02-more.md:6: unknown glossary term \"Nobody\"",
                "courses/demo/02-more.md:8: level-1 heading \"Big\": use ## for sections; the title comes from front matter",
            ]
        );
    }

    const CASE_STUDY_NO_QUESTIONS: &str = "---\ntitle: M\norganisation: O\nsector: S\ntopics: T\ncourses: demo\n---\n\nJust a story.\n";

    #[test]
    fn a_lesson_without_front_matter_is_reported_at_line_1_with_its_path() {
        let t = TempCourses::valid();
        t.write("demo/02-more.md", "# More\n\nText.\n");
        assert_eq!(
            t.problems(),
            [
                "courses/demo/02-more.md:1: missing front matter: the file must start with a line \"---\""
            ]
        );
    }

    #[test]
    fn a_glossary_reference_in_an_overview_is_reported_at_its_line_in_the_file() {
        let t = TempCourses::valid();
        t.write("demo/course.md", COURSE_WITH_BAD_TERM);
        assert_eq!(
            t.problems(),
            ["courses/demo/course.md:14: unknown glossary term \"customer\""]
        );
    }

    const COURSE_WITH_BAD_TERM: &str = "---\ntitle: D\nsummary: S\ntopics: T\naudience: all-staff\nminutes: 5\n# a comment\nsession_required: no\nversion: 1\n---\n\n## About\n\nThe [[customer]].\n";

    #[test]
    fn a_generated_sample_of_20_courses_with_6_lessons_loads_cleanly() {
        let t = TempCourses::empty();
        generate_sample(&t.root, 20, 6).unwrap();
        let lib = t.library();
        assert_eq!(lib.courses.len(), 20);
        assert!(
            lib.courses
                .iter()
                .all(|c| c.lessons.len() == 6 && c.check.is_some())
        );
        assert_eq!(lib.case_studies.len(), 2);
        assert!(
            lib.courses[0].lessons[0]
                .html
                .contains("youtube-nocookie.com/embed/dQw4w9WgXcQ")
        );
    }

    #[test]
    fn the_real_courses_folder_has_no_problems() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("courses");
        match load(&dir) {
            Ok(lib) => {
                assert!(
                    lib.courses.len() >= 8,
                    "the day-one curriculum has at least 8 courses"
                );
                assert!(
                    lib.courses
                        .iter()
                        .all(|c| c.lessons.len() >= 4 && c.check.is_some())
                );
                assert!(lib.case_studies.len() >= 5);
                assert!(lib.glossary.len() >= 20);
            }
            Err(problems) => {
                let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
                panic!(
                    "{} problems in {}:\n{}",
                    list.len(),
                    dir.display(),
                    list.join("\n")
                );
            }
        }
    }
}
