//! The charts' promises, for every kind: caller text escaped, no NaN or infinity emitted,
//! links only to this site, an empty chart says so.

use super::*;

const EVIL: &str = "<script>&\"'";
const ESC: &str = "&lt;script&gt;&amp;&quot;&#39;";

fn ax(from: f64, to: f64, step: f64) -> Axis {
    let label = EVIL.into();
    Axis {
        from,
        to,
        step,
        label,
    }
}

fn tp(label: &str, mean: Option<f64>) -> TrendPoint {
    let (low, high, label) = (mean.map(|v| v - 0.2), mean.map(|v| v + 0.2), label.into());
    TrendPoint {
        label,
        mean,
        low,
        high,
    }
}

fn sr(label: &str, counts: Vec<i64>) -> StackRow {
    let label = label.into();
    StackRow { label, counts }
}

fn bar(value: f64) -> Bar {
    let (label, display) = (EVIL.into(), EVIL.into());
    Bar {
        label,
        value,
        display,
    }
}

/// Tag balance (`<x …>` vs `</x>`, self-closing skipped), valid entities, no NaN/inf,
/// and `<title>`/`<desc>` first and referenced by `aria-labelledby`.
fn check(svg: &str, id: &str) {
    let mut stack = vec![];
    for part in svg.split('<').skip(1) {
        let tag = &part[..part.find('>').expect("unclosed tag")];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop(), Some(name), "{svg}");
        } else if !tag.ends_with('/') {
            stack.push(tag.split(' ').next().unwrap());
        }
    }
    assert!(stack.is_empty() && svg.starts_with("<svg") && svg.ends_with("</svg>"));
    for p in svg.split('&').skip(1) {
        assert!(
            ["amp;", "lt;", "gt;", "quot;", "#39;"]
                .iter()
                .any(|e| p.starts_with(e))
        );
    }
    assert!(!svg.contains("NaN") && !svg.contains("inf") && !svg.contains("<script"));
    assert!(svg.contains(&format!("aria-labelledby=\"{id}-title {id}-desc\"")));
    let t = svg.find(&format!("<title id=\"{id}-title\">")).unwrap();
    let d = svg.find(&format!("<desc id=\"{id}-desc\">")).unwrap();
    assert!(t < d && d < svg.find("<g").unwrap(), "{svg}");
}

/// One chart of each kind, hostile text everywhere, `v` as every value (low > high).
fn all(v: f64, a: &Axis) -> [String; 4] {
    let href = Some(format!("/i?a=1&b={EVIL}"));
    let (label, note) = (EVIL.repeat(8), EVIL.into());
    let row = IntervalRow {
        label,
        href,
        mean: v,
        low: v + 1.0,
        high: v - 1.0,
        note,
    };
    let pts = [tp(EVIL, Some(v)), tp("b", Some(-v))];
    let segs = [EVIL.into(), "b".into()];
    [
        interval_chart("c1", EVIL, EVIL, &[row], a, Some((v, EVIL))),
        trend_chart("c1", EVIL, EVIL, &pts, a, Some((v, EVIL))),
        stacked_chart("c1", EVIL, EVIL, &segs, &[sr(EVIL, vec![3, -2, 9])]),
        bar_chart("c1", EVIL, EVIL, &[bar(v)], a),
    ]
}

#[test]
fn chart_links_only_lead_to_pages_of_this_site() {
    for ok in ["/benchmarks/instructor?who=u1&from=2026-01", "/"] {
        assert!(local_path(ok), "{ok}");
    }
    for bad in [
        "javascript:alert(1)",
        " javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<b>x</b>",
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "/\tjavascript:x",
        "vbscript:x",
        "",
    ] {
        assert!(!local_path(bad), "{bad:?}");
        let row = IntervalRow {
            label: "x".into(),
            href: Some(bad.into()),
            mean: 3.0,
            low: 2.0,
            high: 4.0,
            note: String::new(),
        };
        let svg = interval_chart("c", "T", "D", &[row], &ax(1.0, 5.0, 0.5), None);
        assert!(!svg.contains("<a "), "{bad:?} became a link: {svg}");
    }
}

