//! The statistics checked against scipy's figures and textbook values, and the honesty rules
//! and the ranking on small cases.

use super::*;

fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-9 * b.abs().max(1e-300)
}

#[test]
fn matches_scipy_estimates() {
    for &(counts, n, mean, sd, low, high) in CASES {
        let e = estimate(counts).unwrap();
        assert_eq!(e.n, n);
        assert!(close(e.mean, mean) && close(e.sd, sd), "{e:?}");
        assert!(close(e.low(), low) && close(e.high(), high), "{e:?}");
    }
}

#[test]
fn matches_scipy_welch_and_percentile() {
    for &(i, j, t, df, p) in WELCH {
        let w = welch(
            &estimate(CASES[i].0).unwrap(),
            &estimate(CASES[j].0).unwrap(),
        );
        let w = w.unwrap();
        assert!(close(w.t, t) && close(w.df, df) && close(w.p, p), "{w:?}");
    }
    for &(x, expected) in PCT {
        assert!(close(percentile(PCT_VALUES, x).unwrap(), expected));
    }
    assert_eq!(percentile(&[], 1.0), None);
}

#[test]
fn textbook_t_value_and_small_samples() {
    assert!((t_critical(9.0) - 2.262157162798205).abs() < 1e-12);
    assert!((t_critical(9.0) - 2.262157).abs() < 1e-6);
    assert_eq!(estimate(&[(3, 0)]), None);
    let one = estimate(&[(3, 1), (5, 0)]).unwrap();
    assert_eq!(
        (one.sd, one.interval, one.low(), one.high()),
        (0.0, None, 3.0, 3.0)
    );
    let flat = estimate(&[(4, 7)]).unwrap();
    assert_eq!(flat.interval, Some((4.0, 4.0)));
    assert_eq!(welch(&one, &estimate(CASES[6].0).unwrap()), None);
    assert_eq!(welch(&flat, &flat), None);
    assert_eq!(verdict(&flat, &flat), Verdict::NoClearDifference);
}

#[test]
fn suppression_never_shows_zero() {
    let rules = Rules::default();
    let four = shown(4, rules.comparison_minimum, || Some(0.0));
    assert_eq!(
        four,
        Shown::Suppressed {
            responses: 4,
            minimum: 5
        }
    );
    assert_eq!(four.value(), None);
    assert!(shown(0, 5, || estimate(&[])).is_suppressed());
    assert!(shown(9, 5, || None::<f64>).is_suppressed());
    let own = shown(3, rules.own_minimum, || Some(4.5)).map(|m| m * 2.0);
    assert_eq!(own.value(), Some(&9.0));
}

#[test]
fn response_rate_flag() {
    let rules = Rules::default();
    assert!(rate(49, 100, &rules).low);
    let half = rate(50, 100, &rules);
    assert_eq!((half.percent, half.low), (Some(50.0), false));
    let none = rate(0, 0, &rules);
    assert_eq!((none.percent, none.low), (None, false));
}

#[test]
fn ranking() {
    let c = |key, sessions, counts: &[(i64, i64)]| Candidate {
        key,
        sessions,
        counts: counts.to_vec(),
    };
    let candidates = [
        c("high", 10, &[(5, 80), (4, 20)]),
        c("few", 10, &[(5, 4)]),
        c("mid", 6, &[(4, 3), (3, 2), (5, 1)]),
        c("rare", 4, &[(2, 10)]),
        c("both", 1, &[(1, 2)]),
        c("low", 8, &[(2, 30), (3, 20)]),
        c("mid2", 7, &[(4, 6), (3, 4), (5, 2)]),
    ];
    let mut program = vec![(3, 100), (4, 100)];
    candidates.iter().for_each(|c| program.extend(&c.counts));
    let r = rank(&candidates, &program, &Rules::default(), Metric::Mean);
    let keys: Vec<_> = r.ranked.iter().map(|r| r.key).collect();
    assert_eq!(keys, ["high", "mid2", "mid", "low"]);
    let pct: Vec<_> = r.ranked.iter().map(|r| r.percentile).collect();
    assert_eq!(pct, [87.5, 50.0, 50.0, 12.5]);
    let verdicts: Vec<_> = r.ranked.iter().map(|r| r.verdict).collect();
    use Verdict::*;
    assert_eq!(
        verdicts,
        [Above, NoClearDifference, NoClearDifference, Below]
    );
    let too_few = |responses| Exclusion::TooFewResponses {
        responses,
        minimum: 5,
    };
    let few_sessions = Exclusion::TooFewSessions {
        sessions: 4,
        minimum: 5,
    };
    assert_eq!(
        r.excluded,
        [
            ("few", 10, 4, too_few(4)),
            ("rare", 4, 10, few_sessions),
            ("both", 1, 2, too_few(2))
        ]
    );
    assert_eq!(r.norm, estimate(&program));
    assert_eq!(r.norm.unwrap().n, 384);
}

