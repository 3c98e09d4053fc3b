//! The time, for the host alone (the engine has no clock): now, and times and lengths
//! as people read them, in the local time zone.
//!
//! `KINTSUGI_NOW` (an RFC 3339 time) stands in for the clock: the one seam through which
//! tests move time, so that no test sleeps through a break.

use chrono::{DateTime, Datelike, Local, TimeDelta, Utc};
use kintsugi_engine::minutes_in_words;

/// Now, or the time `KINTSUGI_NOW` names.
pub fn now() -> DateTime<Utc> {
    std::env::var("KINTSUGI_NOW")
        .ok()
        .and_then(|text| parse(&text))
        .unwrap_or_else(Utc::now)
}

/// A time as the journals keep it (RFC 3339, to the second).
pub fn stamp(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A time the journals keep, read back (`None` for text that is not one).
pub fn parse(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// When `time` is, seen from `now`: "at 20:35" today, "tomorrow at 09:00", or
/// "on Tuesday 8 December at 09:00".
pub fn when(time: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let (time, now) = (time.with_timezone(&Local), now.with_timezone(&Local));
    let clock = time.format("%H:%M");
    let days = (time.date_naive() - now.date_naive()).num_days();
    match days {
        0 => format!("at {clock}"),
        1 => format!("tomorrow at {clock}"),
        -1 => format!("yesterday at {clock}"),
        _ => format!("on {} at {clock}", day(time, now)),
    }
}

/// A date for a list or a transcript: "Monday 7 December 2026, 20:35".
pub fn date(time: DateTime<Utc>) -> String {
    time.with_timezone(&Local)
        .format("%A %-d %B %Y, %H:%M")
        .to_string()
}

/// A date in a sentence, the year only when it is not this one.
fn day(time: DateTime<Local>, now: DateTime<Local>) -> String {
    if time.year() == now.year() {
        time.format("%A %-d %B").to_string()
    } else {
        time.format("%A %-d %B %Y").to_string()
    }
}

/// How long is left, rounded up to the minute: "12 minutes", "1 hour 5 minutes".
pub fn left(span: TimeDelta) -> String {
    let minutes = (span.num_seconds().max(0) as u64).div_ceil(60);
    minutes_in_words(minutes.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_relative_to_now() {
        // The local zone is the machine's; a time and a "now" a few minutes apart at
        // midday are on the same day in every zone but the far ones.
        let now = parse("2026-12-07T12:00:00Z").unwrap();
        assert!(when(now + TimeDelta::minutes(20), now).starts_with("at "));
        assert_eq!(left(TimeDelta::seconds(61)), "2 minutes");
        assert_eq!(left(TimeDelta::seconds(10)), "1 minute");
        assert_eq!(left(TimeDelta::minutes(65)), "1 hour 5 minutes");
        assert_eq!(stamp(now), "2026-12-07T12:00:00Z");
    }
}
