//! The trust chart: check-in ratings over time, per partner, drawn in the terminal
//! (textplots, in braille dots) and as SVG (plotters) for a counselor to open, with a
//! one-line summary per partner for those who would rather read.
//!
//! It takes a plain list of ratings, so it knows nothing of journals: the couple's
//! history gives it the revealed ratings, and only those.

use chrono::{DateTime, Local, Utc};
use plotters::prelude::*;
use textplots::{Chart, Plot, Shape};

/// One revealed rating: when, whose, and the value.
#[derive(Debug, Clone, PartialEq)]
pub struct Rating {
    pub date: DateTime<Utc>,
    pub partner: String,
    pub value: i64,
}

/// The ratings' partners, in the order they first appear.
fn partners(ratings: &[Rating]) -> Vec<&str> {
    let mut seen: Vec<&str> = Vec::new();
    for r in ratings {
        if !seen.contains(&r.partner.as_str()) {
            seen.push(&r.partner);
        }
    }
    seen
}

/// One partner's ratings, oldest first.
fn of<'r>(ratings: &'r [Rating], partner: &str) -> Vec<&'r Rating> {
    let mut mine: Vec<&Rating> = ratings.iter().filter(|r| r.partner == partner).collect();
    mine.sort_by_key(|r| r.date);
    mine
}

/// A count in words, as a sentence says it ("five check-ins").
fn count(n: usize, one: &str) -> String {
    const WORDS: [&str; 11] = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    let number = WORDS
        .get(n)
        .map_or_else(|| n.to_string(), |w| (*w).to_string());
    if n == 1 {
        format!("{number} {one}")
    } else {
        format!("{number} {one}s")
    }
}

/// One line per partner: "Alex: trust rose from 3 to 6 over five check-ins."
pub fn summary(ratings: &[Rating], what: &str) -> Vec<String> {
    partners(ratings)
        .into_iter()
        .map(|partner| {
            let mine = of(ratings, partner);
            let (first, last) = (mine[0].value, mine[mine.len() - 1].value);
            let over = count(mine.len(), "check-in");
            let moved = if mine.len() == 1 {
                format!("{what} was {first} at the one check-in so far")
            } else if last > first {
                format!("{what} rose from {first} to {last} over {over}")
            } else if last < first {
                format!("{what} fell from {first} to {last} over {over}")
            } else {
                format!("{what} was {first} at the first and the last of {over}")
            };
            format!("{partner}: {moved}.")
        })
        .collect()
}

/// Days since the first rating: the charts' x axis.
fn day(first: DateTime<Utc>, date: DateTime<Utc>) -> f32 {
    (date - first).num_minutes() as f32 / (24.0 * 60.0)
}

/// A short date on an axis: "7 Dec".
fn short(date: DateTime<Utc>) -> String {
    date.with_timezone(&Local).format("%-d %b").to_string()
}

/// The chart for the terminal: one small chart per partner (braille dots carry no
/// colour that would tell partners apart), each with its summary line above it.
/// `range` is the scale's (0 to 10 for the check-in).
pub fn text(ratings: &[Rating], what: &str, range: (i64, i64)) -> String {
    let Some(first) = ratings.iter().map(|r| r.date).min() else {
        return format!("No {what} ratings have been revealed yet.\n");
    };
    let last = ratings.iter().map(|r| r.date).max().unwrap_or(first);
    // At least a day wide, so that a single check-in still has an axis.
    let span = day(first, last).max(1.0);
    let lines = summary(ratings, what);
    let mut out = String::new();
    for (partner, line) in partners(ratings).into_iter().zip(lines) {
        let points: Vec<(f32, f32)> = of(ratings, partner)
            .into_iter()
            .map(|r| (day(first, r.date), r.value as f32))
            .collect();
        let mut chart = Chart::new_with_y_range(64, 24, 0.0, span, range.0 as f32, range.1 as f32);
        let shape = Shape::Lines(&points);
        let chart = chart.lineplot(&shape);
        chart.axis();
        chart.figures();
        out.push_str(&format!("{line}\n{chart}"));
        out.push_str(&format!(
            "  days from {} to {}\n\n",
            short(first),
            short(last)
        ));
    }
    out
}

