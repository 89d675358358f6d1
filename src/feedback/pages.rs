//! Feedback pages: the attendee's form, a session's results with moderation, and the trainer's
//! form list and editor.

use super::api::{self, ChooseCourseForm, HideComment, SaveForm, SubmitFeedback};
use super::definition::QuestionKind;
use super::results;
use super::{FeedbackPage as Page, QuestionResult, SessionResults};
use crate::accounts::User;
use crate::accounts::guard::{Guard, or_refusal};
use crate::accounts::permissions::Permission;
use crate::sessions::FeedbackWindow;
use crate::ui::forms::form_action;
use crate::ui::{form_tick, number_param};
use leptos::prelude::*;
use leptos_meta::Title;

pub const ANONYMITY: &str = "Your answers are anonymous. The academy records that you have answered, \
    separately from what you answered, with nothing linking the two. Nobody \u{2014} not your \
    instructor, not the trainers, not the administrators \u{2014} sees answers of fewer than 3 people \
    (5 when sessions are compared), and results appear only once this form has closed, so no \
    answer can be told apart by when it arrived. Instructors cannot answer for their own session.";

#[component]
pub fn FeedbackFormPage() -> impl IntoView {
    let id = number_param("id");
    let data = Resource::new(
        move || (id().unwrap_or(0), form_tick()),
        |(id, _)| api::feedback_form(id),
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading the form…"</p> }>
            {move || Suspend::new(async move {
                or_refusal(data.await, |p| view! { <FeedbackFormView p=p/> })
            })}
        </Suspense>
    }
}

#[component]
fn FeedbackFormView(p: Page) -> impl IntoView {
    let submit = form_action::<SubmitFeedback>();
    let c = p.session.clone();
    let id = c.id;
    let body = match p.window.clone() {
        FeedbackWindow::Open { closes } => view! {
            <p class="meta">{format!("Open until {closes}. Questions marked * need an answer.")}</p>
            <ActionForm action=submit attr:class="feedback" attr:aria-label="Session feedback">
                <input type="hidden" name="session" value=id/>
                {p.questions.into_iter().map(|q| {
                    let name = format!("a[{}]", q.key);
                    let legend = format!("{}{}", q.prompt, if q.required { " *" } else { "" });
                    let required = q.required;
                    let range = q.kind.range();
                    match q.kind {
                        QuestionKind::Likert { low, high } | QuestionKind::Recommend { low, high } => {
                            let (from, to) = range.unwrap_or((1, 5));
                            view! {
                                <fieldset class="question scale">
                                    <legend>{legend}</legend>
                                    <p class="scale-ends"><span>{format!("{from} = {low}")}</span>" · "<span>{format!("{to} = {high}")}</span></p>
                                    <div class="scale-options">
                                        {(from..=to).map(|v| {
                                            let input = format!("{}-{v}", q.key);
                                            view! {
                                                <span class="option">
                                                    <input type="radio" id=input.clone() name=name.clone() value=v.to_string() required=required/>
                                                    <label for=input>{v.to_string()}</label>
                                                </span>
                                            }
                                        }).collect_view()}
                                    </div>
                                </fieldset>
                            }.into_any()
                        }
                        QuestionKind::Choice { options } => view! {
                            <fieldset class="question">
                                <legend>{legend}</legend>
                                {options.into_iter().enumerate().map(|(i, o)| {
                                    let input = format!("{}-{i}", q.key);
                                    view! {
                                        <div class="option">
                                            <input type="radio" id=input.clone() name=name.clone() value=i.to_string() required=required/>
                                            <label for=input>{o}</label>
                                        </div>
                                    }
                                }).collect_view()}
                            </fieldset>
                        }.into_any(),
                        QuestionKind::Text => {
                            let input = format!("q-{}", q.key);
                            view! {
                                <div class="field question">
                                    <label for=input.clone()>{legend}</label>
                                    <textarea id=input name=name rows=4 maxlength=4000 required=required></textarea>
                                </div>
                            }.into_any()
                        }
                    }
                }).collect_view()}
                <button type="submit" class="button primary">"Send feedback"</button>
            </ActionForm>
        }.into_any(),
        FeedbackWindow::Given => view! { <p class="result result-pass" role="status">"You have already given feedback on this session. Thank you!"</p> }.into_any(),
        FeedbackWindow::NotYet { opens } => view! { <p class="meta">{format!("The form opens {opens}, when the session ends or your attendance is marked.")}</p> }.into_any(),
        FeedbackWindow::Closed => view! { <p class="meta">"Feedback on this session has closed."</p> }.into_any(),
    };
    view! {
        <Title text=format!("Feedback — {} — Service Academy", c.title)/>
        <nav class="breadcrumbs" aria-label="Breadcrumb"><a href=format!("/sessions/{id}")>{c.title.clone()}</a></nav>
        <h1>{format!("Feedback: {}", c.title)}</h1>
        <p class="meta">{c.when.clone()}{(!c.instructors.is_empty()).then(|| format!(" · with {}", c.instructors.join(", ")))}</p>
        <p class="anonymity" role="note"><strong>"Anonymous. "</strong>{ANONYMITY}</p>
        <h2 class="form-title">{p.form_title.clone()}</h2>
        {body}
    }
}

