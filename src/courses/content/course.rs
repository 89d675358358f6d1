//! Parsing one `course.md`, one lesson `NN-slug.md` and one case study,
//! each from its text; plus the FNV-1a content hash of lessons.

use super::fields::Reader;
use super::front_matter;
use super::markdown::{self, Block, Doc, Env};
use super::model::{CaseStudy, Course, Lesson, Problem, ShowAnswers};
use std::collections::HashSet;

/// Allowed values of a course's `audience`.
pub const AUDIENCES: [&str; 5] = [
    "all-staff",
    "front-line",
    "supervisors",
    "managers",
    "customer-service-officers",
];

const COURSE_KEYS: [&str; 11] = [
    "title",
    "summary",
    "topics",
    "audience",
    "minutes",
    "instructors",
    "session_required",
    "feedback_required",
    "version",
    "pass_mark",
    "show_answers",
];
const LESSON_KEYS: [&str; 2] = ["title", "minutes"];
const CASE_STUDY_KEYS: [&str; 5] = ["title", "organisation", "sector", "topics", "courses"];

/// FNV-1a 64-bit hash of `bytes` as 16 lowercase hex digits.
pub fn content_hash(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// Parses `course.md` of folder `slug`; lessons and check are added by the loader.
pub fn parse_course(
    slug: &str,
    path: &str,
    text: &str,
    env: &Env,
    problems: &mut Vec<Problem>,
) -> Option<Course> {
    let fm = front_matter::split(text, path, problems)?;
    let mut r = Reader::new(&fm, path, &COURSE_KEYS, problems);
    let title = r.text("title");
    let summary = r.text("summary");
    let topics = r.list("topics", true);
    let audience = r.list("audience", true);
    let minutes = r.positive("minutes", "of minutes");
    let instructors = r.list("instructors", false);
    let session_required = r.boolean("session_required");
    let feedback_required = r.optional_boolean("feedback_required", false);
    let version = r.positive("version", "");
    let pass_mark = r.percentage("pass_mark", 80);
    let show_answers = r
        .one_of("show_answers", &ShowAnswers::WORDS, "after-pass")
        .and_then(ShowAnswers::parse);
    let audience_line = r.line_of("audience");
    for unknown in audience
        .iter()
        .flatten()
        .filter(|a| !AUDIENCES.contains(&a.as_str()))
    {
        let message = format!(
            "unknown audience \"{unknown}\" (allowed: {})",
            AUDIENCES.join(", ")
        );
        problems.push(Problem::new(path, audience_line, message));
    }
    let doc = Doc {
        path,
        dir: slug,
        first_line: fm.body_line,
        id_prefix: "overview-",
    };
    let overview = markdown::render(fm.body, &doc, env, problems);
    Some(Course {
        slug: slug.to_string(),
        title: title?,
        summary: summary?,
        topics: topics?,
        audience: audience?,
        minutes: minutes?,
        instructors: instructors?,
        session_required: session_required?,
        feedback_required: feedback_required?,
        version: version?,
        pass_mark: pass_mark?,
        show_answers: show_answers?,
        overview_html: overview.html,
        lessons: Vec::new(),
        check: None,
        source_path: path.to_string(),
    })
}

/// The parts of a lesson known from its file name and location.
pub struct LessonFile<'a> {
    pub course: &'a str,
    pub number: u32,
    pub slug: &'a str,
    pub path: &'a str,
}

/// Parses one lesson; its content hash is taken over the file's bytes (`text`).
pub fn parse_lesson(
    file: &LessonFile,
    text: &str,
    env: &Env,
    problems: &mut Vec<Problem>,
) -> Option<Lesson> {
    let path = file.path;
    let fm = front_matter::split(text, path, problems)?;
    let mut r = Reader::new(&fm, path, &LESSON_KEYS, problems);
    let title = r.text("title");
    let minutes = r.positive("minutes", "of minutes");
    if fm.body.trim().is_empty() {
        problems.push(Problem::new(
            path,
            fm.body_line - 1,
            "lesson has no content after the front matter",
        ));
    }
    let prefix = format!("l{}-", file.number);
    let doc = Doc {
        path,
        dir: file.course,
        first_line: fm.body_line,
        id_prefix: &prefix,
    };
    let rendered = markdown::render(fm.body, &doc, env, problems);
    Some(Lesson {
        slug: file.slug.to_string(),
        number: file.number,
        title: title?,
        minutes: minutes?,
        html: rendered.html,
        toc: rendered.toc,
        terms: rendered.terms,
        content_hash: content_hash(text.as_bytes()),
        source_path: path.to_string(),
    })
}

