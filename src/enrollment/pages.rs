//! Enrollment pages and panels: "My learning" on the dashboard, the course page's enrolment
//! panel, the lesson's progress strip, taking a check and its result, certificates, the public
//! verification page, transcripts, and the trainer's enrol form.

use super::api::{
    self, CompleteCourse, Enrol, EnrolPeople, MarkDone, RevokeCertificate, SubmitCheck, Unenrol,
};
use super::rules::Standing;
use super::{CheckToTake, CourseProgress, EnrollmentBrief, LessonProgress};
use crate::accounts::User;
use crate::accounts::guard::{Guard, or_refusal};
use crate::accounts::permissions::Permission;
use crate::ui::forms::form_action;
use crate::ui::progress::ProgressBar;
use crate::ui::{DownloadLink, form_tick};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn lesson_href(course: &str, lesson: &str) -> String {
    format!("/courses/{course}/{lesson}")
}

/// The learner's own learning, grouped as a learner plans their week.
#[component]
pub fn MyLearning() -> impl IntoView {
    let data = Resource::new(form_tick, |_| api::learning_overview());
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading your learning…"</p> }>
            {move || Suspend::new(async move {
                or_refusal(data.await, |mine| {
                    let group = |s: &[Standing]| -> Vec<EnrollmentBrief> {
                        mine.enrollments.iter().filter(|e| s.contains(&e.standing)).cloned().collect()
                    };
                    let overdue = group(&[Standing::Overdue]);
                    let due_soon = group(&[Standing::DueSoon]);
                    let going = group(&[Standing::InProgress, Standing::NotStarted]);
                    let done = group(&[Standing::Completed]);
                    let empty = mine.enrollments.is_empty();
                    view! {
                        <section class="my-learning" aria-labelledby="my-learning">
                            <h2 id="my-learning">"My learning"</h2>
                            {empty.then(|| view! {
                                <p class="empty">"You are not enrolled in any course yet. "<a href="/courses">"Browse the course catalog"</a>" to find one."</p>
                            })}
                            <LearningGroup title="Overdue" items=overdue/>
                            <LearningGroup title="Due soon" items=due_soon/>
                            <LearningGroup title="In progress" items=going/>
                            <LearningGroup title="Completed" items=done/>
                            <p class="links"><a href="/transcript">"My transcript"</a>" · "<a href="/courses">"Course catalog"</a></p>
                        </section>
                    }
                })
            })}
        </Suspense>
    }
}

#[component]
fn LearningGroup(title: &'static str, items: Vec<EnrollmentBrief>) -> impl IntoView {
    (!items.is_empty()).then(|| {
        let id = format!("group-{}", title.to_lowercase().replace(' ', "-"));
        let labelled_by = id.clone();
        view! {
            <section class="learning-group" aria-labelledby=labelled_by>
                <h3 id=id>{format!("{title} ({})", items.len())}</h3>
                <ul class="learning-list">
                    {items.into_iter().map(|e| view! { <LearningItem e=e/> }).collect_view()}
                </ul>
            </section>
        }
    })
}

#[component]
fn LearningItem(e: EnrollmentBrief) -> impl IntoView {
    let course_href = format!("/courses/{}", e.course_slug);
    let label = format!("Progress in {}", e.course_title);
    let action = match (&e.certificate, &e.resume) {
        (Some(code), _) => view! { <a class="button" href=format!("/certificates/{code}")>"View certificate"</a> }.into_any(),
        (None, Some((slug, title))) if e.completed_on.is_none() => view! {
            <a class="button primary" href=lesson_href(&e.course_slug, slug)>
                {if e.lessons_done == 0 { "Start" } else { "Resume" }}
                <span class="visually-hidden">{format!(": {title}")}</span>
            </a>
        }.into_any(),
        _ if e.completed_on.is_none() => view! { <a class="button primary" href=format!("/courses/{}/check", e.course_slug)>"Take the check"</a> }.into_any(),
        _ => view! { <a class="button" href=course_href.clone()>"Open"</a> }.into_any(),
    };
    view! {
        <li class="card learning-item" class:overdue=e.standing == Standing::Overdue>
            <h4><a href=course_href.clone()>{e.course_title.clone()}</a></h4>
            <ProgressBar percent=e.percent label=label/>
            <p class="meta">
                {format!("{} of {} lessons done", e.lessons_done, e.lessons_total)}
                {e.best_score.map(|b| format!(" · best check score {b} %"))}
                {e.completed_on.clone().map(|d| format!(" · completed {d}"))}
            </p>
            {e.due_label.clone().map(|d| view! { <p class="due">{d}</p> })}
            <p>{action}</p>
        </li>
    }
}