#[test]
fn net_score_matches_mapping_and_scipy() {
    let (counts, (_, n, score, _, low, high)) = (CASES[7].0, CASES[8]);
    let s = net_score(counts).unwrap();
    assert_eq!((s.n, s.promoters, s.passives, s.detractors), (n, 22, 11, 7));
    assert!(close(s.score, score) && close(s.interval.unwrap().0, low));
    assert!(close(s.interval.unwrap().1, high));
    let e = estimate(&as_net_values(counts)).unwrap();
    assert_eq!((e.mean, e.interval), (s.score, s.interval));
    let cand = [Candidate {
        key: 1,
        sessions: 5,
        counts: counts.to_vec(),
    }];
    let r = rank(&cand, counts, &Rules::default(), Metric::NetScore);
    assert_eq!(r.ranked[0].estimate, e);
    assert_eq!(net_score(&[(11, 3)]), None);
}

#[test]
fn distribution_and_without() {
    let d = distribution(&[(5, 3), (2, 1), (5, 4), (9, 2)], 1, 5);
    let rows: Vec<_> = d.iter().map(|s| (s.value, s.count, s.percent)).collect();
    let expected = [
        (1, 0, 0.0),
        (2, 1, 12.5),
        (3, 0, 0.0),
        (4, 0, 0.0),
        (5, 7, 87.5),
    ];
    assert_eq!(rows, expected);
    assert!(distribution(&[], 1, 2).iter().all(|s| s.percent == 0.0));
    assert_eq!(
        without(&[(1, 2), (3, 5), (1, 1)], &[(3, 7), (1, 1), (4, 2)]),
        [(1, 2)]
    );
}

