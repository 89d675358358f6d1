//! `academy courses check`: validates the Markdown course library and prints every problem as
//! `path:line: message`.

use crate::config::Config;

pub fn check(dir: Option<std::path::PathBuf>) -> Result<(), String> {
    let dir = match dir {
        Some(d) => d,
        None => Config::from_env()?.courses_dir,
    };
    if !dir.is_dir() {
        return Err(format!("{} is not a folder", dir.display()));
    }
    match crate::courses::library::check(&dir) {
        Ok(lib) => {
            let lessons: usize = lib.courses.iter().map(|c| c.lessons.len()).sum();
            println!(
                "{}: OK — {} courses, {lessons} lessons, {} case studies, {} glossary terms",
                dir.display(),
                lib.courses.len(),
                lib.case_studies.len(),
                lib.glossary.len()
            );
            Ok(())
        }
        Err(problems) => {
            for p in &problems {
                println!("{p}");
            }
            Err(format!(
                "{} problem(s) in {}",
                problems.len(),
                dir.display()
            ))
        }
    }
}
