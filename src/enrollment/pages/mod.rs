//! Enrollment pages and panels: "My learning" on the dashboard, the course page's enrolment
//! panel, the lesson's progress strip, taking a check and its result, certificates, the public
//! verification page, transcripts, and the trainer's enrol form. One file per page.

mod attempt;
mod certificate;
mod course;
mod enrol;
mod learning;
mod transcript;

pub use attempt::AttemptPage;
pub use certificate::{CertificatePage, VerifyPage};
pub use course::{EnrollmentPanel, LessonDone, TakeCheck};
pub use enrol::TrainerEnrolPage;
pub use learning::MyLearning;
pub use transcript::TranscriptPage;

fn lesson_href(course: &str, lesson: &str) -> String {
    format!("/courses/{course}/{lesson}")
}