/// The course page's panel: enrol, or progress with resume, the check, and the certificate.
#[component]
pub fn EnrollmentPanel(
    course_slug: String,
    first_lesson: Option<String>,
    has_check: bool,
    progress: Option<CourseProgress>,
    signed_in: bool,
) -> impl IntoView {
    let enrol = form_action::<Enrol>();
    let unenrol = form_action::<Unenrol>();
    let complete = form_action::<CompleteCourse>();
    let Some(p) = progress.filter(|p| p.brief.active || p.brief.completed_on.is_some()) else {
        let browse = first_lesson.map(|l| view! {
            <p><a class="button" href=lesson_href(&course_slug, &l)>"Start the first lesson"</a>" "
            <span class="hint">"You can read without enrolling; your progress is recorded once you enrol."</span></p>
        });
        return view! {
            <section class="panel enrol-panel" aria-label="Enrolment">
                {if signed_in {
                    view! {
                        <ActionForm action=enrol>
                            <input type="hidden" name="course" value=course_slug.clone()/>
                            <p>"Enrol to record your progress, take the knowledge check and earn a certificate."</p>
                            <button type="submit" class="button primary">"Enrol in this course"</button>
                        </ActionForm>
                    }.into_any()
                } else {
                    view! { <p><a class="button primary" href=format!("/sign-in?next=/courses/{course_slug}")>"Sign in to enrol"</a></p> }.into_any()
                }}
                {browse}
            </section>
        }.into_any();
    };
    let b = p.brief.clone();
    view! {
        <section class="panel enrol-panel" aria-label="Your progress">
            <h2>"Your progress"</h2>
            <ProgressBar percent=b.percent label="Lessons done"/>
            <p class="meta">
                {format!("{} of {} lessons done · enrolled {}", b.lessons_done, b.lessons_total, b.enrolled_on)}
                {b.best_score.map(|s| format!(" · best check score {s} % ({} attempt{})", b.attempts, if b.attempts == 1 { "" } else { "s" }))}
            </p>
            {b.due_label.clone().map(|d| view! { <p class="due">{d}</p> })}
            {match (&b.completed_on, &b.certificate) {
                (Some(on), code) => view! {
                    <p class="notice notice-success">
                        {format!("You completed this course on {on} (version {}).", b.completed_version.unwrap_or_default())}" "
                        {code.clone().map(|c| view! { <a href=format!("/certificates/{c}")>"View your certificate"</a> })}
                    </p>
                }.into_any(),
                // Everything done but nothing completed it (a revision removed what was left):
                // completing is a button, never a side effect of viewing this page.
                (None, _) if p.outstanding.is_empty() && b.active => view! {
                    <ActionForm action=complete>
                        <input type="hidden" name="enrollment" value=b.id/>
                        <p>"Everything this course asks for is done."</p>
                        <button type="submit" class="button primary">"Complete the course and get your certificate"</button>
                    </ActionForm>
                }.into_any(),
                (None, _) => view! {
                    <p>{format!("Still to do: {}.", p.outstanding.join("; "))}</p>
                    <p class="actions">
                        {b.resume.clone().map(|(slug, _)| view! {
                            <a class="button primary" href=lesson_href(&b.course_slug, &slug)>
                                {if b.lessons_done == 0 { "Start the first lesson" } else { "Resume where you left off" }}
                            </a>
                        })}" "
                        {has_check.then(|| view! { <a class="button" href=format!("/courses/{}/check", b.course_slug)>"Take the knowledge check"</a> })}
                    </p>
                }.into_any(),
            }}
            {p.last_attempt.map(|id| view! {
                <p><a href=format!("/courses/{}/check/attempts/{id}", b.course_slug)>"See your last check result"</a></p>
            })}
            {b.active.then(|| view! {
                <details class="unenrol">
                    <summary>"Leave this course"</summary>
                    <ActionForm action=unenrol>
                        <input type="hidden" name="enrollment" value=b.id/>
                        <p>"Your progress and check results are kept; enrol again any time to pick up where you left off."</p>
                        <button type="submit" class="button danger">"Unenrol"</button>
                    </ActionForm>
                </details>
            })}
        </section>
    }.into_any()
}

