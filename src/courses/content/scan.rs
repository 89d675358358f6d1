//! Scanning a courses folder: which files exist, which names are allowed where,
//! and reading Markdown files as non-empty UTF-8.

use super::links::{self, is_slug, parse_lesson_name};
use super::model::Problem;
use std::collections::HashSet;
use std::fs;
use std::path::Path;

/// A readable Markdown file: its problem path and its text.
pub(super) struct Source {
    pub(super) path: String,
    pub(super) text: String,
}

#[derive(Default)]
pub(super) struct CourseDir {
    pub(super) slug: String,
    pub(super) course: Option<Source>,
    pub(super) check: Option<Source>,
    /// (number, slug, file name, source)
    pub(super) lessons: Vec<(u32, String, String, Source)>,
}

/// What the scan of the folder found.
#[derive(Default)]
pub(super) struct Scan {
    /// Every file, relative to the courses folder.
    pub(super) files: HashSet<String>,
    pub(super) glossary: Option<Source>,
    pub(super) courses: Vec<CourseDir>,
    pub(super) case_studies: Vec<(String, Source)>,
}

/// Sorted names of the non-hidden entries of `dir`, each with whether it is a folder.
fn entries(dir: &Path, shown: &str, problems: &mut Vec<Problem>) -> Vec<(String, bool)> {
    let read = match fs::read_dir(dir) {
        Ok(read) => read,
        Err(e) => {
            problems.push(Problem::new(shown, 1, format!("cannot read folder: {e}")));
            return Vec::new();
        }
    };
    let mut list: Vec<(String, bool)> = read
        .filter_map(Result::ok)
        .filter_map(|e| match e.file_name().into_string() {
            Ok(name) => (!name.starts_with('.')).then(|| (name, e.path().is_dir())),
            Err(name) => {
                let shown = format!("{shown}/{}", name.to_string_lossy());
                problems.push(Problem::new(shown, 1, "file name is not valid UTF-8"));
                None
            }
        })
        .collect();
    list.sort();
    list
}

/// Reads a Markdown file, reporting non-UTF-8 and empty files.
fn read_source(file: &Path, shown: String, problems: &mut Vec<Problem>) -> Option<Source> {
    let bytes = match fs::read(file) {
        Ok(bytes) => bytes,
        Err(e) => {
            problems.push(Problem::new(shown, 1, format!("cannot read file: {e}")));
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) if text.trim().is_empty() => {
            problems.push(Problem::new(shown, 1, "file is empty"));
            None
        }
        Ok(text) => Some(Source { path: shown, text }),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let line = 1 + e.as_bytes()[..valid]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            problems.push(Problem::new(shown, line, "file is not valid UTF-8"));
            None
        }
    }
}

pub(super) fn scan(dir: &Path, root: &str, problems: &mut Vec<Problem>) -> Scan {
    let mut scan = Scan::default();
    for (name, is_dir) in entries(dir, root, problems) {
        let shown = format!("{root}/{name}");
        scan.files.insert(name.clone());
        match (name.as_str(), is_dir) {
            ("README.md", false) => {}
            ("glossary.md", false) => scan.glossary = read_source(&dir.join(&name), shown, problems),
            ("case-studies", true) => {
                for (file, sub) in entries(&dir.join(&name), &shown, problems) {
                    let file_shown = format!("{shown}/{file}");
                    scan.files.insert(format!("{name}/{file}"));
                    match file.strip_suffix(".md").filter(|s| is_slug(s) && !sub) {
                        Some(slug) => {
                            if let Some(src) = read_source(&dir.join(&name).join(&file), file_shown, problems) {
                                scan.case_studies.push((slug.to_string(), src));
                            }
                        }
                        None => problems.push(Problem::new(
                            file_shown,
                            1,
                            "unexpected entry: case studies are files named <slug>.md (a-z, 0-9, -)",
                        )),
                    }
                }
            }
            (_, true) => scan_course(dir, &name, &shown, &mut scan, problems),
            (_, false) => problems.push(Problem::new(
                shown,
                1,
                "unexpected file: the courses folder holds course folders, case-studies/, glossary.md and README.md",
            )),
        }
    }
    scan
}

