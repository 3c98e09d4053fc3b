//! Error reports for people: the message, and for a guide's errors the file, line,
//! column and the offending source line, underlined.

use kintsugi_engine::{Diagnostic, Error, Location, Severity, Source};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource};

/// An error already written out for people, and the exit code it ends the program with.
/// `main` prints it as it is.
#[derive(Debug, thiserror::Error)]
#[error("{text}")]
pub struct Reported {
    /// The report, ending in a newline.
    pub text: String,
    /// The exit code.
    pub code: u8,
}

/// A guide that does not load or fails, as an error that ends the program with code 1.
pub fn guide_failure(error: &Error, source: &Source) -> anyhow::Error {
    Reported {
        text: guide_error(error, source),
        code: 1,
    }
    .into()
}

/// Renders an engine error against the guide's source.
pub fn guide_error(error: &Error, source: &Source) -> String {
    let mut out = format!("error: {error}\n");
    let Some(loc) = &error.location else {
        return out;
    };
    // A place in one of the guide's modules is shown from that module's file (named
    // beside the guide), never from the guide's text.
    let module;
    let bundled = kintsugi_engine::place_in_bundle(&source.name, &source.text, loc);
    let loc = bundled.as_ref().unwrap_or(loc);
    let text = if loc.file == source.name {
        &source.text
    } else if let Ok(read) = std::fs::read_to_string(&loc.file) {
        module = read;
        &module
    } else {
        return out;
    };
    let Some(offset) = offset_of(text, loc.line, loc.column) else {
        return out;
    };
    let mut diagnostic = MietteDiagnostic::new(error.message.clone())
        .with_labels([LabeledSpan::at_offset(offset, "here")]);
    if let Some(step) = &error.step {
        diagnostic = diagnostic.with_help(format!("this happened in step \"{step}\""));
    }
    out.push_str(&render(diagnostic, &loc.file, text));
    out
}

/// Renders a `check` diagnostic against the guide's source: its severity and code, the
/// message, the source lines underlined (with any related places), and the help.
pub fn diagnostic(d: &Diagnostic, source: &Source) -> String {
    // A problem in one of the guide's modules is shown from that module's file.
    let module;
    let text = if d.location.file == source.name {
        &source.text
    } else if let Ok(read) = std::fs::read_to_string(&d.location.file) {
        module = read;
        &module
    } else {
        let help = d.help.as_ref().map(|h| format!("  help: {h}\n"));
        return format!("{d}\n{}", help.unwrap_or_default());
    };
    let span = |line, column, length: usize| {
        offset_of(text, line, column).map(|offset| {
            let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
            let end = text[offset..line_end]
                .char_indices()
                .nth(length.max(1))
                .map_or(line_end, |(i, _)| offset + i);
            (offset, (end - offset).max(1))
        })
    };
    let mut labels = Vec::new();
    let Some((offset, len)) = span(d.location.line, d.location.column, d.length) else {
        // A place that cannot be shown (past the last line counted): said in words.
        let help = d.help.as_ref().map(|h| format!("  help: {h}\n"));
        return format!("{d}\n{}", help.unwrap_or_default());
    };
    labels.push(LabeledSpan::new_primary_with_span(
        Some(d.label.clone()),
        (offset, len),
    ));
    for related in &d.related {
        if let Some((offset, len)) = span(
            related.location.line,
            related.location.column,
            related.length,
        ) {
            labels.push(LabeledSpan::new_with_span(
                Some(related.label.clone()),
                (offset, len),
            ));
        }
    }
    let mut report = MietteDiagnostic::new(d.message.clone())
        .with_code(format!("{}[{}]", d.severity, d.code))
        .with_severity(match d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
        .with_labels(labels);
    if let Some(help) = &d.help {
        report = report.with_help(help.clone());
    }
    let rendered = render(report, &d.location.file, text);
    if rendered.is_empty() {
        format!("{d}\n")
    } else {
        rendered
    }
}

/// A program file's mistake: `error: MESSAGE`, then the file, line and column with the
/// line underlined, and the way forward.
pub fn program_error(error: &kintsugi_engine::ProgramError, file: &str, text: &str) -> String {
    let head = format!("error: {}\n", error.message);
    let help = format!("  help: {}\n", error.help);
    let Some(span) = &error.span else {
        return format!("{head}{help}");
    };
    let start = span.start.min(text.len());
    let len = span.end.saturating_sub(start).max(1);
    let diagnostic = MietteDiagnostic::new(error.message.clone())
        .with_labels([LabeledSpan::at(start..start + len, "here")])
        .with_help(error.help.clone());
    let rendered = render(diagnostic, file, text);
    match error.line_column(text) {
        Some((line, column)) if !rendered.is_empty() => {
            format!(
                "error: {file}:{line}:{column}: {}\n{rendered}",
                error.message
            )
        }
        _ => format!("{head}{help}"),
    }
}

/// Draws a diagnostic with miette, without colour (the same in a terminal, a pipe and a
/// snapshot).
fn render(diagnostic: MietteDiagnostic, file: &str, text: &str) -> String {
    let report =
        miette::Report::new(diagnostic).with_source_code(NamedSource::new(file, text.to_string()));
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor());
    let mut rendered = String::new();
    if handler
        .render_report(&mut rendered, report.as_ref())
        .is_err()
    {
        rendered.clear();
    }
    rendered
}

/// The byte offset of a 1-based line and column (counted in characters).
fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    // Past the last line counted, the line is not known: underline nothing.
    if line >= Location::LAST_LINE {
        return None;
    }
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
