//! `generate_sample`: writes a large, valid, realistic courses folder for tests
//! and benchmarks (compiled for tests or with the `bench` feature only).

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

const TERMS: [&str; 12] = [
    "Customer",
    "Front line",
    "Service standard",
    "Touchpoint",
    "Pain point",
    "Escalation",
    "Channel",
    "Service recovery",
    "Plain language",
    "Moment of truth",
    "Focus group",
    "Open data",
];

fn course_slug(n: usize) -> String {
    format!("course-{n:03}")
}

fn lesson_body(course: usize, lesson: usize, lessons: usize, courses: usize) -> String {
    let mut body = String::with_capacity(5000);
    let term = |k: usize| TERMS[(course + lesson + k) % TERMS.len()];
    if lesson == 1 {
        body.push_str("## Watch first\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\n");
    }
    for section in 1..=4 {
        let _ = write!(
            body,
            "## Section {section}: working with the {}\n\nEvery [[{}]] deserves a clear answer. This paragraph explains \
             why *consistency* matters, how **ownership** works and what to do when a request \
             falls between two teams. See the [[{}|related idea]] as well.\n\n",
            term(section).to_lowercase(),
            term(section),
            term(section + 1),
        );
        let _ = write!(
            body,
            "### Steps\n\n1. Greet the person and listen.\n2. Confirm what they need.\n3. Explain the next step and the time it takes.\n\n\
             | Step | Owner | Target |\n|---|---|---|\n| Greet | Front desk | 1 minute |\n| Resolve | Team | 2 days |\n\n\
             > A quote from a colleague about doing this well, with `inline code` and a footnote.[^n{section}]\n\n\
             [^n{section}]: A footnote that gives the source.\n\n",
        );
    }
    body.push_str("![A process diagram](images/figure.png)\n\n");
    if lesson < lessons {
        let _ = writeln!(
            body,
            "Continue with [the next lesson]({:02}-lesson-{}.md).\n",
            lesson + 1,
            lesson + 1
        );
    }
    let other = course_slug(course % courses + 1);
    let _ = writeln!(
        body,
        "Related: [another course](../{other}/course.md) and <https://example.org/guide>."
    );
    body
}

/// Writes `courses` courses of `lessons` lessons each (plus a glossary, checks,
/// images and one case study per ten courses) into `dir`, the courses folder.
pub fn generate_sample(dir: &Path, courses: usize, lessons: usize) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    let mut glossary = String::from("---\ntitle: Glossary\n---\n\n");
    for (i, term) in TERMS.iter().enumerate() {
        let other = TERMS[(i + 1) % TERMS.len()];
        let _ = write!(
            glossary,
            "## {term}\n\nA definition of {term} in plain words; compare [[{other}]].\n\n"
        );
    }
    fs::write(dir.join("glossary.md"), glossary)?;
    for c in 1..=courses {
        let slug = course_slug(c);
        let folder = dir.join(&slug);
        fs::create_dir_all(folder.join("images"))?;
        fs::write(folder.join("images/figure.png"), b"\x89PNG\r\n\x1a\n")?;
        let course = format!(
            "---\ntitle: Course {c}\nsummary: Sample course number {c}.\ntopics: Service, Sample\naudience: all-staff, front-line\n\
             minutes: {}\ninstructors: Sample Instructor\nsession_required: no\nversion: 1\n---\n\n## About\n\nThis course covers the [[Customer]]. \
             Start with [lesson one](01-lesson-1.md).\n",
            lessons * 15
        );
        fs::write(folder.join("course.md"), course)?;
        for l in 1..=lessons {
            let text = format!(
                "---\ntitle: Lesson {l}\nminutes: 15\n---\n\n{}",
                lesson_body(c, l, lessons, courses)
            );
            fs::write(folder.join(format!("{l:02}-lesson-{l}.md")), text)?;
        }
        let mut check = String::from("---\ntitle: Knowledge check\n---\n\n");
        for (q, term) in TERMS.iter().enumerate().skip(1).take(5) {
            let _ = write!(
                check,
                "## Question {q}: what helps a [[Customer]] most?\n\n- [ ] Waiting\n- [x] A clear answer\n- [ ] A form\n\n> A clear answer, see [[{term}]].\n\n"
            );
        }
        fs::write(folder.join("check.md"), check)?;
    }
    let studies = dir.join("case-studies");
    fs::create_dir_all(&studies)?;
    for s in 0..courses.div_ceil(10) {
        let text = format!(
            "---\ntitle: Case {s}\norganisation: Org {s}\nsector: Public\ntopics: Service\ncourses: {}\n---\n\n\
             A [[Touchpoint]] story. Read [the course](../{}/course.md).\n\n## Discussion questions\n\n- What worked?\n- What next?\n",
            course_slug(s * 10 + 1),
            course_slug(s * 10 + 1),
        );
        fs::write(studies.join(format!("case-{s}.md")), text)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_has_the_requested_shape_on_disk() {
        let t = super::super::testkit::TempCourses::empty();
        generate_sample(&t.root, 3, 2).unwrap();
        assert!(t.root.join("course-003/02-lesson-2.md").is_file());
        assert!(t.root.join("case-studies/case-0.md").is_file());
        assert!(!t.root.join("course-004").exists());
    }
}
