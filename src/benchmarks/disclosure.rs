//! The disclosure rules: which slices of the feedback a role may see, so that no figure — and no
//! difference of two figures the same role can obtain — rests on fewer answers than the minimum.
//!
//! The model: everything shown is a union of *cells* that each meet the minimum, and whose
//! boundaries never move, so the difference of two shown figures is again a union of cells.
//! - **Release.** A session's answers count only once its form has closed (instructors a day
//!   later, so trainers can hide an abusive comment first): nobody can diff a page before and
//!   after one more answer.
//! - **Own sessions.** An instructor's own figures are made of whole released sessions with at
//!   least the own minimum each; smaller sessions are left out (not hidden inside a total).
//! - **Periods.** Program figures use only closed months, grouped from the earliest into
//!   periods that each meet the comparison minimum. A window of months snaps to the periods
//!   wholly inside it; the others are left out with a note. Periods are formed over all of
//!   history, never over the window, so the same months always fall into the same periods.
//! - **Slices.** A department's or a course's part of a period is shown only when it meets the
//!   minimum *and* so does what remains of every wider figure of that period the role can see
//!   (the remainder is 0 or at least the minimum), question by question.
//!
//! Sizes are `[responses, answers to question 1, …]`, one vector per cell.

/// A day: how much longer instructors wait for a closed form's results than trainers do.
pub const MODERATION_SECONDS: i64 = 86_400;

/// A count that may be shown, or be the difference of two shown figures: none, or enough.
pub fn safe(n: i64, min: i64) -> bool {
    n == 0 || n >= min
}

/// A cell may be shown on its own: at least `min` responses, and every question answered by
/// none or by at least `min`.
pub fn enough(sizes: &[i64], min: i64) -> bool {
    sizes.first().is_some_and(|&r| r >= min) && sizes.iter().all(|&n| safe(n, min))
}

/// `a + b`, component by component (the longer length wins).
pub fn plus(a: &[i64], b: &[i64]) -> Vec<i64> {
    (0..a.len().max(b.len()))
        .map(|i| a.get(i).copied().unwrap_or(0) + b.get(i).copied().unwrap_or(0))
        .collect()
}

/// `a − b`, component by component, never below 0.
pub fn minus(a: &[i64], b: &[i64]) -> Vec<i64> {
    (0..a.len().max(b.len()))
        .map(|i| (a.get(i).copied().unwrap_or(0) - b.get(i).copied().unwrap_or(0)).max(0))
        .collect()
}

/// Whether a session's results are out for this viewer: its form closed (`closes`), plus a day
/// for those who do not moderate.
pub fn released(closes: i64, now: i64, moderates: bool) -> bool {
    now >= closes + if moderates { 0 } else { MODERATION_SECONDS }
}

/// First second (UTC) of the month after "YYYY-MM"; `None` for anything else.
fn next_month_start(month: &str) -> Option<i64> {
    let (y, m) = month.split_once('-')?;
    let (y, m): (i32, u32) = (y.parse().ok()?, m.parse().ok()?);
    let (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    let day = chrono::NaiveDate::from_ymd_opt(y, m, 1)?;
    Some(day.and_hms_opt(0, 0, 0)?.and_utc().timestamp())
}

/// A month is closed — its figures final — when it is over everywhere (a day after it ended in
/// UTC, for the time zones behind) and every session in it is released to everyone
/// (`last_release`: the latest moment one of its sessions' results reach instructors).
pub fn month_closed(month: &str, last_release: i64, now: i64) -> bool {
    next_month_start(month).is_some_and(|end| now >= end + 86_400) && now >= last_release
}

/// Groups closed months (in calendar order) from the earliest into periods whose sizes together
/// are [`enough`]; the months after the last full period wait for more answers (returned apart).
pub fn periods(months: &[(String, Vec<i64>)], min: i64) -> (Vec<Vec<String>>, Vec<String>) {
    let mut done = Vec::new();
    let (mut open, mut sizes): (Vec<String>, Vec<i64>) = (Vec::new(), Vec::new());
    for (month, s) in months {
        open.push(month.clone());
        sizes = plus(&sizes, s);
        if enough(&sizes, min) {
            done.push(std::mem::take(&mut open));
            sizes.clear();
        }
    }
    (done, open)
}

/// The periods wholly inside the window of months `from..=to` ('' leaves that side open).
pub fn snap<'a>(periods: &'a [Vec<String>], from: &str, to: &str) -> Vec<&'a Vec<String>> {
    let inside =
        |m: &String| (from.is_empty() || m.as_str() >= from) && (to.is_empty() || m.as_str() <= to);
    periods.iter().filter(|p| p.iter().all(inside)).collect()
}

