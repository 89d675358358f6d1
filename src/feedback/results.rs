//! Pure: turns a session's answer counts and comments into what the results page shows — a
//! count for every possible answer (zeros included), the mean of scales, the comments.

use super::definition::{Question, QuestionKind};
use super::{Comment, QuestionResult};

/// `counts` holds (question key, value, count); `comments` (handle, key, text, hidden).
/// Hidden comments are left out unless `show_hidden` (trainers see them, marked).
pub fn tabulate(
    questions: &[Question],
    counts: &[(String, i64, i64)],
    comments: &[(String, String, String, bool)],
    show_hidden: bool,
) -> Vec<QuestionResult> {
    questions
        .iter()
        .map(|q| {
            let of = |value: i64| {
                counts
                    .iter()
                    .filter(|(k, v, _)| *k == q.key && *v == value)
                    .map(|(_, _, n)| *n)
                    .sum::<i64>()
            };
            let counts: Vec<(String, i64)> = match &q.kind {
                QuestionKind::Likert { low, high } | QuestionKind::Recommend { low, high } => {
                    let (from, to) = q.kind.range().unwrap_or((0, 0));
                    (from..=to)
                        .map(|v| {
                            let label = if v == from {
                                format!("{v} ({low})")
                            } else if v == to {
                                format!("{v} ({high})")
                            } else {
                                v.to_string()
                            };
                            (label, of(v))
                        })
                        .collect()
                }
                QuestionKind::Choice { options } => options
                    .iter()
                    .enumerate()
                    .map(|(i, o)| (o.clone(), of(i as i64)))
                    .collect(),
                QuestionKind::Text => Vec::new(),
            };
            let comments: Vec<Comment> = comments
                .iter()
                .filter(|(_, k, _, hidden)| *k == q.key && (show_hidden || !hidden))
                .map(|(handle, _, text, hidden)| Comment {
                    handle: handle.clone(),
                    text: text.clone(),
                    hidden: *hidden,
                })
                .collect();
            let answered = match q.kind {
                QuestionKind::Text => comments.len() as i64,
                _ => counts.iter().map(|(_, n)| n).sum(),
            };
            let mean = match (&q.kind, q.kind.range()) {
                (QuestionKind::Likert { .. } | QuestionKind::Recommend { .. }, Some((from, _)))
                    if answered > 0 =>
                {
                    let total: i64 = counts
                        .iter()
                        .enumerate()
                        .map(|(i, (_, n))| (from + i as i64) * n)
                        .sum();
                    Some((total as f64 / answered as f64 * 10.0).round() / 10.0)
                }
                _ => None,
            };
            QuestionResult {
                key: q.key.clone(),
                prompt: q.prompt.clone(),
                kind: q.kind.name().to_string(),
                counts,
                answered,
                mean,
                comments,
            }
        })
        .collect()
}

/// A comment's handle: a keyed hash of where it sits, under a key drawn when the server starts,
/// so nobody can tell from two handles whether one person wrote both comments. (A page shown
/// before a restart names comments the restarted server no longer knows: reload and retry.)
#[cfg(feature = "ssr")]
pub fn comment_handle(session: i64, response: i64, key: &str) -> String {
    use sha2::{Digest, Sha256};
    static SECRET: std::sync::OnceLock<[u8; 32]> = std::sync::OnceLock::new();
    let secret = SECRET.get_or_init(crate::secrets::random_bytes::<32>);
    let mut h = Sha256::new();
    h.update(secret);
    h.update(session.to_le_bytes());
    h.update(response.to_le_bytes());
    h.update(key.as_bytes());
    h.finalize()[..12]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Responses per attendee, in whole percent (0 when nobody attended).
pub fn rate(responses: i64, attended: i64) -> u8 {
    if attended <= 0 {
        0
    } else {
        ((responses * 100) / attended).clamp(0, 100) as u8
    }
}

/// One answer's share of a question's answers, in whole percent rounded to the nearest (0 when
/// nobody answered): what its bar on the results page draws.
pub fn share(count: i64, answered: i64) -> u8 {
    if answered <= 0 || count <= 0 {
        0
    } else {
        ((count * 200 + answered) / (answered * 2)).clamp(0, 100) as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feedback::definition::parse;

    fn form() -> Vec<Question> {
        parse(
            "likert | clear | It was clear | Strongly disagree / Strongly agree\n\
             choice | pace | Pace | Too slow / About right / Too fast\n\
             text? | better | What to improve",
        )
        .unwrap()
    }

    #[test]
    fn every_possible_answer_is_counted_including_zeros_and_scales_get_a_mean() {
        let counts = vec![
            ("clear".to_string(), 5, 2),
            ("clear".to_string(), 2, 1),
            ("pace".to_string(), 1, 3),
        ];
        let r = tabulate(&form(), &counts, &[], false);
        assert_eq!(r[0].counts.len(), 5);
        assert_eq!(r[0].counts[0], ("1 (Strongly disagree)".to_string(), 0));
        assert_eq!(r[0].counts[4], ("5 (Strongly agree)".to_string(), 2));
        assert_eq!(r[0].answered, 3);
        // (5 + 5 + 2) / 3 = 4.0
        assert_eq!(r[0].mean, Some(4.0));
        assert_eq!(r[1].counts[1], ("About right".to_string(), 3));
        assert_eq!(r[1].mean, None);
    }

    #[test]
    fn hidden_comments_reach_trainers_only() {
        let comments = vec![
            (
                "h7".into(),
                "better".to_string(),
                "More examples".to_string(),
                false,
            ),
            (
                "h9".into(),
                "better".to_string(),
                "abusive".to_string(),
                true,
            ),
        ];
        let instructor = tabulate(&form(), &[], &comments, false);
        assert_eq!(instructor[2].comments.len(), 1);
        assert_eq!(instructor[2].answered, 1);
        let trainer = tabulate(&form(), &[], &comments, true);
        assert_eq!(trainer[2].comments.len(), 2);
        assert!(trainer[2].comments[1].hidden);
    }

    #[test]
    fn an_answers_share_is_its_count_over_all_answers_rounded() {
        assert_eq!(share(1, 3), 33);
        assert_eq!(share(2, 3), 67);
        assert_eq!(share(3, 3), 100);
        assert_eq!(share(1, 8), 13);
        assert_eq!(share(0, 5), 0);
        assert_eq!(share(0, 0), 0);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn comment_handles_differ_per_comment_and_say_nothing_of_the_response() {
        let (a, b) = (
            comment_handle(1, 77, "worked"),
            comment_handle(1, 77, "better"),
        );
        assert_ne!(a, b);
        assert_eq!(a, comment_handle(1, 77, "worked"));
        assert_eq!(a.len(), 24);
        assert!(!a.contains("77") || !b.contains("77"));
    }

    #[test]
    fn response_rate_is_a_whole_percentage() {
        assert_eq!(rate(2, 3), 66);
        assert_eq!(rate(0, 0), 0);
        assert_eq!(rate(5, 4), 100);
    }
}
