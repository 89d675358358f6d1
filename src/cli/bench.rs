//! `academy bench courses`: generates a course library and times loading, checking and
//! rendering it (the figures go in BENCHMARKS.md).

pub fn courses(courses: usize, lessons: usize, runs: usize) -> Result<(), String> {
    use crate::courses::content::{library, sample};
    let dir = std::env::temp_dir().join(format!("academy-bench-{}", std::process::id()));
    let root = dir.join("courses");
    std::fs::create_dir_all(&root).map_err(|e| e.to_string())?;
    sample::generate_sample(&root, courses, lessons).map_err(|e| e.to_string())?;
    let mut times = Vec::with_capacity(runs.max(1));
    for _ in 0..runs.max(1) {
        let start = std::time::Instant::now();
        let lib =
            library::load(&root).map_err(|p| format!("{} problems, first: {}", p.len(), p[0]))?;
        times.push(start.elapsed());
        assert_eq!(lib.courses.len(), courses);
    }
    let _ = std::fs::remove_dir_all(&dir);
    times.sort();
    println!(
        "load + check + render {courses} courses x {lessons} lessons: min {:.1} ms, median {:.1} ms, max {:.1} ms ({} runs)",
        times[0].as_secs_f64() * 1e3,
        times[times.len() / 2].as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3,
        times.len()
    );
    Ok(())
}
