//! Server-rendered, accessible SVG charts (no JavaScript needed, print-friendly).
//!
//! Every function returns one inline `<svg>` string whose `<title>`/`<desc>` are referenced by
//! `aria-labelledby`. CSS classes are the styling hooks; `fill`/`stroke` attributes give neutral
//! grey defaults so charts read well without CSS and in print (the norm line is dashed, not just
//! coloured). All caller text is XML-escaped; non-finite numbers are skipped or clamped, and every
//! number goes through `c` (coordinates, 1 decimal) or `num` (labels), so no NaN/inf is emitted.

use crate::text::{escape_html, truncate};
use std::fmt::Write;

const ROW: f64 = 28.0;
const GRID: &str = "stroke=\"#ddd\"";
const INK: &str = "stroke=\"#333\"";
const BOLD: &str = "stroke=\"#333\" stroke-width=\"2\"";
const AXIS: &str = "stroke=\"#888\"";
const NORM: &str = "stroke=\"#555\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"";
const MID: &str = " text-anchor=\"middle\"";
const END: &str = " text-anchor=\"end\"";
const DARK: &str = " fill=\"#222\"";
const LINE: &str = "fill=\"none\" stroke=\"#222\" stroke-width=\"2\"";

/// `write!` into a `String` (which cannot fail).
macro_rules! w {
    ($($t:tt)*) => {
        let _ = write!($($t)*);
    };
}

pub struct Axis {
    pub from: f64,
    pub to: f64,
    pub step: f64,
    pub label: String,
}

pub struct IntervalRow {
    pub label: String,
    pub href: Option<String>,
    pub mean: f64,
    pub low: f64,
    pub high: f64,
    /// Shown right of the row, e.g. "n=212".
    pub note: String,
}

pub struct TrendPoint {
    pub label: String,
    pub mean: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
}

pub struct StackRow {
    pub label: String,
    pub counts: Vec<i64>,
}

pub struct Bar {
    pub label: String,
    pub value: f64,
    /// Text shown at the end of the bar, e.g. "83 %".
    pub display: String,
}

fn clean_id(id: &str) -> String {
    let keep = |c: char| c.is_ascii_alphanumeric() || c == '-';
    let s: String = id
        .to_ascii_lowercase()
        .chars()
        .map(|c| if keep(c) { c } else { '-' })
        .collect();
    if s.is_empty() { "chart".into() } else { s }
}