// Independent fixture, computed once with scipy 1.17.1 / numpy 2.4.6 by this script:
// import numpy as np
// from scipy import stats
// C = [[(4, 1), (5, 1)], [(2, 1), (3, 1), (5, 1)], [(1, 1), (2, 0), (3, 2), (4, 10), (5, 40)],
//      [(1, 500), (2, 900), (3, 2100), (4, 3500), (5, 3000)], [(4, 7)],
//      [(5, 3), (4, 2), (5, 2), (3, 0), (2, 1)], [(1, 3), (2, 5), (3, 8), (4, 6), (5, 4)],
//      [(0, 2), (3, 1), (6, 4), (7, 5), (8, 6), (9, 10), (10, 12)]]
// NET = [(-100 if v <= 6 else 0 if v <= 8 else 100, c) for v, c in C[7]]
// C.append(NET)
// def est(c):
//     x = np.repeat([v for v, _ in c], [k for _, k in c]).astype(float)
//     m, s = x.mean(), x.std(ddof=1)
//     lo, hi = (m, m) if s == 0 else stats.t.interval(0.95, len(x) - 1, m, s / np.sqrt(len(x)))
//     return len(x), float(m), float(s), float(lo), float(hi)
// E = [est(c) for c in C]
// print("const CASES: &[Case] = &[")
// for c, (n, m, s, lo, hi) in zip(C, E):
//     print(f"    ({c!r}, {n}, {m!r}, {s!r}, {lo!r}, {hi!r}),".replace("[", "&["))
// print("];\nconst WELCH: &[(usize, usize, f64, f64, f64)] = &[")
// for i, j in [(2, 3), (0, 1), (6, 3), (4, 6), (8, 3), (5, 2)]:
//     r = stats.ttest_ind_from_stats(E[i][1], E[i][2], E[i][0], E[j][1], E[j][2], E[j][0], equal_var=False)
//     a, b = E[i][2] ** 2 / E[i][0], E[j][2] ** 2 / E[j][0]  # Welch-Satterthwaite df:
//     df = (a + b) ** 2 / (a * a / (E[i][0] - 1) + b * b / (E[j][0] - 1))
//     print(f"    ({i}, {j}, {float(r.statistic)!r}, {df!r}, {float(r.pvalue)!r}),")
// V = [3.0, 4.5, 4.5, 2.0, 5.0, 3.7]
// print(f"];\nconst PCT_VALUES: &[f64] = &{V!r};\nconst PCT: &[(f64, f64)] = &[")
// for x in [4.5, 1.0, 5.0, 3.7, 3.9, 6.0]:
//     print(f"    ({x!r}, {float(stats.percentileofscore(V, x, kind='mean'))!r}),")
// print(f"];\n// t(0.975, 9) = {float(stats.t.ppf(0.975, 9))!r}")
type Case = (&'static [(i64, i64)], i64, f64, f64, f64, f64);
#[rustfmt::skip]
#[allow(clippy::approx_constant)] // scipy output, kept verbatim
const CASES: &[Case] = &[
    (&[(4, 1), (5, 1)], 2, 4.5, 0.7071067811865476, -1.853102368087347, 10.853102368087347),
    (&[(2, 1), (3, 1), (5, 1)], 3, 3.3333333333333335, 1.5275252316519465, -0.46124970026342593, 7.1279163669300925),
    (&[(1, 1), (2, 0), (3, 2), (4, 10), (5, 40)], 53, 4.660377358490566, 0.732314461312034, 4.458526494088642, 4.862228222892489),
    (&[(1, 500), (2, 900), (3, 2100), (4, 3500), (5, 3000)], 10000, 3.76, 1.1236219349163945, 3.737974748633442, 3.7820252513665578),
    (&[(4, 7)], 7, 4.0, 0.0, 4.0, 4.0),
    (&[(5, 3), (4, 2), (5, 2), (3, 0), (2, 1)], 8, 4.375, 1.0606601717798212, 3.488265905652706, 5.261734094347294),
    (&[(1, 3), (2, 5), (3, 8), (4, 6), (5, 4)], 26, 3.1153846153846154, 1.2434443478313961, 2.613146574181767, 3.617622656587464),
    (&[(0, 2), (3, 1), (6, 4), (7, 5), (8, 6), (9, 10), (10, 12)], 40, 8.0, 2.438999374480844, 7.219970157763588, 8.780029842236413),
    (&[(-100, 2), (-100, 1), (-100, 4), (0, 5), (0, 6), (100, 10), (100, 12)], 40, 37.5, 77.41827783921406, 12.740433564280462, 62.259566435719535),
];
#[rustfmt::skip]
const WELCH: &[(usize, usize, f64, f64, f64)] = &[
    (2, 3, 8.895538415351831, 53.30569291706243, 4.0654470125649184e-12),
    (0, 1, 1.150792911137501, 2.894291754756871, 0.3359542435639198),
    (6, 3, -2.6405868798882137, 25.106265105854487, 0.014030345065931819),
    (4, 6, 3.6275617127899427, 24.999999999999996, 0.0012805064178992387),
    (8, 3, 2.7563310960190863, 39.000065721608074, 0.008843241246396525),
    (5, 2, -0.7350216112942731, 8.038000135505833, 0.48321737973181544),
];
const PCT_VALUES: &[f64] = &[3.0, 4.5, 4.5, 2.0, 5.0, 3.7];
const PCT: &[(f64, f64)] = &[
    (4.5, 66.66666666666667),
    (1.0, 0.0),
    (5.0, 91.66666666666667),
    (3.7, 41.66666666666667),
    (3.9, 50.0),
    (6.0, 100.0),
];
