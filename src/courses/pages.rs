//! Course pages: the catalog (search, filters, sort), a course, a lesson (contents, glossary
//! terms, previous/next), the case-study library and a case study, and the glossary A–Z.
//! Course HTML was sanitised when the library loaded; it is inserted as-is here.

use super::api;
use super::{CourseCard, LessonLink};
use crate::accounts::current_user::use_current_user;
use crate::accounts::guard::{or_refusal, refusal};
use crate::enrollment::api as learning;
use crate::enrollment::pages::{EnrollmentPanel, LessonDone, TakeCheck};
use crate::ui::form_tick;
use crate::ui::progress::ProgressBar;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn minutes(m: u32) -> String {
    match m {
        0..=59 => format!("{m} min"),
        _ if m.is_multiple_of(60) => format!("{} h", m / 60),
        _ => format!("{} h {} min", m / 60, m % 60),
    }
}

fn audience_label(a: &str) -> String {
    match a {
        "all-staff" => "All staff".into(),
        "front-line" => "Front-line staff".into(),
        "supervisors" => "Supervisors".into(),
        "managers" => "Managers".into(),
        "customer-service-officers" => "Customer Service Officers".into(),
        other => other.into(),
    }
}

#[component]
pub fn CatalogPage() -> impl IntoView {
    let query = use_query_map();
    let get = move |k: &str| query.read().get(k).unwrap_or_default();
    let view_data = Resource::new(
        move || (get("q"), get("topic"), get("audience"), get("sort")),
        |(q, t, a, s)| api::catalog(q, t, a, s),
    );
    let progress = Resource::new(|| (), |_| learning::progress_by_course());
    view! {
        <Title text="Course catalog — Service Academy"/>
        <h1>"Course catalog"</h1>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let (q, topic, audience, sort) = (get("q"), get("topic"), get("audience"), get("sort"));
                // A visitor has no progress; a pending password change comes before the catalog.
                let progress = match progress.await {
                    Err(e @ crate::error::AppError::PasswordChangeRequired) => return refusal(e),
                    p => p.unwrap_or_default(),
                };
                or_refusal(view_data.await, move |cat| view! {
                    <form method="get" action="/courses" class="filters" role="search">
                        <div class="field grow">
                            <label for="q">"Search courses"</label>
                            <input id="q" type="search" name="q" value=q.clone() maxlength=200/>
                        </div>
                        <div class="field">
                            <label for="topic">"Topic"</label>
                            <select id="topic" name="topic">
                                <option value="">"All topics"</option>
                                {cat.topics.iter().map(|t| view! { <option value=t.clone() selected=*t == topic>{t.clone()}</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="audience">"Audience"</label>
                            <select id="audience" name="audience">
                                <option value="">"Everyone"</option>
                                {cat.audiences.iter().map(|a| view! { <option value=a.clone() selected=*a == audience>{audience_label(a)}</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="sort">"Sort by"</label>
                            <select id="sort" name="sort">
                                <option value="title" selected=sort != "shortest" && sort != "longest">"Title"</option>
                                <option value="shortest" selected=sort == "shortest">"Shortest first"</option>
                                <option value="longest" selected=sort == "longest">"Longest first"</option>
                            </select>
                        </div>
                        <button type="submit" class="button">"Apply"</button>
                    </form>
                    <p class="count" role="status">{format!("{} of {} courses", cat.courses.len(), cat.total)}</p>
                    {if cat.courses.is_empty() {
                        view! { <p class="empty">"No course matches. Try fewer words or "<a href="/courses">"clear the filters"</a>"."</p> }.into_any()
                    } else {
                        view! { <ul class="course-list">{cat.courses.into_iter().map(|c| { let p = progress.get(&c.slug).copied(); view! { <CourseCardView card=c progress=p/> } }).collect_view()}</ul> }.into_any()
                    }}
                }.into_any())
            })}
        </Suspense>
    }
}

#[component]
fn CourseCardView(card: CourseCard, progress: Option<u8>) -> impl IntoView {
    let label = format!("Your progress in {}", card.title);
    view! {
        <li class="card course-card">
            <h2><a href=format!("/courses/{}", card.slug)>{card.title.clone()}</a></h2>
            <p>{card.summary.clone()}</p>
            <p class="meta">
                {format!("{} lessons · {}", card.lessons, minutes(card.minutes))}
                {card.session_required.then_some(" · includes an instructor-led session")}
            </p>
            <ul class="tags" aria-label="Topics">
                {card.topics.iter().map(|t| view! { <li>{t.clone()}</li> }).collect_view()}
            </ul>
            {progress.map(|p| view! { <ProgressBar percent=p label=label/> })}
        </li>
    }
}

#[component]
pub fn CoursePage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let course = Resource::new(slug, api::course);
    let progress = Resource::new(
        move || (slug(), form_tick()),
        |(s, _)| learning::progress_in_course(s),
    );
    let user = use_current_user();
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let progress = progress.await;
                // Tracked: after "Sign in to enrol" the page is back before the browser knows who
                // signed in, and must show the enrol button once it does.
                let signed_in = user.get().is_some();
                or_refusal(course.await, move |c| {
                    let progress = match progress { Ok(p) => p, Err(e) => return view! { <crate::ui::status::ErrorView error=e/> }.into_any() };
                    let done: Vec<String> = progress.as_ref().map(|p| p.lessons_done.clone()).unwrap_or_default();
                    let enrolled = progress.as_ref().is_some_and(|p| p.brief.active);
                    view! {
                    <Title text=format!("{} — Service Academy", c.card.title)/>
                    <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/courses">"Courses"</a></nav>
                    <h1>{c.card.title.clone()}</h1>
                    <p class="lead">{c.card.summary.clone()}</p>
                    <dl class="details course-facts">
                        <dt>"Length"</dt><dd>{format!("{} lessons, about {}", c.lessons.len(), minutes(c.card.minutes))}</dd>
                        <dt>"For"</dt><dd>{c.card.audience.iter().map(|a| audience_label(a)).collect::<Vec<_>>().join(", ")}</dd>
                        <dt>"Topics"</dt><dd>{c.card.topics.join(", ")}</dd>
                        {(!c.instructors.is_empty()).then(|| view! { <dt>"Instructors"</dt><dd>{c.instructors.join(", ")}</dd> })}
                        <dt>"To complete"</dt>
                        <dd>
                            {format!("Read every lesson and pass the knowledge check ({} questions, pass mark {} %)", c.check_questions, c.pass_mark)}
                            {c.card.session_required.then_some(", and attend an instructor-led session")}
                            "."
                        </dd>
                        <dt>"Version"</dt><dd>{c.version}</dd>
                    </dl>
                    <EnrollmentPanel
                        course_slug=c.card.slug.clone()
                        first_lesson=c.lessons.first().map(|l| l.slug.clone())
                        has_check={c.check_questions > 0}
                        progress=progress
                        signed_in=signed_in
                    />
                    <div class="prose" inner_html=c.overview_html.clone()></div>
                    <h2>"Lessons"</h2>
                    <ol class="lesson-list">
                        {c.lessons.iter().map(|l| {
                            let is_done = done.contains(&l.slug);
                            view! {
                                <li class:done=is_done>
                                    <a href=format!("/courses/{}/{}", c.card.slug, l.slug)>{l.title.clone()}</a>" "
                                    <span class="meta">{minutes(l.minutes)}</span>
                                    {is_done.then(|| view! { " " <span class="done-mark">"✓ done"</span> })}
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                    {(c.check_questions > 0 && !enrolled).then(|| view! {
                        <p><a href=format!("/courses/{}/check", c.card.slug)>"Preview the knowledge check"</a></p>
                    })}
                    <crate::sessions::pages::CourseSessions course=c.card.slug.clone()/>
                    {(!c.case_studies.is_empty()).then(|| view! {
                        <h2>"Related case studies"</h2>
                        <ul>
                            {c.case_studies.iter().map(|s| view! {
                                <li><a href=format!("/case-studies/{}", s.slug)>{s.title.clone()}</a>" — "{s.organisation.clone()}</li>
                            }).collect_view()}
                        </ul>
                    })}
                }.into_any()})
            })}
        </Suspense>
    }
}

fn lesson_href(course: &str, l: &LessonLink) -> String {
    format!("/courses/{course}/{}", l.slug)
}

#[component]
pub fn LessonPage() -> impl IntoView {
    let params = use_params_map();
    let key = move || {
        let p = params.read();
        (
            p.get("slug").unwrap_or_default(),
            p.get("lesson").unwrap_or_default(),
        )
    };
    let lesson = Resource::new(key, |(c, l)| api::lesson(c, l));
    let progress = Resource::new(
        move || (key(), form_tick()),
        |((c, l), _)| learning::progress_in_lesson(c, l),
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let progress = progress.await.ok().flatten();
                or_refusal(lesson.await, move |v| {
                    let course = v.course_slug.clone();
                    view! {
                        <Title text=format!("{} — {} — Service Academy", v.lesson.title, v.course_title)/>
                        <nav class="breadcrumbs" aria-label="Breadcrumb">
                            <a href="/courses">"Courses"</a>" › "<a href=format!("/courses/{course}")>{v.course_title.clone()}</a>
                        </nav>
                        <div class="lesson-layout">
                            <article class="lesson">
                                <h1>{v.lesson.title.clone()}</h1>
                                <p class="meta">{format!("Lesson {} of {} · {}", v.lesson.number, v.total_lessons, minutes(v.lesson.minutes))}</p>
                                <div class="prose" inner_html=v.html.clone()></div>
                                {progress.map(|p| view! { <LessonDone progress=p lesson_slug=v.lesson.slug.clone()/> })}
                            </article>
                            <aside class="lesson-aside">
                                {(!v.toc.is_empty()).then(|| view! {
                                    <nav class="toc" aria-label="On this page">
                                        <h2>"On this page"</h2>
                                        <ul>
                                            {v.toc.iter().map(|t| view! {
                                                <li class=format!("toc-level-{}", t.level)><a href=format!("#{}", t.id)>{t.text.clone()}</a></li>
                                            }).collect_view()}
                                        </ul>
                                    </nav>
                                })}
                                {(!v.terms.is_empty()).then(|| view! {
                                    <section class="terms" aria-labelledby="terms-heading">
                                        <h2 id="terms-heading">"Glossary terms in this lesson"</h2>
                                        <dl>
                                            {v.terms.iter().map(|t| view! {
                                                <dt><a href=format!("/glossary#{}", t.slug)>{t.term.clone()}</a></dt>
                                                <dd>{t.definition_text.clone()}</dd>
                                            }).collect_view()}
                                        </dl>
                                    </section>
                                })}
                            </aside>
                        </div>
                        <nav class="pager" aria-label="Lessons">
                            {v.previous.as_ref().map(|p| view! { <a rel="prev" href=lesson_href(&course, p)>"← "{p.title.clone()}</a> })}
                            {v.next.as_ref().map(|n| view! { <a rel="next" href=lesson_href(&course, n)>{n.title.clone()}" →"</a> })}
                            {v.next.is_none().then(|| view! { <a href=format!("/courses/{course}")>"Back to the course overview"</a> })}
                        </nav>
                    }.into_any()
                })
            })}
        </Suspense>
    }
}