#[component]
pub fn ResultsPage() -> impl IntoView {
    let id = number_param("id");
    let data = Resource::new(
        move || (id().unwrap_or(0), form_tick()),
        |(id, _)| api::results_of_session(id),
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading results…"</p> }>
            {move || Suspend::new(async move {
                or_refusal(data.await, |r| view! { <ResultsView r=r/> })
            })}
        </Suspense>
    }
}

#[component]
fn ResultsView(r: SessionResults) -> impl IntoView {
    let c = r.session.clone();
    let id = c.id;
    let moderates = r.moderates;
    view! {
        <Title text=format!("Results — {} — Service Academy", c.title)/>
        <nav class="breadcrumbs" aria-label="Breadcrumb"><a href=format!("/sessions/{id}")>{c.title.clone()}</a></nav>
        <h1>{format!("Feedback results: {}", c.title)}</h1>
        <p class="meta">{c.when.clone()}</p>
        <p class="summary" data-testid="response-rate">
            {format!("{} responses from {} attendees — response rate {} %.", r.responses, r.attended, r.rate)}
        </p>
        {if r.suppressed {
            view! {
                <p class="empty">{format!(
                    "Results appear once at least {} people have answered ({} so far), so that nobody's answers can be picked out.",
                    r.minimum, r.responses
                )}</p>
            }.into_any()
        } else if let Some(when) = r.releases.clone() {
            view! {
                <p class="empty">{format!(
                    "Results appear {when}, once the feedback form has closed, so that no answer can be told apart by when it arrived."
                )}</p>
            }.into_any()
        } else if r.responses == 0 {
            view! { <p class="empty">"No responses yet."</p> }.into_any()
        } else {
            r.questions.into_iter().map(|q| view! { <QuestionBlock q=q session=id moderates=moderates/> }).collect_view().into_any()
        }}
    }
}