/// The same chart as an SVG document: a line with a dot per check-in for each partner,
/// dates along the bottom, the scale up the side, and a legend.
pub fn svg(ratings: &[Rating], what: &str, range: (i64, i64)) -> anyhow::Result<String> {
    let mut doc = String::new();
    let Some(first) = ratings.iter().map(|r| r.date).min() else {
        anyhow::bail!("no {what} ratings have been revealed yet");
    };
    let last = ratings.iter().map(|r| r.date).max().unwrap_or(first);
    let span = day(first, last).max(1.0);
    {
        let root = SVGBackend::with_string(&mut doc, (720, 420)).into_drawing_area();
        root.fill(&WHITE).map_err(plot_error)?;
        let title = format!("{} over time", capitalised(what));
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 24))
            .margin(16)
            .x_label_area_size(40)
            .y_label_area_size(40)
            // A quarter more to the right: room for the legend beside the last dots.
            .build_cartesian_2d(0f32..span * 1.25, range.0 as f32..range.1 as f32)
            .map_err(plot_error)?;
        chart
            .configure_mesh()
            .light_line_style(WHITE)
            .x_labels(6)
            .x_label_formatter(&|d| short(first + chrono::TimeDelta::minutes((d * 1440.0) as i64)))
            .y_labels((range.1 - range.0 + 1) as usize)
            .y_label_formatter(&|v| format!("{v:.0}"))
            .y_desc(what.to_string())
            .draw()
            .map_err(plot_error)?;
        // Two colours a colour-blind reader tells apart (Okabe–Ito blue and orange).
        let colours = [RGBColor(0, 114, 178), RGBColor(230, 159, 0)];
        for (i, partner) in partners(ratings).into_iter().enumerate() {
            let colour = colours[i % colours.len()];
            let points: Vec<(f32, f32)> = of(ratings, partner)
                .into_iter()
                .map(|r| (day(first, r.date), r.value as f32))
                .collect();
            chart
                .draw_series(LineSeries::new(points.clone(), colour.stroke_width(3)))
                .map_err(plot_error)?
                .label(partner.to_string())
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 20, y)], colour.stroke_width(3))
                });
            chart
                .draw_series(
                    points
                        .into_iter()
                        .map(|p| Circle::new(p, 5, colour.filled())),
                )
                .map_err(plot_error)?;
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .draw()
            .map_err(plot_error)?;
        root.present().map_err(plot_error)?;
    }
    Ok(doc)
}

fn plot_error<E: std::fmt::Debug>(error: E) -> anyhow::Error {
    anyhow::anyhow!("the chart could not be drawn: {error:?}")
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Five weekly check-ins: Alex's trust rises from 3 to 6, Sam's falls from 7 to 5.
    fn weeks() -> Vec<Rating> {
        let start = crate::clock::parse("2026-11-02T19:00:00Z").unwrap();
        let mut ratings = Vec::new();
        for (week, (alex, sam)) in [(3, 7), (4, 7), (4, 6), (5, 6), (6, 5)]
            .into_iter()
            .enumerate()
        {
            let date = start + chrono::TimeDelta::days(7 * week as i64);
            ratings.push(Rating {
                date,
                partner: "Alex".into(),
                value: alex,
            });
            ratings.push(Rating {
                date,
                partner: "Sam".into(),
                value: sam,
            });
        }
        ratings
    }

    #[test]
    fn the_summary_says_where_each_partner_went() {
        assert_eq!(
            summary(&weeks(), "trust"),
            [
                "Alex: trust rose from 3 to 6 over five check-ins.",
                "Sam: trust fell from 7 to 5 over five check-ins."
            ]
        );
        let one = &weeks()[..1];
        assert_eq!(
            summary(one, "trust"),
            ["Alex: trust was 3 at the one check-in so far."]
        );
    }

    #[test]
    fn the_terminal_chart_has_a_chart_per_partner_in_braille() {
        let drawn = text(&weeks(), "trust", (0, 10));
        assert!(drawn.contains("Alex: trust rose from 3 to 6"), "{drawn}");
        assert!(drawn.contains("Sam: trust fell"), "{drawn}");
        // Braille dots (U+2800 to U+28FF) are what textplots draws with.
        let dots = drawn
            .chars()
            .filter(|c| ('\u{2801}'..='\u{28FF}').contains(c))
            .count();
        assert!(dots > 20, "{drawn}");
        assert_eq!(
            text(&[], "trust", (0, 10)),
            "No trust ratings have been revealed yet.\n"
        );
    }

    #[test]
    fn the_svg_has_a_dot_per_rating_and_a_line_per_partner() {
        let doc = svg(&weeks(), "trust", (0, 10)).unwrap();
        assert!(doc.starts_with("<svg"), "{doc}");
        // Parsed as XML, not searched as text: a dot is a <circle>, a line a <polyline>.
        let parsed = roxmltree::Document::parse(&doc).unwrap();
        let count = |tag: &str| {
            parsed
                .descendants()
                .filter(|n| n.tag_name().name() == tag)
                .count()
        };
        assert_eq!(count("circle"), 10, "five check-ins, two partners");
        assert!(count("polyline") >= 2, "{doc}");
        let texts: Vec<&str> = parsed
            .descendants()
            .filter(|n| n.tag_name().name() == "text")
            .filter_map(|n| n.text())
            .map(str::trim)
            .collect();
        assert!(
            texts.contains(&"Alex") && texts.contains(&"Sam"),
            "{texts:?}"
        );
        assert!(texts.contains(&"Trust over time"), "{texts:?}");
    }
}