/// The knowledge check, shown read-only: taking and grading it comes with enrolment.
#[component]
pub fn CheckPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let check = Resource::new(slug, api::knowledge_check);
    let take = Resource::new(
        move || (slug(), form_tick()),
        |(s, _)| learning::open_check(s),
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let take = take.await.ok().flatten();
                or_refusal(check.await, move |v| match take {
                    Some(t) => view! {
                        <Title text=format!("{} — Service Academy", v.title)/>
                        <nav class="breadcrumbs" aria-label="Breadcrumb">
                            <a href="/courses">"Courses"</a>" › "<a href=format!("/courses/{}", v.course_slug)>{v.course_title.clone()}</a>
                        </nav>
                        <h1>{v.title.clone()}</h1>
                        <TakeCheck take=t/>
                    }.into_any(),
                    None => view! {
                    <Title text=format!("{} — Service Academy", v.title)/>
                    <nav class="breadcrumbs" aria-label="Breadcrumb">
                        <a href="/courses">"Courses"</a>" › "<a href=format!("/courses/{}", v.course_slug)>{v.course_title.clone()}</a>
                    </nav>
                    <h1>{v.title.clone()}</h1>
                    <p class="lead">{format!("{} questions. Pass mark: {} %. You can retake it.", v.questions.len(), v.pass_mark)}</p>
                    <p class="notice notice-info">"This is a preview. "<a href=format!("/courses/{}", v.course_slug)>"Enrol in the course"</a>" to take the check and see the explanations."</p>
                    <form class="check" aria-label="Knowledge check preview">
                        {v.questions.into_iter().enumerate().map(|(i, q)| {
                            let kind = if q.multiple { "checkbox" } else { "radio" };
                            view! {
                                <fieldset class="question" disabled=true>
                                    <legend>{format!("{}. {}", i + 1, q.prompt)}{q.multiple.then_some(" (Select all that apply.)")}</legend>
                                    {q.options.into_iter().map(|(id, text)| {
                                        let input_id = format!("{}-{id}", q.id);
                                        view! {
                                            <div class="option">
                                                <input type=kind id=input_id.clone() name=q.id.clone() value=id/>
                                                <label for=input_id>{text}</label>
                                            </div>
                                        }
                                    }).collect_view()}
                                </fieldset>
                            }
                        }).collect_view()}
                    </form>
                }.into_any(),
                })
            })}
        </Suspense>
    }
}

