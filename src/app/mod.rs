//! The application shell and router: the HTML document, the routes of every page, and the
//! contexts pages share (the signed-in person and the forms that change it, the notice tick).
//! Its rooms: the page frame and navigation (layout.rs), the role dashboards (dashboard.rs).

pub mod dashboard;
pub mod layout;

use crate::accounts::current_user::provide_current_user;
use crate::accounts::pages::{AccountPage, AdminUsersPage, SetPasswordPage, SignInPage};
use crate::assignments::pages::AssignmentsPageView;
use crate::benchmarks::pages::{BenchmarksPage, InstructorBenchmarksPage, MyBenchmarksPage};
use crate::courses::pages::{
    CaseStudiesPage, CaseStudyPage, CatalogPage, CheckPage, CoursePage, GlossaryPage, LessonPage,
};
use crate::departments::pages::{AdminDepartmentsPage, AdminRosterPage};
use crate::enrollment::pages::{
    AttemptPage, CertificatePage, TrainerEnrolPage, TranscriptPage, VerifyPage,
};
use crate::feedback::pages::{FeedbackFormPage, FormEditPage, FormsPage, ResultsPage};
use crate::reports::pages::{CityReportPage, DepartmentPeoplePage, DepartmentReportPage};
use crate::sessions::pages::{
    RosterPage, ScheduleSessionPage, SessionPage, SessionsPage, TrainerSessionsPage,
};
use crate::ui::notice::FlashTick;
use crate::ui::status::NotFound;
use dashboard::{HomePage, TeachingPage, TrainerPage};
use layout::Layout;
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

/// Gives the browser's `requestIdleCallback` a deadline of 1 s unless the caller set one.
const IDLE_AT_MOST: &str = "(()=>{const idle=window.requestIdleCallback;if(idle){window.requestIdleCallback=(f,o)=>idle.call(window,f,{timeout:1000,...o});}})()";

pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                // Leptos' island loader starts when the browser is idle, which a busy old
                // computer may not be for seconds; the bundle is small, so wait at most 1 s.
                <script nonce=leptos::nonce::use_nonce()>{IDLE_AT_MOST}</script>
                <HydrationScripts options islands=true/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(FlashTick(RwSignal::new(0u64)));
    provide_current_user();

    // Every page waits for its data before the first byte, so refusals are real 403s, missing
    // pages real 404s, and redirects real 302s — with or without JavaScript.
    view! {
        <Stylesheet id="leptos" href="/pkg/academy.css"/>
        <Title text="Service Academy"/>
        <Router>
            <Layout>
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/sign-in") view=SignInPage ssr=SsrMode::Async/>
                    <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/set-password") view=SetPasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/users") view=AdminUsersPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/departments") view=AdminDepartmentsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/roster") view=AdminRosterPage ssr=SsrMode::Async/>
                    <Route path=path!("/assignments") view=AssignmentsPageView ssr=SsrMode::Async/>
                    <Route path=path!("/reports") view=CityReportPage ssr=SsrMode::Async/>
                    <Route path=path!("/reports/departments/:code") view=DepartmentReportPage ssr=SsrMode::Async/>
                    <Route path=path!("/reports/departments/:code/people") view=DepartmentPeoplePage ssr=SsrMode::Async/>
                    <Route path=path!("/teaching") view=TeachingPage ssr=SsrMode::Async/>
                    <Route path=path!("/trainer") view=TrainerPage ssr=SsrMode::Async/>
                    <Route path=path!("/trainer/enrol") view=TrainerEnrolPage ssr=SsrMode::Async/>
                    <Route path=path!("/sessions") view=SessionsPage ssr=SsrMode::Async/>
                    <Route path=path!("/sessions/:id") view=SessionPage ssr=SsrMode::Async/>
                    <Route path=path!("/sessions/:id/roster") view=RosterPage ssr=SsrMode::Async/>
                    <Route path=path!("/sessions/:id/feedback") view=FeedbackFormPage ssr=SsrMode::Async/>
                    <Route path=path!("/sessions/:id/results") view=ResultsPage ssr=SsrMode::Async/>
                    <Route path=path!("/trainer/sessions") view=TrainerSessionsPage ssr=SsrMode::Async/>
                    <Route path=path!("/trainer/sessions/new") view=ScheduleSessionPage ssr=SsrMode::Async/>
                    <Route path=path!("/trainer/sessions/:id/edit") view=ScheduleSessionPage ssr=SsrMode::Async/>
                    <Route path=path!("/trainer/forms") view=FormsPage ssr=SsrMode::Async/>
                    <Route path=path!("/trainer/benchmarks") view=BenchmarksPage ssr=SsrMode::Async/>
                    <Route path=path!("/benchmarks/instructor") view=InstructorBenchmarksPage ssr=SsrMode::Async/>
                    <Route path=path!("/teaching/benchmarks") view=MyBenchmarksPage ssr=SsrMode::Async/>
                    <Route path=path!("/trainer/forms/new") view=FormEditPage ssr=SsrMode::Async/>
                    <Route path=path!("/trainer/forms/:family") view=FormEditPage ssr=SsrMode::Async/>
                    <Route path=path!("/transcript") view=TranscriptPage ssr=SsrMode::Async/>
                    <Route path=path!("/certificates/:code") view=CertificatePage ssr=SsrMode::Async/>
                    <Route path=path!("/verify") view=VerifyPage ssr=SsrMode::Async/>
                    <Route path=path!("/verify/:code") view=VerifyPage ssr=SsrMode::Async/>
                    <Route path=path!("/courses/:slug/check/attempts/:id") view=AttemptPage ssr=SsrMode::Async/>
                    <Route path=path!("/courses") view=CatalogPage ssr=SsrMode::Async/>
                    <Route path=path!("/courses/:slug") view=CoursePage ssr=SsrMode::Async/>
                    <Route path=path!("/courses/:slug/check") view=CheckPage ssr=SsrMode::Async/>
                    <Route path=path!("/courses/:slug/:lesson") view=LessonPage ssr=SsrMode::Async/>
                    <Route path=path!("/case-studies") view=CaseStudiesPage ssr=SsrMode::Async/>
                    <Route path=path!("/case-studies/:slug") view=CaseStudyPage ssr=SsrMode::Async/>
                    <Route path=path!("/glossary") view=GlossaryPage ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}