/// Parses `case-studies/<slug>.md`; `courses` holds every existing course slug.
pub fn parse_case_study(
    slug: &str,
    path: &str,
    text: &str,
    env: &Env,
    courses: &HashSet<String>,
    problems: &mut Vec<Problem>,
) -> Option<CaseStudy> {
    let fm = front_matter::split(text, path, problems)?;
    let mut r = Reader::new(&fm, path, &CASE_STUDY_KEYS, problems);
    let title = r.text("title");
    let organisation = r.text("organisation");
    let sector = r.text("sector");
    let topics = r.list("topics", true);
    let related = r.list("courses", true);
    let courses_line = r.line_of("courses");
    for unknown in related.iter().flatten().filter(|c| !courses.contains(*c)) {
        problems.push(Problem::new(
            path,
            courses_line,
            format!("unknown course \"{unknown}\" in courses"),
        ));
    }
    let doc = Doc {
        path,
        dir: "case-studies",
        first_line: fm.body_line,
        id_prefix: "case-",
    };
    let rendered = markdown::render(fm.body, &doc, env, problems);
    check_ending(&rendered.blocks, path, fm.body_line, problems);
    Some(CaseStudy {
        slug: slug.to_string(),
        title: title?,
        organisation: organisation?,
        sector: sector?,
        topics: topics?,
        courses: related?,
        html: rendered.html,
        source_path: path.to_string(),
    })
}

