//! The trend chart: a mean by period as a line with its interval as a band; periods without a
//! figure are gaps, not zeros.

use super::*;

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
