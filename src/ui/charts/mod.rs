//! Server-rendered, accessible SVG charts (no JavaScript needed, print-friendly).
//!
//! Every function returns one inline `<svg>` string whose `<title>`/`<desc>` are referenced by
//! `aria-labelledby`. CSS classes are the styling hooks; `fill`/`stroke` attributes give neutral
//! grey defaults so charts read well without CSS and in print (the norm line is dashed, not just
//! coloured). All caller text is XML-escaped; non-finite numbers are skipped or clamped, and every
//! number goes through `c` (coordinates, 1 decimal) or `num` (labels), so no NaN/inf is emitted.

pub use bar::bar_chart;
pub use interval::interval_chart;
pub use stacked::stacked_chart;
pub use trend::trend_chart;

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

mod bar;
mod interval;
mod stacked;
mod trend;

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
mod tests;