/// A slice of a period may be shown when it is [`enough`] and what remains of every wider
/// figure of the same period (`wider − slice`) is [`safe`], question by question.
pub fn slice_shown(slice: &[i64], wider: &[&[i64]], min: i64) -> bool {
    enough(slice, min)
        && wider
            .iter()
            .all(|w| minus(w, slice).iter().all(|&n| safe(n, min)))
}

/// Which parts of a partition of a shown total may be shown (courses side by side, within the
/// program): those with at least `min`, less as many of the smallest as it takes for the
/// hidden ones together to be none or at least `min` — else the total minus the shown parts
/// would be the one small part.
pub fn partition_shown(parts: &[i64], min: i64) -> Vec<bool> {
    let mut shown: Vec<bool> = parts.iter().map(|&n| n >= min).collect();
    loop {
        let hidden: i64 = parts
            .iter()
            .zip(&shown)
            .filter(|(_, s)| !**s)
            .map(|(n, _)| n)
            .sum();
        if safe(hidden, min) {
            return shown;
        }
        let smallest = (0..parts.len())
            .filter(|&i| shown[i])
            .min_by_key(|&i| parts[i]);
        match smallest {
            Some(i) => shown[i] = false,
            None => return shown,
        }
    }
}

/// Whether part `which` of `parts` may be shown beside `whole`, question by question, when the
/// same role can ask for every other part too (a department beside all the others): what
/// belongs to no part (`whole − Σ parts`, never shown) counts among the hidden parts.
pub fn part_shown(parts: &[Vec<i64>], whole: &[i64], which: usize, min: i64) -> bool {
    let all_parts = parts.iter().fold(Vec::new(), |a, p| plus(&a, p));
    let outside = minus(whole, &all_parts);
    (0..whole.len()).all(|c| {
        let mut column: Vec<i64> = parts
            .iter()
            .map(|p| p.get(c).copied().unwrap_or(0))
            .collect();
        column.push(outside.get(c).copied().unwrap_or(0));
        partition_shown(&column, min)
            .get(which)
            .copied()
            .unwrap_or(false)
    })
}

/// How a completion that waits for feedback is timed: to the day (UTC midnight), so that it
/// cannot be matched with the moment an answer arrived.
pub fn coarse_time(at: i64) -> i64 {
    at - at.rem_euclid(86_400)
}