/// A case study must end with `## Discussion questions` followed by a list.
fn check_ending(blocks: &[Block], path: &str, body_line: usize, problems: &mut Vec<Problem>) {
    let blocks: Vec<&Block> = blocks
        .iter()
        .filter(|b| !matches!(b, Block::Footnote))
        .collect();
    let is_discussion = |b: &Block| matches!(b, Block::Heading { level: 2, text, .. } if text == "Discussion questions");
    if let [.., heading, Block::List { .. }] = blocks.as_slice()
        && is_discussion(heading)
    {
        return;
    }
    let line = blocks
        .iter()
        .rev()
        .find(|b| is_discussion(b))
        .or(blocks.last())
        .map_or(body_line, |b| match b {
            Block::Heading { line, .. } | Block::List { line } | Block::Other { line } => *line,
            Block::Footnote => body_line,
        });
    let message = "a case study must end with \"## Discussion questions\" and a list";
    problems.push(Problem::new(path, line, message));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env_parts() -> (HashSet<String>, HashMap<String, markdown::TermInfo>) {
        (
            HashSet::from(["demo/course.md".to_string()]),
            HashMap::new(),
        )
    }

    fn course(front: &str) -> (Option<Course>, Vec<String>) {
        let (files, glossary) = env_parts();
        let env = Env {
            files: &files,
            glossary: &glossary,
            tooltips: true,
        };
        let mut problems = Vec::new();
        let c = parse_course(
            "demo",
            "courses/demo/course.md",
            &format!("---\n{front}---\nOverview.\n"),
            &env,
            &mut problems,
        );
        (c, problems.iter().map(ToString::to_string).collect())
    }

    const GOOD: &str = "title: T\nsummary: S\ntopics: a, b\naudience: front-line, managers\nminutes: 90\nsession_required: yes\nversion: 2\n";

    #[test]
    fn a_complete_course_md_is_parsed_with_defaults() {
        let (c, problems) = course(GOOD);
        assert!(problems.is_empty(), "{problems:?}");
        let c = c.unwrap();
        assert_eq!(
            (c.minutes, c.version, c.pass_mark, c.session_required),
            (90, 2, 80, true)
        );
        assert_eq!(c.audience, ["front-line", "managers"]);
        assert!(c.instructors.is_empty());
        assert_eq!(c.overview_html, "<p>Overview.</p>\n");
    }

    #[test]
    fn an_unknown_audience_is_reported_on_the_audience_line() {
        let (_, problems) = course(&GOOD.replace("managers", "interns"));
        assert_eq!(
            problems,
            [
                "courses/demo/course.md:5: unknown audience \"interns\" (allowed: all-staff, front-line, supervisors, managers, customer-service-officers)"
            ]
        );
    }

    #[test]
    fn course_minutes_in_words_are_reported_with_the_value() {
        let (_, problems) = course(&GOOD.replace("minutes: 90", "minutes: ninety"));
        assert_eq!(
            problems,
            ["courses/demo/course.md:6: minutes must be a whole number of minutes, got \"ninety\""]
        );
    }

    #[test]
    fn the_answer_key_shows_after_a_pass_unless_the_course_says_otherwise() {
        assert_eq!(course(GOOD).0.unwrap().show_answers, ShowAnswers::AfterPass);
        for (word, setting) in [
            ("never", ShowAnswers::Never),
            ("Always", ShowAnswers::Always),
            ("after-pass", ShowAnswers::AfterPass),
        ] {
            let (c, problems) = course(&format!("{GOOD}show_answers: {word}\n"));
            assert!(problems.is_empty(), "{problems:?}");
            assert_eq!(c.unwrap().show_answers, setting, "{word}");
        }
        let (c, problems) = course(&format!("{GOOD}show_answers: sometimes\n"));
        assert!(c.is_none());
        assert_eq!(
            problems,
            [
                "courses/demo/course.md:9: show_answers must be one of after-pass, always, never, got \"sometimes\""
            ]
        );
        assert!(ShowAnswers::AfterPass.reveal(true) && !ShowAnswers::AfterPass.reveal(false));
        assert!(ShowAnswers::Always.reveal(false) && !ShowAnswers::Never.reveal(true));
    }

    #[test]
    fn a_bad_version_and_pass_mark_are_reported() {
        let (_, problems) = course(&format!(
            "{}pass_mark: 0\n",
            GOOD.replace("version: 2", "version: two")
        ));
        assert_eq!(
            problems,
            [
                "courses/demo/course.md:8: version must be a whole number, got \"two\"",
                "courses/demo/course.md:9: pass_mark must be a whole number from 1 to 100, got \"0\"",
            ]
        );
    }

    #[test]
    fn a_course_missing_required_keys_reports_each_at_line_1() {
        let (c, problems) = course("title: T\n");
        assert!(c.is_none());
        assert_eq!(problems.len(), 6);
        assert_eq!(
            problems[0],
            "courses/demo/course.md:1: missing required key \"summary\""
        );
    }

    #[test]
    fn a_lesson_without_a_title_is_reported_at_line_1() {
        let (files, glossary) = env_parts();
        let env = Env {
            files: &files,
            glossary: &glossary,
            tooltips: true,
        };
        let file = LessonFile {
            course: "demo",
            number: 1,
            slug: "a",
            path: "courses/demo/01-a.md",
        };
        let mut problems = Vec::new();
        let text = "---\nminutes: 5\n---\nBody\n";
        assert!(parse_lesson(&file, text, &env, &mut problems).is_none());
        assert_eq!(
            problems[0].to_string(),
            "courses/demo/01-a.md:1: missing required key \"title\""
        );
    }

    #[test]
    fn the_content_hash_is_fnv1a_64_in_hex() {
        assert_eq!(content_hash(b""), "cbf29ce484222325");
        assert_eq!(content_hash(b"a"), "af63dc4c8601ec8c");
    }

    fn case_study(body: &str) -> Vec<String> {
        let (files, glossary) = env_parts();
        let env = Env {
            files: &files,
            glossary: &glossary,
            tooltips: true,
        };
        let courses = HashSet::from(["demo".to_string()]);
        let text = format!(
            "---\ntitle: T\norganisation: O\nsector: S\ntopics: a\ncourses: demo, nope\n---\n{body}"
        );
        let mut problems = Vec::new();
        parse_case_study(
            "cs",
            "courses/case-studies/cs.md",
            &text,
            &env,
            &courses,
            &mut problems,
        );
        problems.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_case_study_naming_an_unknown_course_is_reported_on_the_courses_line() {
        let problems = case_study("Story.\n\n## Discussion questions\n\n1. Why?\n");
        assert_eq!(
            problems,
            ["courses/case-studies/cs.md:6: unknown course \"nope\" in courses"]
        );
    }

    #[test]
    fn a_case_study_without_discussion_questions_at_the_end_is_reported() {
        let problems = case_study("Story.\n\n## Discussion questions\n\n1. Why?\n\nAfterword.\n");
        assert_eq!(
            problems[1],
            "courses/case-studies/cs.md:10: a case study must end with \"## Discussion questions\" and a list"
        );
        let problems = case_study("Story.\n\n## Questions\n\n- Why?\n");
        assert_eq!(
            problems[1],
            "courses/case-studies/cs.md:12: a case study must end with \"## Discussion questions\" and a list"
        );
    }
}
