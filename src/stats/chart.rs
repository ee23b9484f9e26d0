//! Charts as inline SVG made at build time: no JavaScript, readable in print and in dark
//! mode (colours come from CSS classes and `currentColor`, never hard-coded), each with a
//! text alternative (`role="img"`, `aria-label`, `<title>`, `<desc>`). The table with the
//! same figures always stands beside the chart; the chart only draws what it says.

use super::compute::Status;
use super::format::{esc, esc_cow};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::fmt::Write;

/// A bar of a horizontal bar chart.
#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub value: Decimal,
    /// The value as written for readers (`112 / 90 · 124,44 %`).
    pub shown: String,
    /// A target to mark on the bar.
    pub target: Option<Decimal>,
    pub status: Status,
}

/// A column of a chart over periods.
#[derive(Debug, Clone)]
pub struct Column {
    pub label: String,
    pub value: Decimal,
    pub shown: String,
    pub target: Option<Decimal>,
    pub status: Status,
}

const WIDTH: f64 = 640.0;
/// Bar charts are narrower, so that their text stays readable on phones.
const BARS_WIDTH: f64 = 480.0;
const ROW: f64 = 44.0;

/// A coordinate written with one decimal, without float formatting machinery.
struct Px(f64);

/// The tenths of a coordinate as written after its integer part.
const DECIMALS: [&str; 10] = ["", ".1", ".2", ".3", ".4", ".5", ".6", ".7", ".8", ".9"];

impl Px {
    /// The parts the coordinate is written in: a minus sign or nothing, the integer part,
    /// and the tenths or nothing.
    fn parts<'a>(&self, int: &'a mut itoa::Buffer) -> [&'a str; 3] {
        let tenths = (self.0 * 10.0).round() as i64;
        let t = tenths.unsigned_abs();
        [
            if tenths < 0 { "-" } else { "" },
            int.format(t / 10),
            DECIMALS[(t % 10) as usize],
        ]
    }

    /// Writes the coordinate at the end of `out`.
    fn push(&self, out: &mut String) {
        for part in self.parts(&mut itoa::Buffer::new()) {
            out.push_str(part);
        }
    }
}

impl std::fmt::Display for Px {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for part in self.parts(&mut itoa::Buffer::new()) {
            f.write_str(part)?;
        }
        Ok(())
    }
}

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0).max(0.0)
}

fn scale_max(values: impl Iterator<Item = Decimal>) -> f64 {
    let m = values.map(f).fold(0.0_f64, f64::max);
    if m <= 0.0 {
        1.0
    } else {
        m
    }
}

fn open(out: &mut String, class: &str, width: f64, height: f64, title: &str, desc: &str) {
    // (pushed piece by piece, not write!: ten charts on each page of a unit)
    let (title, desc) = (esc_cow(title), esc_cow(desc));
    for part in [
        "<figure class=\"st-chart ",
        class,
        "\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ",
    ] {
        out.push_str(part);
    }
    Px(width).push(out);
    out.push(' ');
    Px(height).push(out);
    for part in [
        "\" width=\"100%\" role=\"img\" aria-label=\"",
        &title,
        ". ",
        &desc,
        "\" focusable=\"false\"><title>",
        &title,
        "</title><desc>",
        &desc,
        "</desc>",
    ] {
        out.push_str(part);
    }
}

fn close(out: &mut String, caption: &str, note: &str) {
    out.push_str("</svg><figcaption>");
    out.push_str(&esc_cow(caption));
    if !note.is_empty() {
        out.push_str(" <span class=\"st-chart-note\">");
        out.push_str(&esc_cow(note));
        out.push_str("</span>");
    }
    out.push_str("</figcaption></figure>\n");
}

/// The text alternative of a chart: "label: value; label: value".
fn description<'a>(items: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let mut desc = String::new();
    for (i, (label, shown)) in items.enumerate() {
        if i > 0 {
            desc.push_str("; ");
        }
        for part in [label, ": ", shown] {
            desc.push_str(part);
        }
    }
    desc
}

/// Horizontal bars, one per row, the label above its bar and the value after it; a tick
/// marks each bar's target. `note` explains the marks (shown under the chart).
pub fn bars(title: &str, rows: &[Bar], note: &str) -> String {
    let max = scale_max(
        rows.iter()
            .flat_map(|b| std::iter::once(b.value).chain(b.target)),
    );
    let area = BARS_WIDTH - 230.0;
    let height = ROW * rows.len() as f64 + 8.0;
    let desc = description(rows.iter().map(|b| (b.label.as_str(), b.shown.as_str())));
    let mut out = String::with_capacity(300 + rows.len() * 400);
    open(&mut out, "st-bars", BARS_WIDTH, height, title, &desc);
    for (i, b) in rows.iter().enumerate() {
        let y = ROW * i as f64;
        let w = (f(b.value) / max * area).max(if b.value.is_zero() { 0.0 } else { 1.5 });
        let wp = Px(w);
        let _ = write!(
            out,
            "<text class=\"st-label\" x=\"0\" y=\"{}\">{}</text><rect class=\"st-bar st-{}\" x=\"0\" y=\"{}\" width=\"{wp}\" height=\"16\" rx=\"2\"/><text class=\"st-value\" x=\"{}\" y=\"{}\">{}</text>",
            Px(y + 15.0),
            esc(&b.label),
            b.status.key(),
            Px(y + 21.0),
            Px(w.max(b.target.map_or(0.0, |t| f(t) / max * area)) + 6.0),
            Px(y + 34.0),
            esc(&b.shown),
        );
        if let Some(t) = b.target {
            let x = Px(f(t) / max * area);
            let _ = write!(
                out,
                "<line class=\"st-tick\" x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{}\"/>",
                Px(y + 17.0),
                Px(y + 41.0)
            );
        }
    }
    close(&mut out, title, note);
    out
}