fn fin(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// Strips trailing zeros of a fixed-point number ("12.50" → "12.5", "-0.0" → "0").
fn trim(s: String) -> String {
    let t = s.trim_end_matches('0').trim_end_matches('.');
    if t == "-0" { "0".into() } else { t.into() }
}

/// Coordinate rounded to one decimal; non-finite becomes 0.
fn c(v: f64) -> String {
    trim(format!("{:.1}", fin(v).unwrap_or(0.0)))
}

/// Compact number for labels: "3.5", "100", "4.21".
fn num(v: f64) -> String {
    fin(v).map_or("–".into(), |v| trim(format!("{v:.2}")))
}

fn path(pts: impl Iterator<Item = (f64, f64)>) -> String {
    let mut d = String::new();
    for (j, (x, y)) in pts.enumerate() {
        w!(d, "{}{},{}", if j == 0 { 'M' } else { 'L' }, c(x), c(y));
    }
    d
}

/// Runs of consecutive `Some` values, with their indices.
fn runs<T: Copy>(v: &[Option<T>]) -> Vec<Vec<(usize, T)>> {
    let mut out = vec![vec![]];
    for (i, x) in v.iter().enumerate() {
        match x {
            Some(t) => out.last_mut().unwrap().push((i, *t)),
            None => out.push(vec![]),
        }
    }
    out.retain(|r| !r.is_empty());
    out
}

/// Linear mapping of a sanitised axis range onto pixels `a..b`; values are clamped.
struct Scale {
    lo: f64,
    hi: f64,
    a: f64,
    b: f64,
}

impl Scale {
    fn new(axis: &Axis, a: f64, b: f64) -> Self {
        let (f, t) = (fin(axis.from).unwrap_or(0.0), fin(axis.to).unwrap_or(0.0));
        let (lo, hi) = (f.min(t), f.max(t));
        let hi = if hi - lo > 1e-9 { hi } else { lo + 1.0 };
        Scale { lo, hi, a, b }
    }
    fn at(&self, v: f64) -> f64 {
        let v = fin(v).unwrap_or(self.lo).clamp(self.lo, self.hi);
        self.a + (v - self.lo) / (self.hi - self.lo) * (self.b - self.a)
    }
    fn ticks(&self, step: f64) -> Vec<f64> {
        let n = (self.hi - self.lo) / step;
        if !(step > 0.0 && n <= 50.0) {
            return vec![self.lo, self.hi];
        }
        let n = (n + 1e-9) as usize;
        (0..=n).map(|i| self.lo + i as f64 * step).collect()
    }
}

/// SVG string builder; `.0` takes raw markup.
struct Svg(String);

impl Svg {
    fn new(id: &str, kind: &str, title: &str, desc: &str, h: f64) -> Self {
        let (id, h, t, d) = (clean_id(id), c(h), escape_html(title), escape_html(desc));
        Svg(format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 720 {h}\" role=\"img\" \
             aria-labelledby=\"{id}-title {id}-desc\" class=\"chart chart-{kind}\" width=\"100%\" \
             preserveAspectRatio=\"xMinYMin meet\"><title id=\"{id}-title\">{t}</title>\
             <desc id=\"{id}-desc\">{d}</desc>\
             <g font-family=\"sans-serif\" font-size=\"12\" fill=\"#222\">"
        ))
    }
    /// `a` holds extra attributes, each with a leading space.
    fn text(&mut self, k: &str, [x, y]: [f64; 2], a: &str, body: &str) {
        let (x, y, b) = (c(x), c(y), escape_html(body));
        w!(
            self.0,
            "<text class=\"{k}\" x=\"{x}\" y=\"{y}\"{a}>{b}</text>"
        );
    }
    fn line(&mut self, cls: &str, p: [f64; 4], attrs: &str) {
        let [a, b, c2, d] = p.map(c);
        let p = format!("x1=\"{a}\" y1=\"{b}\" x2=\"{c2}\" y2=\"{d}\"");
        w!(self.0, "<line class=\"{cls}\" {p} {attrs}/>");
    }
    /// `rest` must close the tag: `.../>`, or `...>` then children and `</rect>`.
    fn rect(&mut self, cls: &str, [x, y, w, h]: [f64; 4], fill: &str, rest: &str) {
        let [x, y, w, h] = [x, y, w.max(0.0), h].map(c);
        let p = format!("x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\"");
        w!(self.0, "<rect class=\"{cls}\" {p} fill=\"{fill}\" {rest}");
    }
    fn dot(&mut self, cls: &str, x: f64, y: f64, r: f64) {
        let p = format!("cx=\"{}\" cy=\"{}\" r=\"{}\"", c(x), c(y), c(r));
        w!(self.0, "<circle class=\"{cls}\" {p}{DARK}/>");
    }
    fn norm_legend(&mut self, x: f64, y: f64, label: &str) {
        self.line("norm", [x, y, x + 24.0, y], NORM);
        self.text("legend", [x + 30.0, y + 4.0], "", label);
    }
    /// Vertical grid lines, tick labels and axis label under a horizontal scale.
    fn x_axis(&mut self, sc: &Scale, axis: &Axis, top: f64, bottom: f64) {
        self.0.push_str("<g class=\"axis axis-x\">");
        for t in sc.ticks(axis.step) {
            self.line("grid", [sc.at(t), top, sc.at(t), bottom], GRID);
            self.text("tick", [sc.at(t), bottom + 16.0], MID, &num(t));
        }
        self.line("axis-line", [sc.a, bottom, sc.b, bottom], AXIS);
        let mid = (sc.a + sc.b) / 2.0;
        self.text("axis-label", [mid, bottom + 34.0], MID, &axis.label);
        self.0.push_str("</g>");
    }
    fn path(&mut self, cls: &str, d: &str, attrs: &str) {
        w!(self.0, "<path class=\"{cls}\" d=\"{d}\" {attrs}/>");
    }
    fn done(self) -> String {
        self.0 + "</g></svg>"
    }
}

