//! Charts drawn on the server as SVG: accessible (`role="img"`, a title and a
//! description) and each paired in the page with a table of the same figures as its
//! text alternative. Labels are escaped; no script is involved.

use crate::content::markdown::escape;

/// One bar: label and value.
pub struct Bar {
    /// Label under or beside the bar.
    pub label: String,
    /// Value.
    pub value: f64,
}

const INK: &str = "#1f2a37";
const BAR: &str = "#1d4f91";
const GRID: &str = "#d6dbe1";

/// Horizontal bars (values 0–`max`), one per row, labels on the left.
pub fn horizontal(id: &str, title: &str, desc: &str, bars: &[Bar], max: f64, unit: &str) -> String {
    let row = 26.0;
    let label_w = 220.0;
    let bar_w = 360.0;
    let height = row * bars.len() as f64 + 10.0;
    let max = if max > 0.0 { max } else { 1.0 };
    let mut svg = open(id, title, desc, label_w + bar_w + 70.0, height);
    for (i, b) in bars.iter().enumerate() {
        let y = i as f64 * row + 5.0;
        let w = (b.value / max).clamp(0.0, 1.0) * bar_w;
        svg.push_str(&format!(
            r#"<text x="{lx}" y="{ty}" text-anchor="end" font-size="13" fill="{INK}">{label}</text><rect x="{x}" y="{y}" width="{w:.1}" height="{h}" fill="{BAR}" rx="2"/><text x="{vx:.1}" y="{ty}" font-size="13" fill="{INK}">{value}{unit}</text>"#,
            lx = label_w - 8.0,
            ty = y + 14.0,
            label = escape(&truncate(&b.label, 30)),
            x = label_w,
            h = row - 8.0,
            vx = label_w + w + 6.0,
            value = fmt(b.value),
            unit = escape(unit),
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// Vertical bars with labels below, and a baseline.
pub fn vertical(id: &str, title: &str, desc: &str, bars: &[Bar], label_every: usize) -> String {
    let width = 640.0;
    let height = 200.0;
    let top = 16.0;
    let bottom = 34.0;
    let n = bars.len().max(1) as f64;
    let slot = (width - 20.0) / n;
    let max = bars.iter().map(|b| b.value).fold(0.0, f64::max).max(1.0);
    let plot = height - top - bottom;
    let mut svg = open(id, title, desc, width, height);
    svg.push_str(&format!(
        r#"<line x1="10" y1="{y}" x2="{x2}" y2="{y}" stroke="{GRID}"/>"#,
        y = height - bottom,
        x2 = width - 10.0
    ));
    for (i, b) in bars.iter().enumerate() {
        let h = b.value / max * plot;
        let x = 10.0 + i as f64 * slot;
        svg.push_str(&format!(
            r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="{BAR}" rx="1"><title>{label}: {value}</title></rect>"#,
            y = height - bottom - h,
            w = (slot * 0.8).max(1.0),
            label = escape(&b.label),
            value = fmt(b.value),
        ));
        if label_every > 0 && i % label_every == 0 {
            svg.push_str(&format!(
                r#"<text x="{tx:.1}" y="{ty}" text-anchor="middle" font-size="11" fill="{INK}">{label}</text>"#,
                tx = x + slot * 0.4,
                ty = height - bottom + 16.0,
                label = escape(&b.label),
            ));
        }
    }
    svg.push_str(&format!(
        r#"<text x="10" y="12" font-size="11" fill="{INK}">max {}</text></svg>"#,
        fmt(max)
    ));
    svg
}

fn open(id: &str, title: &str, desc: &str, width: f64, height: f64) -> String {
    format!(
        r#"<svg class="chart" viewBox="0 0 {width:.0} {height:.0}" width="100%" role="img" aria-labelledby="{id}-t {id}-d" xmlns="http://www.w3.org/2000/svg"><title id="{id}-t">{title}</title><desc id="{id}-d">{desc}</desc>"#,
        id = escape(id),
        title = escape(title),
        desc = escape(desc),
    )
}

fn fmt(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(max - 1).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped_and_the_chart_is_labelled() {
        let svg = horizontal(
            "c",
            "Titolo",
            "Descrizione",
            &[Bar {
                label: "<script>".into(),
                value: 3.0,
            }],
            10.0,
            "%",
        );
        assert!(svg.contains("&lt;script&gt;"));
        assert!(!svg.contains("<script>"));
        assert!(svg.contains(r#"role="img""#));
        assert!(svg.contains("<title id=\"c-t\">Titolo</title>"));
    }
}