/// Columns over periods, the value above each column and the period under it; a dash
/// marks each period's target.
pub fn columns(title: &str, cols: &[Column], note: &str) -> String {
    let max = scale_max(
        cols.iter()
            .flat_map(|c| std::iter::once(c.value).chain(c.target)),
    );
    let (top, plot) = (28.0, 180.0);
    let height = top + plot + 34.0;
    let slot = WIDTH / cols.len().max(1) as f64;
    let bar_w = (slot * 0.55).min(90.0);
    let desc = description(cols.iter().map(|c| (c.label.as_str(), c.shown.as_str())));
    let mut out = String::with_capacity(300 + cols.len() * 400);
    open(&mut out, "st-columns", WIDTH, height, title, &desc);
    let _ = write!(
        out,
        "<line class=\"st-axis\" x1=\"0\" x2=\"{WIDTH}\" y1=\"{}\" y2=\"{}\"/>",
        Px(top + plot),
        Px(top + plot)
    );
    for (i, c) in cols.iter().enumerate() {
        let cx = slot * i as f64 + slot / 2.0;
        let h = f(c.value) / max * plot;
        let y = top + plot - h;
        let label_y = c
            .target
            .map_or(y, |t| y.min(top + plot - f(t) / max * plot));
        // (pushed piece by piece, not write!: ten charts on each page of a unit)
        out.push_str("<rect class=\"st-bar st-");
        out.push_str(c.status.key());
        out.push_str("\" x=\"");
        Px(cx - bar_w / 2.0).push(&mut out);
        out.push_str("\" y=\"");
        Px(y).push(&mut out);
        out.push_str("\" width=\"");
        Px(bar_w).push(&mut out);
        out.push_str("\" height=\"");
        Px(h).push(&mut out);
        out.push_str("\" rx=\"2\"/><text class=\"st-value\" x=\"");
        Px(cx).push(&mut out);
        out.push_str("\" y=\"");
        Px((label_y - 8.0).max(14.0)).push(&mut out);
        out.push_str("\" text-anchor=\"middle\">");
        out.push_str(&esc_cow(&c.shown));
        out.push_str("</text><text class=\"st-label\" x=\"");
        Px(cx).push(&mut out);
        out.push_str("\" y=\"");
        Px(top + plot + 24.0).push(&mut out);
        out.push_str("\" text-anchor=\"middle\">");
        out.push_str(&esc_cow(&c.label));
        out.push_str("</text>");
        if let Some(t) = c.target {
            let ty = Px(top + plot - f(t) / max * plot);
            out.push_str("<line class=\"st-tick\" x1=\"");
            Px(cx - bar_w / 2.0 - 8.0).push(&mut out);
            out.push_str("\" x2=\"");
            Px(cx + bar_w / 2.0 + 8.0).push(&mut out);
            out.push_str("\" y1=\"");
            ty.push(&mut out);
            out.push_str("\" y2=\"");
            ty.push(&mut out);
            out.push_str("\"/>");
        }
    }
    close(&mut out, title, note);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_have_at_most_one_decimal() {
        // the plain way of writing them, which the fast one must match
        let reference = |v: f64| {
            let tenths = (v * 10.0).round() as i64;
            let sign = if tenths < 0 { "-" } else { "" };
            let t = tenths.unsigned_abs();
            if t.is_multiple_of(10) {
                format!("{sign}{}", t / 10)
            } else {
                format!("{sign}{}.{}", t / 10, t % 10)
            }
        };
        for v in [
            0.0, -0.04, -0.05, 0.05, 1.25, -1.25, 14.0, 208.0, 639.96, 99.95, -7.3,
        ] {
            assert_eq!(Px(v).to_string(), reference(v), "{v}");
        }
        assert_eq!(Px(208.0).to_string(), "208");
        assert_eq!(Px(-1.25).to_string(), "-1.3");
        assert_eq!(Px(0.04).to_string(), "0");
    }

    fn bar(label: &str, v: i64, t: Option<i64>) -> Bar {
        Bar {
            label: label.into(),
            value: Decimal::from(v),
            shown: format!("{v}"),
            target: t.map(Decimal::from),
            status: Status::Exceeded,
        }
    }

    #[test]
    fn bars_have_text_alternative_and_no_fixed_colours() {
        let svg = bars(
            "Kết nạp <2022>",
            &[bar("Núi Thành", 120, Some(90)), bar("Thăng Bình", 0, None)],
            "",
        );
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title>Kết nạp &lt;2022&gt;</title>"));
        assert!(svg.contains("Núi Thành: 120; Thăng Bình: 0"));
        assert!(svg.contains("class=\"st-tick\""));
        assert!(!svg.contains("fill=\"#"), "colours come from CSS");
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
    }

    #[test]
    fn all_zero_values_do_not_divide_by_zero() {
        let c = Column {
            label: "2022".into(),
            value: Decimal::ZERO,
            shown: "0".into(),
            target: Some(Decimal::ZERO),
            status: Status::NotApplicable,
        };
        let svg = columns("x", &[c], "");
        assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
    }
}