fn empty(id: &str, kind: &str, title: &str, desc: &str) -> String {
    let mut g = Svg::new(id, kind, title, desc, 80.0);
    g.text("empty", [360.0, 44.0], MID, "No data to show");
    g.done()
}

/// Horizontal forest plot: a dot at each mean, a line for its 95 % interval, dashed norm line.
pub fn interval_chart(
    id: &str,
    title: &str,
    desc: &str,
    rows: &[IntervalRow],
    axis: &Axis,
    norm: Option<(f64, &str)>,
) -> String {
    if rows.is_empty() {
        return empty(id, "interval", title, desc);
    }
    let (top, bottom) = (28.0, 28.0 + rows.len() as f64 * ROW);
    let sc = Scale::new(axis, 210.0, 630.0);
    let mut g = Svg::new(id, "interval", title, desc, bottom + 44.0);
    g.x_axis(&sc, axis, top, bottom);
    if let Some((v, label)) = norm.filter(|n| n.0.is_finite()) {
        g.line("norm", [sc.at(v), top - 4.0, sc.at(v), bottom], NORM);
        g.norm_legend(sc.a, 14.0, label);
    }
    for (i, r) in rows.iter().enumerate() {
        let y = top + (i as f64 + 0.5) * ROW;
        let ci = fin(r.low).zip(fin(r.high));
        let ci = ci.map(|(a, b)| (a.min(b), a.max(b)));
        let mut tip = r.label.clone();
        if let Some(m) = fin(r.mean) {
            w!(tip, ": {}", num(m));
        }
        if let Some((lo, hi)) = ci {
            w!(tip, " (95 % interval {}–{})", num(lo), num(hi));
        }
        w!(g.0, "<g class=\"row\"><title>{}</title>", escape_html(&tip));
        let href = r.href.as_deref().filter(|h| local_path(h));
        if let Some(h) = href {
            w!(g.0, "<a href=\"{}\">", escape_html(h));
        }
        g.text("label", [200.0, y + 4.0], END, &truncate(&r.label, 28));
        if href.is_some() {
            g.0.push_str("</a>");
        }
        if let Some((lo, hi)) = ci {
            g.line("ci", [sc.at(lo), y, sc.at(hi), y], BOLD);
            for x in [sc.at(lo), sc.at(hi)] {
                g.line("ci-cap", [x, y - 4.0, x, y + 4.0], INK);
            }
        }
        if let Some(m) = fin(r.mean) {
            g.dot("mean", sc.at(m), y, 4.5);
        }
        g.text("note", [640.0, y + 4.0], "", &r.note);
        g.0.push_str("</g>");
    }
    g.done()
}