/// The lesson page's strip: progress in the course and "mark as done".
#[component]
pub fn LessonDone(progress: LessonProgress, lesson_slug: String) -> impl IntoView {
    let done = form_action::<MarkDone>();
    view! {
        <section class="panel lesson-done" aria-label="Your progress">
            <ProgressBar percent=progress.percent label="Lessons done in this course"/>
            <p class="meta">{format!("{} of {} lessons done", progress.lessons_done, progress.lessons_total)}</p>
            {if progress.done {
                view! { <p class="done-mark">"✓ You have marked this lesson as done."</p> }.into_any()
            } else {
                view! {
                    <ActionForm action=done>
                        <input type="hidden" name="enrollment" value=progress.enrollment_id/>
                        <input type="hidden" name="lesson" value=lesson_slug.clone()/>
                        <button type="submit" class="button primary">"Mark as done"</button>
                    </ActionForm>
                }.into_any()
            }}
        </section>
    }
}

/// The knowledge check as a form: answers go to the server, which grades them.
#[component]
pub fn TakeCheck(take: CheckToTake) -> impl IntoView {
    let submit = form_action::<SubmitCheck>();
    let v = take.check;
    view! {
        <p class="lead">{format!("{} questions. Pass mark: {} %. You can retake it as often as you like.", v.questions.len(), v.pass_mark)}</p>
        {(take.attempts > 0).then(|| view! {
            <p class="meta">{format!("Attempts so far: {}. Best score: {} %.", take.attempts, take.best_score.unwrap_or(0))}</p>
        })}
        <ActionForm action=submit attr:class="check" attr:aria-label="Knowledge check">
            <input type="hidden" name="enrollment" value=take.enrollment_id/>
            <input type="hidden" name="token" value=take.token.clone()/>
            {v.questions.into_iter().enumerate().map(|(i, q)| {
                let kind = if q.multiple { "checkbox" } else { "radio" };
                view! {
                    <fieldset class="question">
                        <legend>{format!("{}. {}", i + 1, q.prompt)}{q.multiple.then_some(" (Select all that apply.)")}</legend>
                        {q.options.into_iter().map(|(id, text)| {
                            let input_id = format!("{}-{id}", q.id);
                            // A radio group shares one name; each checkbox needs its own key.
                            let name = if q.multiple { format!("answers[{}:{id}]", q.id) } else { format!("answers[{}]", q.id) };
                            view! {
                                <div class="option">
                                    <input type=kind id=input_id.clone() name=name value=id required=!q.multiple/>
                                    <label for=input_id>{text}</label>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                }
            }).collect_view()}
            <button type="submit" class="button primary">"Submit answers"</button>
        </ActionForm>
    }
}

#[component]
pub fn AttemptPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let data = Resource::new(id, api::attempt);
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                or_refusal(data.await, |a| view! {
                    <Title text=format!("Check result — {} — Service Academy", a.course_title)/>
                    <nav class="breadcrumbs" aria-label="Breadcrumb">
                        <a href="/courses">"Courses"</a>" › "<a href=format!("/courses/{}", a.course_slug)>{a.course_title.clone()}</a>
                    </nav>
                    <h1>{format!("Knowledge check: attempt {}", a.number)}</h1>
                    <p class=if a.passed { "result result-pass" } else { "result result-fail" } role="status">
                        {format!("{} of {} right: {} % (pass mark {} %) — {}.", a.correct, a.total, a.percent, a.pass_mark, if a.passed { "passed" } else { "not passed yet" })}
                    </p>
                    <p class="meta">{format!("Submitted {}", a.submitted_on)}</p>
                    <p class="actions">
                        {a.certificate.clone().map(|c| view! { <a class="button primary" href=format!("/certificates/{c}")>"View your certificate"</a> })}" "
                        {(!a.passed).then(|| view! { <a class="button primary" href=format!("/courses/{}/check", a.course_slug)>"Try again"</a> })}" "
                        <a class="button" href=format!("/courses/{}", a.course_slug)>"Back to the course"</a>
                    </p>
                    {a.questions.is_empty().then(|| view! { <p class="empty">"The check has been revised since this attempt, so its questions are no longer shown."</p> })}
                    {a.answer_key_note.clone().filter(|_| !a.questions.is_empty()).map(|note| view! { <p class="meta answer-key-note">{note}</p> })}
                    <ol class="results">
                        {a.questions.into_iter().map(|q| view! {
                            <li class="card question-result" class:right=q.correct class:wrong=!q.correct>
                                <p class="prompt"><strong>{q.prompt.clone()}</strong></p>
                                <p class="verdict">{if q.correct { "Right" } else if q.answered { "Not right" } else { "Not answered" }}</p>
                                <ul class="options">
                                    {q.options.into_iter().map(|(_, text, picked, correct)| view! {
                                        <li class:correct=correct class:picked=picked>
                                            {text}
                                            {picked.then_some(" — your answer")}
                                            {correct.then_some(" — correct")}
                                        </li>
                                    }).collect_view()}
                                </ul>
                                {(!q.explanation_html.is_empty()).then(|| view! { <div class="explanation prose" inner_html=q.explanation_html.clone()></div> })}
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any())
            })}
        </Suspense>
    }
}

#[component]
pub fn CertificatePage() -> impl IntoView {
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let data = Resource::new(move || (code(), form_tick()), |(c, _)| api::certificate(c));
    let revoke = form_action::<RevokeCertificate>();
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                or_refusal(data.await, |z| view! {
                    <Title text=format!("Certificate — {} — Service Academy", z.course_title)/>
                    {z.revoked_on.clone().map(|on| view! {
                        <p class="notice notice-error" role="alert">{format!("This certificate was revoked on {on}. Reason: {}", z.revoked_reason)}</p>
                    })}
                    <article class="certificate" class:revoked=z.revoked_on.is_some() aria-label="Certificate of completion">
                        <p class="certificate-org">"City of Service · Service Academy"</p>
                        <h1>"Certificate of completion"</h1>
                        <p>"This certifies that"</p>
                        <p class="certificate-name">{z.learner_name.clone()}</p>
                        <p>"has completed the course"</p>
                        <p class="certificate-course">{z.course_title.clone()}</p>
                        <p>{format!("on {} (course version {}).", z.issued_on, z.course_version)}</p>
                        <p class="certificate-code">"Verification code: "<strong>{z.code.clone()}</strong></p>
                        <p class="certificate-verify">{format!("Check it at {}", z.verify_url)}</p>
                    </article>
                    <p class="actions no-print">
                        <a class="button" href=format!("/verify/{}", z.code)>"Open the public verification page"</a>" "
                        <a class="button" href=format!("/courses/{}", z.course_slug)>"Back to the course"</a>
                    </p>
                    <p class="hint no-print">"Print this page, or save it as PDF from your browser's print dialog."</p>
                    {(z.can_revoke && z.revoked_on.is_none()).then(|| view! {
                        <details class="panel no-print">
                            <summary>"Revoke this certificate"</summary>
                            <ActionForm action=revoke attr:class="stacked-form">
                                <input type="hidden" name="code" value=z.code.clone()/>
                                <div class="field">
                                    <label for="reason">"Reason (kept for audit)"</label>
                                    <input id="reason" name="reason" required=true maxlength=500/>
                                </div>
                                <button type="submit" class="button danger">"Revoke certificate"</button>
                            </ActionForm>
                        </details>
                    })}
                }.into_any())
            })}
        </Suspense>
    }
}

