//! The loaded course library as the server holds it: rendered once at load, swapped whole when
//! a development reload succeeds (a failed reload keeps the last good version and logs why).

use super::content::library::{self as loader, Library as Content};
use super::content::model::Course;
use super::{
    CaseStudyLink, CaseStudyView, CatalogView, CheckView, CourseCard, CourseView, GlossaryTerm,
    LessonLink, LessonView, QuestionView, catalog,
};
use crate::db::Db;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

/// A shared handle: cheap to clone, always answering from one consistent version.
#[derive(Clone)]
pub struct Library {
    dir: PathBuf,
    current: Arc<RwLock<Arc<Loaded>>>,
}

pub struct Loaded {
    pub content: Content,
    cards: Vec<CourseCard>,
    by_slug: HashMap<String, usize>,
    terms: HashMap<String, usize>,
}

/// Loads and checks a course folder; on failure, every problem as `path:line: message`.
pub fn check(dir: &Path) -> Result<Content, Vec<String>> {
    loader::load(dir).map_err(|problems| problems.iter().map(ToString::to_string).collect())
}

impl Library {
    pub fn load(dir: &Path) -> Result<Library, String> {
        let content = check(dir).map_err(|problems| {
            format!(
                "the course library in {} has {} problem(s):\n{}",
                dir.display(),
                problems.len(),
                problems.join("\n")
            )
        })?;
        Ok(Library {
            dir: dir.to_path_buf(),
            current: Arc::new(RwLock::new(Arc::new(Loaded::new(content)))),
        })
    }

    pub fn current(&self) -> Arc<Loaded> {
        self.current
            .read()
            .map(|g| Arc::clone(&g))
            .unwrap_or_else(|p| Arc::clone(&p.into_inner()))
    }

    /// Records every course and lesson in the database so progress can refer to stable ids.
    pub async fn sync(&self, db: &Db) -> crate::error::AppResult<()> {
        super::store::sync(db, &self.current().content.courses).await
    }

    /// Polls the folder every second and reloads on change. For development: set
    /// `ACADEMY_WATCH_COURSES=true` (the default in debug builds).
    pub fn watch(&self, db: Db) {
        let lib = self.clone();
        // The baseline is taken now, not when the task first runs, so an edit made right
        // after this call is never mistaken for the starting state.
        let mut seen = fingerprint(&lib.dir);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
            loop {
                tick.tick().await;
                let now = fingerprint(&lib.dir);
                if now == seen {
                    continue;
                }
                seen = now;
                match check(&lib.dir) {
                    Ok(content) => {
                        if let Ok(mut slot) = lib.current.write() {
                            *slot = Arc::new(Loaded::new(content));
                        }
                        match lib.sync(&db).await {
                            Ok(()) => tracing::info!("course library reloaded"),
                            Err(e) => tracing::error!(error = %e, "reloaded courses not stored"),
                        }
                    }
                    Err(problems) => {
                        for p in &problems {
                            tracing::error!("{p}");
                        }
                        tracing::warn!(
                            count = problems.len(),
                            "course change has problems; keeping the last good version"
                        );
                    }
                }
            }
        });
    }
}

/// Paths, sizes and modification times of every file: changes when any file does.
fn fingerprint(dir: &Path) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        let mut entries: Vec<_> = entries.flatten().collect();
        entries.sort_by_key(|e| e.path());
        for e in entries {
            let Ok(meta) = e.metadata() else { continue };
            if meta.is_dir() {
                stack.push(e.path());
            } else {
                e.path().hash(&mut h);
                meta.len().hash(&mut h);
                meta.modified().ok().hash(&mut h);
            }
        }
    }
    h.finish()
}

fn card(c: &Course) -> CourseCard {
    CourseCard {
        slug: c.slug.clone(),
        title: c.title.clone(),
        summary: c.summary.clone(),
        topics: c.topics.clone(),
        audience: c.audience.clone(),
        minutes: c.minutes,
        lessons: c.lessons.len() as u32,
        session_required: c.session_required,
    }
}

fn lesson_link(l: &super::content::model::Lesson) -> LessonLink {
    LessonLink {
        slug: l.slug.clone(),
        number: l.number,
        title: l.title.clone(),
        minutes: l.minutes,
    }
}