/// Line chart over periods with a shaded 95 % band; a `None` mean breaks the line.
pub fn trend_chart(
    id: &str,
    title: &str,
    desc: &str,
    points: &[TrendPoint],
    axis: &Axis,
    norm: Option<(f64, &str)>,
) -> String {
    if points.is_empty() {
        return empty(id, "trend", title, desc);
    }
    let (top, bottom, x0, x1) = (32.0, 252.0, 56.0, 704.0);
    let sc = Scale::new(axis, bottom, top);
    let mut g = Svg::new(id, "trend", title, desc, 300.0);
    g.0.push_str("<g class=\"axis\">");
    for t in sc.ticks(axis.step) {
        g.line("grid", [x0, sc.at(t), x1, sc.at(t)], GRID);
        g.text("tick", [x0 - 6.0, sc.at(t) + 4.0], END, &num(t));
    }
    let rot = format!("{MID} transform=\"rotate(-90)\"");
    let mid = -(top + bottom) / 2.0;
    g.text("axis-label", [mid, 14.0], &rot, &axis.label);
    g.line("axis-line", [x0, bottom, x1, bottom], AXIS);
    // Thin x labels to at most 12 (every k-th) so they never overlap.
    let (n, k) = (points.len(), points.len().div_ceil(12));
    let xs = |i: usize| x0 + (i as f64 + 0.5) * (x1 - x0) / n as f64;
    for (i, p) in points.iter().enumerate().filter(|(i, _)| i % k == 0) {
        g.line("tick-mark", [xs(i), bottom, xs(i), bottom + 4.0], AXIS);
        g.text("tick", [xs(i), bottom + 18.0], MID, &p.label);
    }
    g.0.push_str("</g>");
    let band: Vec<_> = points
        .iter()
        .map(|p| p.low.and_then(fin).zip(p.high.and_then(fin)))
        .collect();
    for run in runs(&band) {
        let ys = |a: f64, b: f64| (sc.at(a.min(b)), sc.at(a.max(b)));
        let mut pts: Vec<_> = run.iter().map(|&(i, (a, b))| (xs(i), ys(a, b))).collect();
        if let [(x, y)] = pts[..] {
            pts = vec![(x - 4.0, y), (x + 4.0, y)];
        }
        let upper = pts.iter().map(|&(x, (_, hi))| (x, hi));
        let d = path(upper.chain(pts.iter().rev().map(|&(x, (lo, _))| (x, lo))));
        g.path("band", &(d + "Z"), "fill=\"#ccc\" fill-opacity=\"0.6\"");
    }
    let norm = norm.filter(|n| n.0.is_finite());
    if let Some((v, _)) = norm {
        g.line("norm", [x0, sc.at(v), x1, sc.at(v)], NORM);
    }
    let means: Vec<_> = points.iter().map(|p| p.mean.and_then(fin)).collect();
    for run in runs(&means) {
        let d = path(run.iter().map(|&(i, m)| (xs(i), sc.at(m))));
        g.path("line", &d, LINE);
        for &(i, m) in &run {
            g.dot("point", xs(i), sc.at(m), 3.0);
        }
    }
    let mut lx = x0;
    if band.iter().any(Option::is_some) {
        g.rect("band", [lx, 10.0, 24.0, 10.0], "#ccc", "/>");
        g.text("legend", [lx + 30.0, 19.0], "", "95 % interval");
        lx += 130.0;
    }
    if let Some((_, label)) = norm {
        g.norm_legend(lx, 15.0, label);
    }
    g.done()
}

/// Grey ramp from light (first segment) to dark (last), plus a readable text colour on it.
fn shade(j: usize, k: usize) -> (String, &'static str) {
    let v = (221.0 - 170.0 * j as f64 / (k.max(2) - 1) as f64).round() as u8;
    let ink = if v < 140 { "#fff" } else { "#111" };
    (format!("#{v:02x}{v:02x}{v:02x}"), ink)
}

