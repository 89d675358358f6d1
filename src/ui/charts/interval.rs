//! The interval chart: one row per group, its mean as a dot and its 95 % interval as a line,
//! with the norm dashed across; a row may link to a page of this site.

use super::*;

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