fn case_link(s: &super::CaseStudy) -> CaseStudyLink {
    CaseStudyLink {
        slug: s.slug.clone(),
        title: s.title.clone(),
        organisation: s.organisation.clone(),
        sector: s.sector.clone(),
        topics: s.topics.clone(),
    }
}

impl Loaded {
    fn new(content: Content) -> Loaded {
        let cards = content.courses.iter().map(card).collect();
        let by_slug = content
            .courses
            .iter()
            .enumerate()
            .map(|(i, c)| (c.slug.clone(), i))
            .collect();
        let terms = content
            .glossary
            .iter()
            .enumerate()
            .map(|(i, t)| (t.term.clone(), i))
            .collect();
        Loaded {
            content,
            cards,
            by_slug,
            terms,
        }
    }

    pub fn course(&self, slug: &str) -> Option<&Course> {
        self.by_slug.get(slug).map(|&i| &self.content.courses[i])
    }

    pub fn catalog(&self, query: &catalog::Query) -> CatalogView {
        CatalogView {
            courses: catalog::search(&self.cards, query),
            total: self.cards.len(),
            topics: catalog::choices(self.cards.iter().flat_map(|c| c.topics.iter())),
            audiences: catalog::choices(self.cards.iter().flat_map(|c| c.audience.iter())),
        }
    }

    pub fn course_view(&self, slug: &str) -> Option<CourseView> {
        let c = self.course(slug)?;
        Some(CourseView {
            card: card(c),
            instructors: c.instructors.clone(),
            version: c.version,
            overview_html: c.overview_html.clone(),
            lessons: c.lessons.iter().map(lesson_link).collect(),
            check_questions: c.check.as_ref().map_or(0, |k| k.questions.len()),
            pass_mark: c.pass_mark,
            case_studies: self
                .content
                .case_studies
                .iter()
                .filter(|s| s.courses.iter().any(|x| x == slug))
                .map(case_link)
                .collect(),
        })
    }

    pub fn lesson_view(&self, course: &str, lesson: &str) -> Option<LessonView> {
        let c = self.course(course)?;
        let i = c.lessons.iter().position(|l| l.slug == lesson)?;
        let l = &c.lessons[i];
        Some(LessonView {
            course_slug: c.slug.clone(),
            course_title: c.title.clone(),
            lesson: lesson_link(l),
            html: l.html.clone(),
            toc: l.toc.clone(),
            terms: l
                .terms
                .iter()
                .filter_map(|t| self.terms.get(t).map(|&i| self.content.glossary[i].clone()))
                .collect(),
            previous: i.checked_sub(1).map(|p| lesson_link(&c.lessons[p])),
            next: c.lessons.get(i + 1).map(lesson_link),
            total_lessons: c.lessons.len(),
        })
    }

    pub fn check_view(&self, slug: &str) -> Option<CheckView> {
        let c = self.course(slug)?;
        let check = c.check.as_ref()?;
        Some(CheckView {
            course_slug: c.slug.clone(),
            course_title: c.title.clone(),
            title: check.title.clone(),
            pass_mark: c.pass_mark,
            questions: check
                .questions
                .iter()
                .map(|q| QuestionView {
                    id: q.id.clone(),
                    prompt: q.prompt.clone(),
                    multiple: q.multiple,
                    options: q
                        .options
                        .iter()
                        .map(|o| (o.id.clone(), o.text.clone()))
                        .collect(),
                })
                .collect(),
        })
    }

    pub fn case_studies(&self) -> Vec<CaseStudyLink> {
        let mut list: Vec<CaseStudyLink> =
            self.content.case_studies.iter().map(case_link).collect();
        list.sort_by_key(|s| s.title.to_lowercase());
        list
    }

    pub fn case_study(&self, slug: &str) -> Option<CaseStudyView> {
        let s = self.content.case_studies.iter().find(|s| s.slug == slug)?;
        Some(CaseStudyView {
            study: case_link(s),
            html: s.html.clone(),
            courses: s
                .courses
                .iter()
                .filter_map(|c| self.course(c).map(|c| (c.slug.clone(), c.title.clone())))
                .collect(),
        })
    }

    pub fn glossary(&self) -> Vec<GlossaryTerm> {
        let mut terms = self.content.glossary.clone();
        terms.sort_by_key(|t| t.term.to_lowercase());
        terms
    }
}
