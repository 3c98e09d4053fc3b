//! Error reports for people: the message, and for a guide's errors the file, line,
//! column and the offending source line, underlined.

use kintsugi_engine::{Error, Source};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource};

/// Renders an engine error against the guide's source.
pub fn guide_error(error: &Error, source: &Source) -> String {
    let mut out = format!("error: {error}\n");
    let Some(loc) = &error.location else {
        return out;
    };
    let Some(offset) = offset_of(&source.text, loc.line, loc.column) else {
        return out;
    };
    let mut diagnostic = MietteDiagnostic::new(error.message.clone())
        .with_labels([LabeledSpan::at_offset(offset, "here")]);
    if let Some(step) = &error.step {
        diagnostic = diagnostic.with_help(format!("this happened in step \"{step}\""));
    }
    let report = miette::Report::new(diagnostic)
        .with_source_code(NamedSource::new(&loc.file, source.text.clone()));
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor());
    let mut rendered = String::new();
    if handler
        .render_report(&mut rendered, report.as_ref())
        .is_ok()
    {
        out.push_str(&rendered);
    }
    out
}

/// The byte offset of a 1-based line and column (counted in characters).
fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum();
    let rest = text.get(start..)?;
    let line_text = rest.split('\n').next().unwrap_or("");
    let within = line_text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line_text.len(), |(i, _)| i);
    Some(start + within)
}
