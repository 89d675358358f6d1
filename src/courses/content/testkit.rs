//! Test helpers: a throw-away courses folder under the system temp folder,
//! optionally filled with a small valid library to break in tests.

use super::library::{Library, load};
use super::markdown::{Doc, Env, Rendered, TermInfo, render};
use super::model::Problem;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A folder `<temp>/courses-lib-test-…/courses`, removed on drop.
pub struct TempCourses {
    base: PathBuf,
    pub root: PathBuf,
}

pub const GLOSSARY: &str = "---\ntitle: Glossary\n---\n\n## Customer\n\nAnyone who receives a service from the City.\n\n## Front line\n\nStaff who deal directly with customers.\n";

pub const COURSE: &str = "---\ntitle: Demo Course\nsummary: A small course.\ntopics: Service\naudience: all-staff\nminutes: 30\ninstructors: Ada Lovelace, Grace Hopper\nsession_required: no\nversion: 1\n---\n\n## About\n\nMeet the [[Customer]]. Start with [the first lesson](01-welcome.md).\n";

pub const LESSON_1: &str = "---\ntitle: Welcome\nminutes: 10\n---\n\n## Hello\n\nThe [[Front line|front-line staff]] matter. Next: [more](02-more.md).\n\n### Why\n\nBecause the [[Customer]] says so.\n";

pub const LESSON_2: &str =
    "---\ntitle: More\nminutes: 20\n---\n\n## Detail\n\n![A diagram](images/diagram.png)\n";

pub const CHECK: &str = "---\ntitle: Check\n---\n\n## Who is a customer?\n\n- [ ] Nobody\n- [x] Anyone we serve\n\n> Everyone we serve is a [[Customer]].\n";

pub const CASE_STUDY: &str = "---\ntitle: The Market\norganisation: Riverside Market\nsector: Retail\ntopics: Service, Partnerships\ncourses: demo\n---\n\nA story. See [the course](../demo/course.md).\n\n## Discussion questions\n\n1. What worked?\n2. What would you change?\n";

impl TempCourses {
    /// An empty courses folder.
    pub fn empty() -> Self {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let base = std::env::temp_dir().join(format!(
            "courses-lib-test-{}-{n}-{nanos}",
            std::process::id()
        ));
        let root = base.join("courses");
        std::fs::create_dir_all(&root).expect("create temp courses folder");
        TempCourses { base, root }
    }

    /// A small valid library: glossary, course `demo` with two lessons, an image,
    /// a check, and case study `market`.
    pub fn valid() -> Self {
        let t = Self::empty();
        t.write("glossary.md", GLOSSARY)
            .write("README.md", "# Authoring guide\n")
            .write("demo/course.md", COURSE)
            .write("demo/01-welcome.md", LESSON_1)
            .write("demo/02-more.md", LESSON_2)
            .write("demo/check.md", CHECK)
            .write("demo/images/diagram.png", b"\x89PNG\r\n")
            .write("case-studies/market.md", CASE_STUDY);
        t
    }

    /// Writes a file (creating folders), relative to the courses folder.
    pub fn write(&self, relative: &str, content: impl AsRef<[u8]>) -> &Self {
        let path = self.root.join(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create folder");
        std::fs::write(path, content).expect("write file");
        self
    }

    /// Removes a file, relative to the courses folder.
    pub fn remove(&self, relative: &str) -> &Self {
        std::fs::remove_file(self.root.join(relative)).expect("remove file");
        self
    }

    pub fn load(&self) -> Result<Library, Vec<Problem>> {
        load(&self.root)
    }

    /// Loads, expecting success; panics listing every problem otherwise.
    pub fn library(&self) -> Library {
        self.load().unwrap_or_else(|problems| {
            let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
            panic!("expected no problems, got:\n{}", list.join("\n"))
        })
    }

    /// Loads, expecting problems; returns them displayed.
    pub fn problems(&self) -> Vec<String> {
        match self.load() {
            Ok(_) => panic!("expected problems, the library loaded"),
            Err(problems) => problems.iter().map(ToString::to_string).collect(),
        }
    }
}

impl Drop for TempCourses {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.base);
    }
}

/// Problem path used by `render_at`.
pub const P: &str = "courses/demo/01-a.md";

/// Renders `source` as the body of `courses/demo/01-a.md` starting at `first_line`,
/// with files `demo/{course.md,01-a.md,02-b.md,images/x.png}` and the glossary term
/// "Front line" (definition `Staff who "serve" <people>.`).
pub fn render_at(source: &str, first_line: usize) -> (Rendered, Vec<String>) {
    let files: HashSet<String> = [
        "demo/course.md",
        "demo/01-a.md",
        "demo/02-b.md",
        "demo/images/x.png",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let glossary = HashMap::from([(
        "Front line".to_string(),
        TermInfo {
            slug: "front-line".into(),
            definition_text: "Staff who \"serve\" <people>.".into(),
        },
    )]);
    let env = Env {
        files: &files,
        glossary: &glossary,
        tooltips: true,
    };
    let doc = Doc {
        path: P,
        dir: "demo",
        first_line,
        id_prefix: "l1-",
    };
    let mut problems = Vec::new();
    let rendered = render(source, &doc, &env, &mut problems);
    (rendered, problems.iter().map(ToString::to_string).collect())
}

/// Renders `source` from line 1 and asserts it has no problems.
pub fn render_ok(source: &str) -> Rendered {
    let (rendered, problems) = render_at(source, 1);
    assert!(problems.is_empty(), "{problems:?}");
    rendered
}
