//! The course and lesson pages' panels: enrolling, progress with resume, completing, the
//! lesson's "mark as done" strip, and the knowledge check as a form.

use super::lesson_href;
use crate::enrollment::api::{CompleteCourse, Enrol, MarkDone, SubmitCheck, Unenrol};
use crate::enrollment::{CheckToTake, CourseProgress, LessonProgress};
use crate::ui::forms::form_action;
use crate::ui::progress::ProgressBar;
use leptos::prelude::*;

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