/// Stacked 100 % horizontal bars (one per row, a segment per answer value) with a legend below.
pub fn stacked_chart(
    id: &str,
    title: &str,
    desc: &str,
    segments: &[String],
    rows: &[StackRow],
) -> String {
    if rows.is_empty() || segments.is_empty() {
        return empty(id, "stacked", title, desc);
    }
    let (x0, x1, top, k) = (190.0, 700.0, 8.0, segments.len());
    let (mut lx, mut ly, mut spots) = (x0, top + rows.len() as f64 * ROW + 16.0, vec![]);
    for seg in segments {
        let w = 34.0 + 6.5 * seg.chars().count().min(40) as f64;
        if lx + w > x1 && lx > x0 {
            (lx, ly) = (x0, ly + 20.0);
        }
        spots.push((lx, ly));
        lx += w;
    }
    let mut g = Svg::new(id, "stacked", title, desc, ly + 14.0);
    for (i, r) in rows.iter().enumerate() {
        let y = top + i as f64 * ROW + 5.0;
        let get = |j| r.counts.get(j).map_or(0.0, |&n: &i64| n.max(0) as f64);
        let counts: Vec<f64> = (0..k).map(get).collect();
        let total: f64 = counts.iter().sum();
        w!(
            g.0,
            "<g class=\"row\"><title>{}</title>",
            escape_html(&r.label)
        );
        g.text("label", [x0 - 8.0, y + 13.0], END, &truncate(&r.label, 28));
        if total <= 0.0 {
            let full = [x0, y, x1 - x0, 18.0];
            g.rect("empty", full, "none", "stroke=\"#999\"/>");
            g.text("empty-note", [x0 + 8.0, y + 13.0], "", "no answers");
        }
        let mut x = x0;
        for (j, &n) in counts.iter().enumerate().filter(|&(_, &n)| n > 0.0) {
            let (w, pct) = (n / total * (x1 - x0), n / total * 100.0);
            let (fill, ink) = shade(j, k);
            let cls = format!("seg seg-{j}");
            g.rect(&cls, [x, y, w, 18.0], &fill, "stroke=\"#fff\">");
            let (name, label) = (escape_html(&segments[j]), format!("{pct:.0} %"));
            w!(g.0, "<title>{name}: {} ({label})</title></rect>", num(n));
            if pct >= 8.0 {
                let attrs = format!("{MID} fill=\"{ink}\"");
                g.text("seg-label", [x + w / 2.0, y + 13.0], &attrs, &label);
            }
            x += w;
        }
        g.0.push_str("</g>");
    }
    g.0.push_str("<g class=\"legend\">");
    for (j, (seg, &(lx, ly))) in segments.iter().zip(&spots).enumerate() {
        let (cls, fill) = (format!("seg seg-{j}"), shade(j, k).0);
        let swatch = [lx, ly - 10.0, 12.0, 12.0];
        g.rect(&cls, swatch, &fill, "stroke=\"#999\"/>");
        g.text("legend", [lx + 18.0, ly], "", seg);
    }
    g.0.push_str("</g>");
    g.done()
}

/// Horizontal bars (value per label) starting at 0 (or the axis start), value text at the end.
pub fn bar_chart(id: &str, title: &str, desc: &str, bars: &[Bar], axis: &Axis) -> String {
    if bars.is_empty() {
        return empty(id, "bar", title, desc);
    }
    let (top, bottom) = (8.0, 8.0 + bars.len() as f64 * ROW);
    let sc = Scale::new(axis, 210.0, 630.0);
    let mut g = Svg::new(id, "bar", title, desc, bottom + 44.0);
    g.x_axis(&sc, axis, top, bottom);
    let base = sc.at(0.0);
    for (i, b) in bars.iter().enumerate() {
        let y = top + i as f64 * ROW + 6.0;
        let (label, display) = (escape_html(&b.label), escape_html(&b.display));
        w!(g.0, "<g class=\"row\"><title>{label}: {display}</title>");
        g.text("label", [200.0, y + 12.0], END, &truncate(&b.label, 28));
        let v = fin(b.value).map_or(base, |v| sc.at(v));
        let r = [base.min(v), y, (v - base).abs(), 16.0];
        g.rect("bar", r, "#555", "/>");
        g.text("value", [base.max(v) + 6.0, y + 12.0], "", &b.display);
        g.0.push_str("</g>");
    }
    g.done()
}

/// Chart links lead to pages of this site only: a path from the root, never a scheme
/// (`javascript:`, `data:`), another host, or a protocol-relative `//host` (nor `/\\host`,
/// which browsers read the same way).
fn local_path(href: &str) -> bool {
    href.starts_with('/')
        && !href.starts_with("//")
        && !href.contains('\\')
        && !href.chars().any(|c| c.is_control() || c.is_whitespace())
}

#[cfg(test)]
mod tests {
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
}