#[component]
pub fn CaseStudiesPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| api::case_studies());
    view! {
        <Title text="Case studies — Service Academy"/>
        <h1>"Case studies"</h1>
        <p class="lead">"Real-world stories of service, each ending with questions to discuss with your team."</p>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                or_refusal(list.await, |studies| if studies.is_empty() {
                    view! { <p class="empty">"No case studies have been published yet."</p> }.into_any()
                } else {
                    view! {
                        <ul class="course-list">
                            {studies.into_iter().map(|s| view! {
                                <li class="card">
                                    <h2><a href=format!("/case-studies/{}", s.slug)>{s.title.clone()}</a></h2>
                                    <p class="meta">{format!("{} · {}", s.organisation, s.sector)}</p>
                                    <ul class="tags" aria-label="Topics">{s.topics.iter().map(|t| view! { <li>{t.clone()}</li> }).collect_view()}</ul>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                })
            })}
        </Suspense>
    }
}

#[component]
pub fn CaseStudyPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let study = Resource::new(slug, api::case_study);
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                or_refusal(study.await, |v| view! {
                    <Title text=format!("{} — Service Academy", v.study.title)/>
                    <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/case-studies">"Case studies"</a></nav>
                    <article class="lesson">
                        <h1>{v.study.title.clone()}</h1>
                        <p class="meta">{format!("{} · {}", v.study.organisation, v.study.sector)}</p>
                        <div class="prose" inner_html=v.html.clone()></div>
                        {(!v.courses.is_empty()).then(|| view! {
                            <h2>"Related courses"</h2>
                            <ul>{v.courses.iter().map(|(slug, title)| view! { <li><a href=format!("/courses/{slug}")>{title.clone()}</a></li> }).collect_view()}</ul>
                        })}
                    </article>
                }.into_any())
            })}
        </Suspense>
    }
}