/// The public verification page: `/verify/<code>`, or `/verify?code=` from its own form.
#[component]
pub fn VerifyPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let code = move || {
        params
            .read()
            .get("code")
            .or_else(|| query.read().get("code"))
            .unwrap_or_default()
    };
    let data = Resource::new(code, |c| async move {
        if c.trim().is_empty() {
            None
        } else {
            Some(api::verify(c).await)
        }
    });
    view! {
        <Title text="Verify a certificate — Service Academy"/>
        <h1>"Verify a certificate"</h1>
        <Suspense fallback=|| view! { <p class="loading">"Checking…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    None => ().into_any(),
                    Some(Ok(v)) => match v.revoked_on.clone() {
                        Some(on) => view! {
                            <section class="panel verify-result verify-revoked" role="status">
                                <h2>"This certificate was revoked"</h2>
                                <p>{format!("Certificate {} for {} was revoked on {on}. It is no longer valid.", v.code, v.course_title)}</p>
                            </section>
                        }.into_any(),
                        None => view! {
                            <section class="panel verify-result verify-valid" role="status">
                                <h2>"This certificate is valid"</h2>
                                <dl class="details">
                                    <dt>"Issued to"</dt><dd>{v.learner_name.clone()}</dd>
                                    <dt>"Course"</dt><dd>{format!("{} (version {})", v.course_title, v.course_version)}</dd>
                                    <dt>"Completed on"</dt><dd>{v.issued_on.clone()}</dd>
                                    <dt>"Code"</dt><dd>{v.code.clone()}</dd>
                                </dl>
                            </section>
                        }.into_any(),
                    },
                    Some(Err(e)) => {
                        #[cfg(feature = "ssr")]
                        crate::server::context::set_status(e.status());
                        view! { <p class="notice notice-error" role="alert">{e.to_string()}</p> }.into_any()
                    }
                }
            })}
        </Suspense>
        <form method="get" action="/verify" class="search-form">
            <label for="code">"Verification code (as printed on the certificate)"</label>
            <input id="code" name="code" maxlength=40 placeholder="XXXX-XXXX-XXXX"/>
            <button type="submit" class="button">"Verify"</button>
        </form>
        <p class="hint">"This page confirms a certificate only: it shows nothing else about the person."</p>
    }
}