/// Co-teaching: when every session (with answers) of one ranked instructor is also one of
/// another's, the other's figure minus theirs is exactly the answers of the sessions only the
/// other taught. Given each ranked instructor's sessions and the answers per session, returns
/// the first such pair `(inner, outer)` whose difference is some but fewer than `min` answers.
pub fn nested_difference(
    sessions: &[std::collections::BTreeSet<i64>],
    answers: &std::collections::HashMap<i64, i64>,
    min: i64,
) -> Option<(usize, usize)> {
    let of = |s: &i64| answers.get(s).copied().unwrap_or(0);
    let with_answers: Vec<std::collections::BTreeSet<i64>> = sessions
        .iter()
        .map(|set| set.iter().copied().filter(|s| of(s) > 0).collect())
        .collect();
    for (i, inner) in with_answers.iter().enumerate() {
        for (j, outer) in with_answers.iter().enumerate() {
            if i == j || inner.is_empty() || !inner.is_subset(outer) {
                continue;
            }
            let rest: i64 = outer.difference(inner).map(of).sum();
            if !safe(rest, min) {
                return Some((i, j));
            }
        }
    }
    // Several inside one, none sharing a session: the outer minus all of them is what only
    // the outer taught (leaving any one out leaves its own answers, which are enough).
    for (j, outer) in with_answers.iter().enumerate() {
        let inners: Vec<usize> = (0..with_answers.len())
            .filter(|&i| i != j && !with_answers[i].is_empty())
            .filter(|&i| with_answers[i].is_subset(outer))
            .collect();
        let covered: usize = inners.iter().map(|&i| with_answers[i].len()).sum();
        let mut union = std::collections::BTreeSet::new();
        for &i in &inners {
            union.extend(with_answers[i].iter().copied());
        }
        if inners.len() < 2 || union.len() != covered {
            continue;
        }
        let rest: i64 = outer.difference(&union).map(of).sum();
        if !safe(rest, min) {
            let smallest = inners
                .iter()
                .copied()
                .min_by_key(|&i| with_answers[i].iter().map(of).sum::<i64>())?;
            return Some((smallest, j));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn months(list: &[(&str, &[i64])]) -> Vec<(String, Vec<i64>)> {
        list.iter()
            .map(|(m, s)| (m.to_string(), s.to_vec()))
            .collect()
    }

    #[test]
    fn a_cell_needs_the_minimum_in_responses_and_in_every_question_answered() {
        assert!(enough(&[5, 5, 0], 5));
        assert!(!enough(&[5, 4], 5), "one question answered by 4");
        assert!(!enough(&[4, 4], 5));
        assert!(!enough(&[], 5));
        assert!(safe(0, 5) && safe(7, 5) && !safe(1, 5));
    }

    #[test]
    fn results_are_released_when_the_form_closes_and_to_instructors_a_day_later() {
        assert!(!released(1000, 999, true));
        assert!(released(1000, 1000, true));
        assert!(!released(1000, 1000 + MODERATION_SECONDS - 1, false));
        assert!(released(1000, 1000 + MODERATION_SECONDS, false));
    }

    #[test]
    fn a_month_closes_a_day_after_it_ends_once_its_sessions_are_released() {
        // 2026-04-01T00:00:00Z
        let april = 1_775_001_600;
        assert_eq!(next_month_start("2026-03"), Some(april));
        assert_eq!(next_month_start("2025-12"), Some(1_767_225_600));
        assert!(!month_closed("2026-03", 0, april + 86_399));
        assert!(month_closed("2026-03", 0, april + 86_400));
        assert!(!month_closed("2026-03", april + 90_000, april + 86_400));
        assert!(!month_closed("garbage", 0, i64::MAX / 2));
    }

    #[test]
    fn periods_gather_months_from_the_earliest_until_each_meets_the_minimum() {
        let m = months(&[
            ("2026-01", &[1, 1]),
            ("2026-02", &[2, 2]),
            ("2026-03", &[2, 2]),
            ("2026-04", &[9, 9]),
            ("2026-05", &[3, 3]),
        ]);
        let (done, waiting) = periods(&m, 5);
        assert_eq!(
            done,
            [vec!["2026-01", "2026-02", "2026-03"], vec!["2026-04"]]
        );
        assert_eq!(waiting, ["2026-05"]);
        // A question answered by too few keeps the period open, though the responses suffice.
        let (done, _) = periods(&months(&[("a", &[5, 1]), ("b", &[5, 4])]), 5);
        assert_eq!(done, [vec!["a", "b"]]);
        // Adding a later month never moves an earlier period: the same months, the same periods.
        let (longer, _) = periods(&[m.clone(), months(&[("2026-06", &[2, 2])])].concat(), 5);
        assert_eq!(longer[..2], periods(&m, 5).0[..]);
    }

    #[test]
    fn overlapping_windows_snap_to_whole_periods_so_their_difference_is_whole_periods() {
        let p = vec![
            vec!["2026-01".to_string(), "2026-02".to_string()],
            vec!["2026-03".to_string()],
        ];
        // Jan–Mar and Feb–Mar would differ by January alone; snapped, they differ by Jan–Feb.
        let wide: Vec<_> = snap(&p, "2026-01", "2026-03");
        let narrow: Vec<_> = snap(&p, "2026-02", "2026-03");
        assert_eq!(wide.len(), 2);
        assert_eq!(narrow, [&p[1]]);
        assert_eq!(snap(&p, "", "").len(), 2);
        assert!(snap(&p, "2026-02", "2026-02").is_empty());
    }

    #[test]
    fn a_slice_is_shown_only_when_its_remainder_in_every_wider_figure_is_safe_too() {
        let all = [12, 12];
        // A department of 10 within 12: the other 2 would be "all minus the department".
        assert!(!slice_shown(&[10, 10], &[&all], 5));
        assert!(slice_shown(&[6, 6], &[&all], 5));
        // The whole period is its own slice: nothing remains, nothing is learned.
        assert!(slice_shown(&all, &[&all], 5));
        // Too small on its own.
        assert!(!slice_shown(&[4, 4], &[&all], 5));
        // Checked against each wider figure (a course, and all courses).
        assert!(!slice_shown(&[6, 6], &[&all, &[8, 8]], 5));
        // Question by question: the remainder on the second question is 1.
        assert!(!slice_shown(&[6, 6], &[&[12, 7]], 5));
        assert_eq!(minus(&[3, 1], &[1, 4]), [2, 0]);
        assert_eq!(plus(&[1], &[1, 2]), [2, 2]);
    }

    #[test]
    fn a_small_part_is_never_the_total_minus_the_parts_shown() {
        // 2 alone would be the total minus 9 and 7: the smallest shown one goes with it.
        assert_eq!(partition_shown(&[9, 2, 7], 5), [true, false, false]);
        // Hidden together they already make 5.
        assert_eq!(partition_shown(&[9, 2, 3], 5), [true, false, false]);
        assert_eq!(partition_shown(&[9, 6], 5), [true, true]);
        assert_eq!(partition_shown(&[2], 5), [false]);
        assert_eq!(partition_shown(&[], 5), Vec::<bool>::new());
    }

    #[test]
    fn departments_side_by_side_never_leave_the_people_of_none_as_their_remainder() {
        // Parks 5 and Revenue 5 of 12: the other 2 are the total minus both; one must go.
        let parts = [vec![5, 5], vec![5, 5]];
        assert!(!part_shown(&parts, &[12, 12], 0, 5));
        assert!(part_shown(&parts, &[12, 12], 1, 5));
        // Nobody outside the departments: both are shown.
        assert!(part_shown(&parts, &[10, 10], 0, 5));
        // A part that does not exist is not shown.
        assert!(!part_shown(&parts, &[10, 10], 7, 5));
    }

    #[test]
    fn completion_waiting_for_feedback_is_timed_to_the_day() {
        assert_eq!(coarse_time(86_400 * 3 + 4_000), 86_400 * 3);
        assert_eq!(coarse_time(86_400 * 3), 86_400 * 3);
    }

    #[test]
    fn an_instructor_inside_a_co_teacher_may_not_leave_a_few_answers_as_the_difference() {
        use std::collections::{BTreeSet, HashMap};
        let set = |v: &[i64]| v.iter().copied().collect::<BTreeSet<i64>>();
        let answers: HashMap<i64, i64> = [(1, 5), (2, 5), (3, 1), (4, 6), (5, 0)].into();
        // B taught 1 and 2 with A; A also taught 3 alone, with one answer: A minus B is it.
        assert_eq!(
            nested_difference(&[set(&[1, 2, 3]), set(&[1, 2])], &answers, 5),
            Some((1, 0))
        );
        // With six answers of its own, or none (a session nobody answered), nothing is isolated.
        assert_eq!(
            nested_difference(&[set(&[1, 2, 4]), set(&[1, 2])], &answers, 5),
            None
        );
        assert_eq!(
            nested_difference(&[set(&[1, 2, 5]), set(&[1, 2])], &answers, 5),
            None
        );
        // Two who taught exactly the same sessions differ by nothing.
        assert_eq!(
            nested_difference(&[set(&[1, 2]), set(&[1, 2])], &answers, 5),
            None
        );
        // Two inside a third, sharing no session: A minus B minus C is A's one answer.
        let three = [set(&[1, 2, 3]), set(&[1]), set(&[2])];
        assert_eq!(nested_difference(&three, &answers, 5), Some((1, 0)));
        let three = [set(&[1, 2, 4]), set(&[1]), set(&[2])];
        assert_eq!(nested_difference(&three, &answers, 5), None);
        // Overlapping but neither inside the other: no one figure is the difference.
        assert_eq!(
            nested_difference(&[set(&[1, 3]), set(&[2, 3])], &answers, 5),
            None
        );
    }
}