#[component]
pub fn GlossaryPage() -> impl IntoView {
    let terms = Resource::new(|| (), |_| api::glossary());
    view! {
        <Title text="Glossary — Service Academy"/>
        <h1>"Glossary"</h1>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                or_refusal(terms.await, |terms| {
                    let letter = |t: &str| t.chars().next().map(|c| c.to_ascii_uppercase()).unwrap_or('#');
                    let mut letters: Vec<char> = terms.iter().map(|t| letter(&t.term)).collect();
                    letters.dedup();
                    view! {
                        <nav class="az" aria-label="Glossary by letter">
                            <ul>
                                {('A'..='Z').map(|l| if letters.contains(&l) {
                                    view! { <li><a href=format!("#letter-{l}")>{l.to_string()}</a></li> }.into_any()
                                } else {
                                    view! { <li><span aria-disabled="true">{l.to_string()}</span></li> }.into_any()
                                }).collect_view()}
                            </ul>
                        </nav>
                        {letters.iter().map(|&l| view! {
                            <section class="glossary-letter" aria-labelledby=format!("letter-{l}")>
                                <h2 id=format!("letter-{l}")>{l.to_string()}</h2>
                                <dl class="glossary">
                                    {terms.iter().filter(|t| letter(&t.term) == l).map(|t| view! {
                                        <dt id=t.slug.clone()>{t.term.clone()}</dt>
                                        <dd inner_html=t.definition_html.clone()></dd>
                                    }).collect_view()}
                                </dl>
                            </section>
                        }).collect_view()}
                    }.into_any()
                })
            })}
        </Suspense>
    }
}