#[component]
pub fn TranscriptPage() -> impl IntoView {
    let query = use_query_map();
    let employee = move || query.read().get("employee").unwrap_or_default();
    let data = Resource::new(employee, api::transcript_of);
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                or_refusal(data.await, |t| {
                    let csv = if t.own { "/transcript.csv".to_string() } else { format!("/transcript.csv?employee={}", crate::text::percent_encode(&t.person.employee_id)) };
                    let heading = if t.own { "My transcript".to_string() } else { format!("Transcript: {}", t.person.name) };
                    view! {
                        <Title text=format!("{heading} — Service Academy")/>
                        <h1>{heading}</h1>
                        <dl class="details">
                            <dt>"Name"</dt><dd>{t.person.name.clone()}</dd>
                            <dt>"Employee id"</dt><dd>{t.person.employee_id.clone()}</dd>
                            <dt>"Department"</dt><dd>{if t.person.department.is_empty() { "—".to_string() } else { t.person.department.clone() }}</dd>
                        </dl>
                        <p><DownloadLink class="button" href=csv>"Download as CSV"</DownloadLink></p>
                        {if t.rows.is_empty() {
                            view! { <p class="empty">"No enrolments yet."</p> }.into_any()
                        } else {
                            view! {
                                <div class="table-wrap">
                                    <table class="data-table">
                                        <caption class="visually-hidden">"Courses"</caption>
                                        <thead><tr>
                                            <th scope="col">"Course"</th><th scope="col">"Status"</th><th scope="col">"Enrolled"</th>
                                            <th scope="col">"Due"</th><th scope="col">"Completed"</th><th scope="col">"Progress"</th>
                                            <th scope="col">"Best check score"</th><th scope="col">"Certificate"</th>
                                        </tr></thead>
                                        <tbody>
                                            {t.rows.into_iter().map(|r| view! {
                                                <tr>
                                                    <th scope="row"><a href=format!("/courses/{}", r.course_slug)>{r.course_title.clone()}</a></th>
                                                    <td>{r.status_label()}</td>
                                                    <td>{r.enrolled_on.clone()}</td>
                                                    <td>{r.due_on.clone().unwrap_or_default()}</td>
                                                    <td>{r.completed_on.clone().map(|d| format!("{d} (v{})", r.completed_version.unwrap_or_default())).unwrap_or_default()}</td>
                                                    <td>{format!("{} of {} lessons", r.lessons_done, r.lessons_total)}</td>
                                                    <td>{r.best_score.map(|b| format!("{b} %")).unwrap_or_default()}</td>
                                                    <td>{r.certificate.clone().map(|c| view! { <a href=format!("/certificates/{c}")>{c.clone()}</a> })}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }.into_any()
                        }}
                    }.into_any()
                })
            })}
        </Suspense>
    }
}

