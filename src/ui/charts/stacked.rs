//! The stacked chart: each row a distribution of answers, one shade per value.

use super::*;

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