#[component]
fn QuestionBlock(q: QuestionResult, session: i64, moderates: bool) -> impl IntoView {
    let hide = form_action::<HideComment>();
    let answered = q.answered;
    view! {
        <section class="card question-results" aria-label=q.prompt.clone()>
            <h2>{q.prompt.clone()}</h2>
            <p class="meta">
                {format!("{} answered", q.answered)}
                {q.mean.map(|m| format!(" · mean {m:.1}"))}
            </p>
            {(!q.counts.is_empty()).then(|| view! {
                <table class="counts">
                    <thead><tr><th scope="col">"Answer"</th><th scope="col" class="num">"Count"</th><th scope="col">"Share"</th></tr></thead>
                    <tbody>
                        {q.counts.into_iter().map(|(label, n)| {
                            // The number is the text; the bar only draws it.
                            let share = results::share(n, answered);
                            view! {
                                <tr>
                                    <td>{label}</td>
                                    <td class="num">{n}</td>
                                    <td class="share">
                                        <div class="share">
                                            <span class="share-text">{format!("{share} %")}</span>
                                            <span class="share-track" aria-hidden="true">
                                                <span class="share-fill" style=format!("width: {share}%")></span>
                                            </span>
                                        </div>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            {(q.kind == "text").then(|| {
                if q.comments.is_empty() {
                    view! { <p class="empty">"No comments."</p> }.into_any()
                } else {
                    view! {
                        <ul class="comments">
                            {q.comments.into_iter().map(|cm| {
                                view! {
                                    <li class:hidden-comment=cm.hidden>
                                        <blockquote>{cm.text.clone()}</blockquote>
                                        {cm.hidden.then(|| view! { <p class="meta">"Hidden from instructors."</p> })}
                                        {moderates.then(|| view! {
                                            <ActionForm action=hide attr:class="inline">
                                                <input type="hidden" name="session" value=session/>
                                                <input type="hidden" name="comment" value=cm.handle.clone()/>
                                                {if cm.hidden {
                                                    view! {
                                                        <input type="hidden" name="show" value="yes"/>
                                                        <button type="submit" class="button small">"Show to instructors"</button>
                                                    }.into_any()
                                                } else {
                                                    view! {
                                                        <input name="reason" placeholder="Reason" aria-label="Reason for hiding" maxlength=300/>
                                                        <button type="submit" class="button small">"Hide from instructors"</button>
                                                    }.into_any()
                                                }}
                                            </ActionForm>
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            })}
        </section>
    }
}

#[component]
pub fn FormsPage() -> impl IntoView {
    let data = Resource::new(form_tick, |_| api::feedback_forms());
    let choose = form_action::<ChooseCourseForm>();
    view! {
        <Title text="Feedback forms — Service Academy"/>
        <Guard need=Permission::ManageTraining children=move |_user: User| view! {
            <h1>"Feedback forms"</h1>
            <p><a class="button primary" href="/trainer/forms/new">"New form"</a></p>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    or_refusal(data.await, move |o| {
                        let forms = o.forms.clone();
                        view! {
                            <table>
                                <thead><tr><th scope="col">"Form"</th><th scope="col">"Version"</th><th scope="col">"Questions"</th><th scope="col">"Answers"</th></tr></thead>
                                <tbody>
                                    {o.forms.into_iter().map(|f| view! {
                                        <tr>
                                            <td><a href=format!("/trainer/forms/{}", f.family)>{f.title.clone()}</a>{f.is_default.then_some(" (default)")}</td>
                                            <td>{f.version}</td>
                                            <td>{f.questions}</td>
                                            <td>{if f.answered { "Has answers: edits make a new version" } else { "None yet" }}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <h2>"Form per course"</h2>
                            <p class="hint">"A session uses its own form if it names one, else its course's, else the default."</p>
                            <ul class="course-forms">
                                {o.courses.into_iter().map(|(slug, title, family)| {
                                    let forms = forms.clone();
                                    let input = format!("form-{slug}");
                                    view! {
                                        <li>
                                            <ActionForm action=choose attr:class="inline">
                                                <input type="hidden" name="course" value=slug.clone()/>
                                                <label for=input.clone()>{title}</label>" "
                                                <select id=input name="form">
                                                    <option value="" selected=family.is_none()>"Default form"</option>
                                                    {forms.into_iter().map(|f| view! {
                                                        <option value=f.family.to_string() selected=family == Some(f.family)>{f.title}</option>
                                                    }).collect_view()}
                                                </select>" "
                                                <button type="submit" class="button small">"Use"</button>
                                            </ActionForm>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }
                    })
                })}
            </Suspense>
        }/>
    }
}

#[component]
pub fn FormEditPage() -> impl IntoView {
    let family = number_param("family");
    let data = Resource::new(move || (family(), form_tick()), |(f, _)| api::edit_form(f));
    let save = form_action::<SaveForm>();
    view! {
        <Title text="Edit feedback form — Service Academy"/>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                or_refusal(data.await, move |e| view! {
                    <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/trainer/forms">"Feedback forms"</a></nav>
                    <h1>{if e.family.is_some() { format!("{} (version {})", e.title, e.version) } else { "New feedback form".to_string() }}</h1>
                    {e.answered.then(|| view! { <p class="notice-info">"This version already has answers. Saving makes a new version; earlier answers keep theirs."</p> })}
                    <ActionForm action=save attr:class="form-editor">
                        {e.family.map(|f| view! { <input type="hidden" name="family" value=f/> })}
                        <div class="field">
                            <label for="title">"Title"</label>
                            <input id="title" name="title" required=true maxlength=200 value=e.title.clone()/>
                        </div>
                        <div class="field">
                            <label for="definition">"Questions"</label>
                            <p class="hint">"One per line: kind | key | question | details. Kinds: likert (1–5, details \"low / high\"), recommend (0–10, \"low / high\"), choice (\"option / option / …\"), text. Add ? after the kind to make a question optional."</p>
                            <textarea id="definition" name="definition" rows=16 class="code">{e.definition.clone()}</textarea>
                        </div>
                        <button type="submit" class="button primary">"Save form"</button>
                    </ActionForm>
                })
            })}
        </Suspense>
    }
}