#[component]
pub fn TrainerEnrolPage() -> impl IntoView {
    view! {
        <Title text="Enrol people — Service Academy"/>
        <Guard need=Permission::ManageTraining children=|_user: User| view! { <EnrolForm/> }/>
    }
}

#[component]
fn EnrolForm() -> impl IntoView {
    let choices = Resource::new(|| (), |_| api::enrolment_choices());
    let action = form_action::<EnrolPeople>();
    view! {
        <section>
            <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/trainer">"Training"</a></nav>
            <h1>"Enrol people in a course"</h1>
            <p class="lead">"Enrol one person, a list, or a whole department. People already enrolled are left as they are (a new due date replaces theirs)."</p>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    or_refusal(choices.await, |c| view! {
                        <ActionForm action=action attr:class="stacked-form">
                            <div class="field">
                                <label for="course">"Course"<span class="required" aria-hidden="true">" *"</span></label>
                                <select id="course" name="course" required=true>
                                    {c.courses.into_iter().map(|(slug, title)| view! { <option value=slug>{title}</option> }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="employee_ids">"Employee ids"</label>
                                <p class="hint" id="employee_ids-hint">"One per line, or separated by commas."</p>
                                <textarea id="employee_ids" name="employee_ids" rows=5 aria-describedby="employee_ids-hint"></textarea>
                            </div>
                            <div class="field">
                                <label for="department">"…and/or everyone in a department"</label>
                                <select id="department" name="department">
                                    <option value="">"No department"</option>
                                    {c.departments.into_iter().map(|d| { let shown = d.clone(); view! { <option value=d>{shown}</option> } }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="due_on">"Due date (optional)"</label>
                                <input id="due_on" name="due_on" type="date"/>
                            </div>
                            <button type="submit" class="button primary">"Enrol"</button>
                        </ActionForm>
                    }.into_any())
                })}
            </Suspense>
        </section>
    }
}
