//! The bar chart: one bar per row, for a share or a count.

use super::*;

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
