//! A prompt's answer compared with a text it can never be (K0031): the branch never runs.
//! `choose` gives one of its options' keys, `confirm` true or false, `scale` a number.

use super::context::{Context, bodies};
use super::report::Report;
use crate::code::Code;

pub(super) fn never_equal(cx: &Context, out: &mut Report) {
    for (f, step) in &bodies(cx.facts) {
        for n in &f.never_equal {
            let (message, help) = match n.prompt.as_str() {
                "confirm" => (
                    format!("confirm(...) gives true or false, never \"{}\"", n.text),
                    format!(
                        "use the answer itself: `if {0} {{ ... }}`, or `if !{0} {{ ... }}` for no",
                        n.written
                    ),
                ),
                "scale" => (
                    format!("scale(...) gives a number, never \"{}\"", n.text),
                    format!("compare with a number: `if {} >= 8 {{ ... }}`", n.written),
                ),
                _ => (
                    format!(
                        "{}(...) never gives \"{}\": it is none of its options",
                        n.prompt, n.text
                    ),
                    format!(
                        "{} the answers are {} (an option's key when it has one, exactly as written, case included)",
                        suggestion(&n.text, &n.answers, &n.words),
                        super::words::quoted_list(&n.answers)
                    ),
                ),
            };
            out.push(Code::NeverEqual, n.at, message, "never the answer")
                .related(n.prompt_at, "asked here")
                .help(help)
                .in_step(step.as_deref());
        }
    }
}

/// What to compare with instead of `text`: the key of the option whose words `text` is;
/// else the option `text` starts, ends or is found in (ignoring case: `"Partly"` in
/// `"Partly forgiven"`); else the most similar one, by key or words.
fn suggestion(text: &str, keys: &[String], words: &[String]) -> String {
    let lower = text.to_lowercase();
    let options: Vec<(&String, &String)> = if words.len() == keys.len() {
        keys.iter().zip(words).collect()
    } else {
        keys.iter().zip(keys).collect()
    };
    if let Some((key, _)) = options
        .iter()
        .find(|(key, words)| *key != *words && words.to_lowercase() == lower)
    {
        return format!(
            "\"{text}\" is the words of the option keyed \"{key}\", and choose(...) gives its key: compare with \"{key}\" (rewording the option then breaks nothing);"
        );
    }
    let within = |s: &String| {
        let s = s.to_lowercase();
        !lower.is_empty() && (s.starts_with(&lower) || s.ends_with(&lower) || s.contains(&lower))
    };
    let found = options
        .iter()
        .find(|(key, words)| within(key) || within(words))
        .or_else(|| {
            let similar = |s: &String| strsim::jaro_winkler(&s.to_lowercase(), &lower);
            options.iter().max_by(|a, b| {
                let (a, b) = (
                    similar(a.0).max(similar(a.1)),
                    similar(b.0).max(similar(b.1)),
                );
                a.total_cmp(&b)
            })
        });
    match found {
        Some((key, _)) => format!("did you mean \"{key}\"?"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::suggestion;

    fn texts(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_part_of_an_option_suggests_that_option() {
        let options = texts(&["Not yet", "Partly forgiven"]);
        assert!(suggestion("Partly", &options, &options).contains("\"Partly forgiven\""));
        let options = texts(&["Yes", "No"]);
        assert!(suggestion("yes", &options, &options).contains("\"Yes\""));
        let options = texts(&["Change it", "Keep it"]);
        assert!(suggestion("Change", &options, &options).contains("\"Change it\""));
    }

    #[test]
    fn the_words_of_a_keyed_option_say_to_compare_with_its_key() {
        let (keys, words) = (texts(&["yes", "later"]), texts(&["Yes, go on", "Not yet"]));
        let help = suggestion("Not yet", &keys, &words);
        assert!(help.contains("compare with \"later\""), "{help}");
        assert!(suggestion("Later", &keys, &words).contains("\"later\""));
    }

    #[test]
    fn otherwise_the_most_similar_option() {
        let options = texts(&["Anger", "Sadness", "Hope"]);
        assert!(suggestion("Sadnes", &options, &options).contains("\"Sadness\""));
    }
}