fn scan_course(dir: &Path, name: &str, shown: &str, scan: &mut Scan, problems: &mut Vec<Problem>) {
    let folder = dir.join(name);
    let list = entries(&folder, shown, problems);
    if !list
        .iter()
        .any(|(file, is_dir)| file == "course.md" && !is_dir)
    {
        problems.push(Problem::new(
            shown,
            1,
            "folder has no course.md (every folder except case-studies is a course)",
        ));
        return;
    }
    if !is_slug(name) {
        problems.push(Problem::new(
            shown,
            1,
            format!("course folder \"{name}\" must be a slug (a-z, 0-9, -)"),
        ));
        return;
    }
    let mut course = CourseDir {
        slug: name.to_string(),
        ..CourseDir::default()
    };
    for (file, is_dir) in list {
        let file_shown = format!("{shown}/{file}");
        scan.files.insert(format!("{name}/{file}"));
        if is_dir && file == "images" {
            for (image, sub) in entries(&folder.join("images"), &file_shown, problems) {
                scan.files.insert(format!("{name}/images/{image}"));
                if sub || !links::is_image_name(&image) {
                    let message = format!(
                        "unexpected entry in images (allowed: {})",
                        links::IMAGE_EXTENSIONS.join(", ")
                    );
                    problems.push(Problem::new(format!("{file_shown}/{image}"), 1, message));
                }
            }
            continue;
        }
        let read = |problems: &mut Vec<Problem>| {
            read_source(&folder.join(&file), file_shown.clone(), problems)
        };
        match (file.as_str(), is_dir, parse_lesson_name(&file)) {
            ("course.md", false, _) => course.course = read(problems),
            ("check.md", false, _) => course.check = read(problems),
            (_, false, Some((number, slug))) => {
                if let Some(src) = read(problems) {
                    course.lessons.push((number, slug.to_string(), file.clone(), src));
                }
            }
            _ => problems.push(Problem::new(
                file_shown,
                1,
                "unexpected entry: a course folder holds course.md, check.md, lessons named NN-slug.md (e.g. 01-welcome.md) and images/",
            )),
        }
    }
    scan.courses.push(course);
}

#[cfg(test)]
mod tests {
    use super::super::testkit::{LESSON_2, TempCourses};

    #[test]
    fn a_folder_without_course_md_is_reported() {
        let t = TempCourses::valid();
        t.write("drafts/notes.md", "x");
        assert_eq!(
            t.problems(),
            [
                "courses/drafts:1: folder has no course.md (every folder except case-studies is a course)"
            ]
        );
    }

    #[test]
    fn a_course_folder_that_is_not_a_slug_is_reported() {
        let t = TempCourses::valid();
        t.write("Bad_Name/course.md", "x");
        assert_eq!(
            t.problems(),
            ["courses/Bad_Name:1: course folder \"Bad_Name\" must be a slug (a-z, 0-9, -)"]
        );
    }

    #[test]
    fn a_file_not_named_like_a_lesson_is_reported() {
        let t = TempCourses::valid();
        t.write("demo/3-extra.md", LESSON_2)
            .write("demo/notes.txt", "x");
        let message = "unexpected entry: a course folder holds course.md, check.md, lessons named NN-slug.md (e.g. 01-welcome.md) and images/";
        assert_eq!(
            t.problems(),
            [
                format!("courses/demo/3-extra.md:1: {message}"),
                format!("courses/demo/notes.txt:1: {message}")
            ]
        );
    }

    #[test]
    fn an_unexpected_top_level_file_is_reported() {
        let t = TempCourses::valid();
        t.write("notes.md", "x");
        assert_eq!(
            t.problems(),
            [
                "courses/notes.md:1: unexpected file: the courses folder holds course folders, case-studies/, glossary.md and README.md"
            ]
        );
    }

    #[test]
    fn an_unsupported_image_type_is_reported() {
        let t = TempCourses::valid();
        t.write("demo/images/photo.bmp", "x");
        assert_eq!(
            t.problems(),
            [
                "courses/demo/images/photo.bmp:1: unexpected entry in images (allowed: png, jpg, jpeg, gif, svg, webp)"
            ]
        );
    }

    #[test]
    fn a_case_study_file_name_that_is_not_a_slug_is_reported() {
        let t = TempCourses::valid();
        t.write("case-studies/My Story.md", "x");
        assert_eq!(
            t.problems(),
            [
                "courses/case-studies/My Story.md:1: unexpected entry: case studies are files named <slug>.md (a-z, 0-9, -)"
            ]
        );
    }

    #[test]
    fn a_file_that_is_not_utf8_is_reported_with_the_line_of_the_first_bad_byte() {
        let t = TempCourses::valid();
        t.write(
            "demo/02-more.md",
            b"---\ntitle: More\nminutes: 5\n---\n\nCaf\xe9\n",
        );
        assert_eq!(
            t.problems(),
            ["courses/demo/02-more.md:6: file is not valid UTF-8"]
        );
    }

    #[test]
    fn an_empty_file_is_reported() {
        let t = TempCourses::valid();
        t.write("demo/check.md", " \n");
        assert_eq!(t.problems(), ["courses/demo/check.md:1: file is empty"]);
    }

    #[test]
    fn hidden_files_and_the_readme_are_ignored() {
        let t = TempCourses::valid();
        t.write(".DS_Store", "x")
            .write("demo/.notes", "x")
            .write("README.md", "not front matter");
        assert_eq!(t.library().courses.len(), 1);
    }
}