#[test]
fn escapes_all_caller_text() {
    assert_eq!(escape_html(EVIL), ESC);
    let charts = all(4.0, &ax(1.0, 5.0, 0.5));
    for svg in &charts {
        check(svg, "c1");
        assert!(svg.contains(&format!("<title id=\"c1-title\">{ESC}</title>")));
        assert!(svg.contains(&format!("<desc id=\"c1-desc\">{ESC}</desc>")));
        assert!(svg.contains(&format!(">{ESC}</text>")), "{svg}");
    }
    assert!(charts[0].contains(&format!("<a href=\"/i?a=1&amp;b={ESC}\">")));
    assert!(charts[0].contains("…</text>"), "long label truncated");
}

#[test]
fn degenerate_numbers_never_leak() {
    let (nan, inf) = (f64::NAN, f64::INFINITY);
    let axes = [ax(3.0, 3.0, 0.5), ax(5.0, 1.0, 0.0), ax(nan, inf, -1.0)];
    for a in axes.iter().chain([&ax(0.0, 1e9, 1e-9)]) {
        for v in [nan, inf, -inf, -1e6, 1e6, 2.0] {
            all(v, a).iter().for_each(|svg| check(svg, "c1"));
        }
    }
    // Out-of-range values clamp to the axis end (plot spans x 210..630).
    let svg = bar_chart("b", "T", "D", &[bar(250.0)], &ax(0.0, 100.0, 25.0));
    assert!(svg.contains("width=\"420\"") && svg.contains(">75</text>"));
}

#[test]
fn empty_input_shows_message() {
    let a = ax(0.0, 1.0, 0.5);
    for svg in [
        interval_chart("E!", "T", "D", &[], &a, None),
        trend_chart("E!", "T", "D", &[], &a, None),
        stacked_chart("E!", "T", "D", &["a".into()], &[]),
        stacked_chart("E!", "T", "D", &[], &[sr("a", vec![1])]),
        bar_chart("E!", "T", "D", &[], &a),
    ] {
        check(&svg, "e-");
        assert!(svg.contains(">No data to show</text>"));
    }
}

#[test]
fn trend_gap_gives_two_segments() {
    let means = [Some(1.0), Some(2.0), None, Some(3.0), Some(2.5)];
    let pts: Vec<_> = means.iter().map(|&m| tp("m", m)).collect();
    let (a, norm) = (ax(0.0, 4.0, 1.0), Some((2.0, "Prog 2")));
    let svg = trend_chart("t", "T", "D", &pts, &a, norm);
    check(&svg, "t");
    assert_eq!(svg.matches("<path class=\"line\"").count(), 2);
    assert_eq!(svg.matches("<path class=\"band\"").count(), 2);
    assert_eq!(svg.matches(">m</text>").count(), 5, "gap keeps its x label");
    assert!(svg.contains("stroke-dasharray") && svg.contains(">Prog 2</text>"));
}

fn shown_labels(n: usize) -> Vec<usize> {
    let pts: Vec<_> = (0..n).map(|i| tp(&format!("P{i}"), Some(1.0))).collect();
    let svg = trend_chart("t", "T", "D", &pts, &ax(0.0, 2.0, 1.0), None);
    check(&svg, "t");
    let shown = |i: &usize| svg.contains(&format!(">P{i}</text>"));
    (0..n).filter(shown).collect()
}

#[test]
fn trend_thins_x_labels() {
    assert_eq!(shown_labels(12), (0..12).collect::<Vec<_>>());
    assert_eq!(shown_labels(13), (0..13).step_by(2).collect::<Vec<_>>());
    assert_eq!(shown_labels(30), (0..30).step_by(3).collect::<Vec<_>>());
}

#[test]
fn stacked_segments_and_zero_row() {
    let segs = ["No", "Partly", "Yes"].map(String::from);
    let rows = [sr("Ann", vec![1, 29, 70]), sr("Nobody", vec![0, 0])];
    let svg = stacked_chart("s", "T", "D", &segs, &rows);
    check(&svg, "s");
    assert!(svg.contains(">no answers</text>") && svg.contains(">70 %</text>"));
    assert!(svg.contains(">29 %</text>") && !svg.contains(">1 %</text>"));
    assert!(svg.contains("seg seg-2") && !svg.contains("seg-3") && svg.contains(">Partly<"));
}

#[test]
fn compact_numbers() {
    let got = [3.5, 100.0, 4.214, -0.001, f64::NAN].map(num);
    assert_eq!(got, ["3.5", "100", "4.21", "0", "–"]);
    assert_eq!([12.04, -0.01, f64::NAN].map(c), ["12", "0", "0"]);
}
