//! The danger check's second reader: a linear model over a sentence's words, trained on a
//! corpus of sentences written apart from the lists (docs/safety.md).
//!
//! The lists catch what they were reviewed on and little that is said in new ways; the
//! model weighs every word, word pair and word part it has seen in signals and in ordinary
//! painful sentences, so it generalises over phrasings no pattern names. It is a
//! multinomial logistic regression: three classes (ordinary, self-harm, danger), ordinary
//! the reference, so each feature carries two weights. Its weights are data, shipped beside
//! the lists (`signals/en.model`) and written by
//! `cargo run --release -p kintsugi-engine --example train_signals`.
//!
//! Reading is a sum of weights: no I/O, deterministic, a few microseconds a sentence.

use std::collections::{BTreeMap, HashMap};

/// The features of a normalised text (see `Detector::normalise`): every word (`w:`), every
/// pair of neighbouring words in a clause (`b:`), and every run of 3 to 6 characters of a
/// clause written with its ends marked (`x:<he h`, `x:t me>`; spaces included), so a typo
/// or a missing apostrophe shares most of its features with the word meant, and a phrase
/// said in other words still shares its pieces ("ill be gone" and "i will be gone").
/// Sorted, each once. (The detector adds the lists' findings: see `LIST_FEATURE`.)
pub fn features(normalised: &str) -> Vec<String> {
    let mut out = Vec::new();
    for clause in normalised.split(" . ") {
        let words: Vec<&str> = clause
            .split(' ')
            .filter(|w| !w.is_empty() && *w != ".")
            .collect();
        if words.is_empty() {
            continue;
        }
        for (i, word) in words.iter().enumerate() {
            out.push(format!("w:{word}"));
            if let Some(next) = words.get(i + 1) {
                out.push(format!("b:{word} {next}"));
            }
        }
        let marked: Vec<char> = format!("<{}>", words.join(" ")).chars().collect();
        for n in 3..=6 {
            for gram in marked.windows(n) {
                out.push(format!("x:{}", gram.iter().collect::<String>()));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// What starts a feature that says the reviewed lists found a signal of a kind in the
/// text (`l:self_harm`, `l:danger`). Such a feature counts whole, however long the text:
/// a pattern's match is no weaker in a long answer. The other features count 1/sqrt(n).
pub const LIST_FEATURE: &str = "l:";

/// How much each feature of a text counts: 1 for the lists' findings, 1/sqrt(n) for the
/// n others.
fn counts(features: &[String]) -> impl Fn(&str) -> f32 {
    let n = features
        .iter()
        .filter(|f| !f.starts_with(LIST_FEATURE))
        .count();
    let scale = 1.0 / (n.max(1) as f32).sqrt();
    move |f: &str| {
        if f.starts_with(LIST_FEATURE) {
            1.0
        } else {
            scale
        }
    }
}

/// A trained model: two weights a feature, two biases, and the threshold above which
/// the chance that a text is not ordinary makes it a signal.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    weights: HashMap<String, [f32; 2]>,
    bias: [f32; 2],
    threshold: f32,
}

/// What the model read in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// The chance that the text is a signal (of either kind), 0 to 1.
    pub score: f32,
    /// The kind more likely: 0 or 1, the order of a feature's two weights (which kinds
    /// they are is the caller's: `signals::MODEL_KINDS`).
    pub kind: usize,
    /// The features that weighed most for that kind, strongest first.
    pub strongest: Vec<String>,
}

impl Model {
    /// Read a model file: `bias`, `threshold`, then one line a feature, each
    /// `name<TAB>self_harm weight<TAB>danger weight`; `#` starts a comment line.
    pub fn parse(text: &str) -> Result<Model, String> {
        let mut weights = HashMap::new();
        let mut bias = None;
        let mut threshold = None;
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let bad = || {
                format!(
                    "line {}: `{line}` is not `name<TAB>weight<TAB>weight`",
                    n + 1
                )
            };
            let mut fields = line.split('\t');
            let name = fields.next().ok_or_else(bad)?;
            let mut number = || -> Result<f32, String> {
                fields.next().and_then(|f| f.parse().ok()).ok_or_else(bad)
            };
            match name {
                "threshold" => threshold = Some(number()?),
                "bias" => bias = Some([number()?, number()?]),
                _ => {
                    weights.insert(name.to_string(), [number()?, number()?]);
                }
            }
        }
        Ok(Model {
            weights,
            bias: bias.ok_or("no `bias` line")?,
            threshold: threshold.ok_or("no `threshold` line")?,
        })
    }

    /// The model as a file, features sorted, after the comment lines given.
    pub fn to_text(&self, comment: &str) -> String {
        let mut out = String::new();
        for line in comment.lines() {
            out.push_str(&format!("# {line}\n").replace("# \n", "#\n"));
        }
        out.push_str(&format!("threshold\t{}\n", self.threshold));
        out.push_str(&format!("bias\t{}\t{}\n", self.bias[0], self.bias[1]));
        let sorted: BTreeMap<_, _> = self.weights.iter().collect();
        for (name, [a, b]) in sorted {
            out.push_str(&format!("{name}\t{a}\t{b}\n"));
        }
        out
    }

    /// The threshold a score must pass to be a signal.
    pub fn threshold(&self) -> f32 {
        self.threshold
    }

    /// The same model with another threshold.
    pub fn with_threshold(mut self, threshold: f32) -> Model {
        self.threshold = threshold;
        self
    }

    /// How many features carry weights.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// Whether no feature carries a weight.
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// The chance that a normalised text is a signal, and of which kind.
    pub fn score(&self, normalised: &str) -> Reading {
        self.score_features(&features(normalised))
    }

    /// The chance that a text of these features is a signal, and of which kind.
    pub fn score_features(&self, features: &[String]) -> Reading {
        let known: Vec<(&String, &[f32; 2])> = features
            .iter()
            .filter_map(|f| self.weights.get_key_value(f))
            .collect();
        let count = counts(features);
        let mut logits = self.bias;
        for (f, w) in &known {
            logits[0] += w[0] * count(f);
            logits[1] += w[1] * count(f);
        }
        let [p_self, p_danger] = probabilities(logits);
        let k = usize::from(p_danger > p_self);
        let mut weighed: Vec<(f32, &String)> = known
            .iter()
            .filter(|(_, w)| w[k] > 0.0)
            .map(|(f, w)| (w[k], *f))
            .collect();
        weighed.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        Reading {
            score: p_self + p_danger,
            kind: k,
            strongest: weighed.iter().take(3).map(|(_, f)| f.to_string()).collect(),
        }
    }

    /// The kind of signal in a normalised text, if its score passes the threshold.
    pub fn read(&self, normalised: &str) -> Option<Reading> {
        self.read_features(&features(normalised))
    }

    /// The kind of signal in a text of these features, if its score passes the threshold.
    pub fn read_features(&self, features: &[String]) -> Option<Reading> {
        Some(self.score_features(features)).filter(|r| r.score >= self.threshold)
    }
}

/// The chances of self-harm and of danger for two logits, the ordinary class's being 0.
fn probabilities(logits: [f32; 2]) -> [f32; 2] {
    let top = logits[0].max(logits[1]).max(0.0);
    let e = [(logits[0] - top).exp(), (logits[1] - top).exp()];
    let total = (-top).exp() + e[0] + e[1];
    [e[0] / total, e[1] / total]
}

/// How a model is trained.
#[derive(Debug, Clone, Copy)]
pub struct Training {
    /// The weight of the L2 penalty, per example.
    pub l2: f32,
    /// Full passes of gradient descent.
    pub rounds: usize,
    /// The size of a gradient step (Adam's).
    pub rate: f32,
    /// How many features are kept (those of the largest weights); the model is then
    /// trained again on them alone.
    pub keep: usize,
}

impl Default for Training {
    fn default() -> Self {
        // Chosen by cross-validation (docs/safety.md): a weak penalty and long training
        // did best; with 12 000 sentences, keeping 20 000 features did better than 10 000.
        Training {
            l2: 4e-6,
            rounds: 800,
            rate: 0.05,
            keep: 20_000,
        }
    }
}

/// Train a model on feature lists labelled with their kind, 0 or 1 (`None`: ordinary), with
/// threshold 0.5. Full-batch gradient descent (Adam steps) from zero, so the same
/// examples always give the same weights.
pub fn train(examples: &[(Vec<String>, Option<usize>)], how: Training) -> Model {
    let all = fit(examples, how, None);
    if all.weights.len() <= how.keep {
        return all;
    }
    let mut ranked: Vec<(&String, f32)> = all
        .weights
        .iter()
        .map(|(f, w)| (f, w[0].abs().max(w[1].abs())))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    let kept: std::collections::HashSet<&str> = ranked
        .iter()
        .take(how.keep)
        .map(|(f, _)| f.as_str())
        .collect();
    fit(examples, how, Some(&kept))
}

/// How many parts of the examples a round's gradient is computed in, one thread each.
const PARTS: usize = 4;

fn fit(
    examples: &[(Vec<String>, Option<usize>)],
    how: Training,
    only: Option<&std::collections::HashSet<&str>>,
) -> Model {
    // Features as indices; each example's features weigh 1/sqrt(n) (n: all its features
    // but the lists', kept or not, as `score` reads them), the lists' 1.
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    for (features, _) in examples {
        for f in features {
            if only.is_none_or(|o| o.contains(f.as_str())) {
                let next = index.len();
                index.entry(f.as_str()).or_insert(next);
            }
        }
    }
    // Each example: its features as (index, how much it counts), and its target.
    type Row = (Vec<(usize, f32)>, [f32; 2]);
    let rows: Vec<Row> = examples
        .iter()
        .map(|(features, kind)| {
            let count = counts(features);
            let ids = features
                .iter()
                .filter_map(|f| index.get(f.as_str()).map(|&i| (i, count(f))))
                .collect();
            let target = [f32::from(*kind == Some(0)), f32::from(*kind == Some(1))];
            (ids, target)
        })
        .collect();
    let n = index.len() + 1; // the last is the bias
    let mut w = vec![[0f32; 2]; n];
    let (mut m, mut v) = (vec![[0f32; 2]; n], vec![[0f32; 2]; n]);
    let (rate, b1, b2) = (how.rate, 0.9f32, 0.999f32);
    let count = examples.len().max(1) as f32;
    // The gradient of a part of the examples; the parts are summed in a fixed order, so
    // the weights do not depend on how many cores there are.
    let gradient = |rows: &[Row], w: &[[f32; 2]]| {
        let mut grad = vec![[0f32; 2]; n];
        for (ids, target) in rows {
            let mut logits = w[n - 1];
            for &(i, x) in ids {
                logits[0] += w[i][0] * x;
                logits[1] += w[i][1] * x;
            }
            let p = probabilities(logits);
            let error = [(p[0] - target[0]) / count, (p[1] - target[1]) / count];
            for &(i, x) in ids {
                grad[i][0] += error[0] * x;
                grad[i][1] += error[1] * x;
            }
            grad[n - 1][0] += error[0];
            grad[n - 1][1] += error[1];
        }
        grad
    };
    let part = rows.len().div_ceil(PARTS).max(1);
    for round in 1..=how.rounds {
        let parts: Vec<Vec<[f32; 2]>> = std::thread::scope(|scope| {
            let w = &w;
            let running: Vec<_> = rows
                .chunks(part)
                .map(|chunk| scope.spawn(move || gradient(chunk, w)))
                .collect();
            running
                .into_iter()
                .map(|t| t.join().expect("a part's gradient"))
                .collect()
        });
        let mut grad = vec![[0f32; 2]; n];
        for p in parts {
            for (g, x) in grad.iter_mut().zip(p) {
                g[0] += x[0];
                g[1] += x[1];
            }
        }
        let (c1, c2) = (1.0 - b1.powi(round as i32), 1.0 - b2.powi(round as i32));
        for i in 0..n {
            for k in 0..2 {
                let g = grad[i][k] + if i < n - 1 { how.l2 * w[i][k] } else { 0.0 };
                m[i][k] = b1 * m[i][k] + (1.0 - b1) * g;
                v[i][k] = b2 * v[i][k] + (1.0 - b2) * g * g;
                w[i][k] -= rate * (m[i][k] / c1) / ((v[i][k] / c2).sqrt() + 1e-8);
            }
        }
    }
    let round4 = |x: f32| (x * 1e4).round() / 1e4;
    Model {
        weights: index
            .iter()
            .map(|(f, &i)| (f.to_string(), [round4(w[i][0]), round4(w[i][1])]))
            .filter(|(_, w)| w[0] != 0.0 || w[1] != 0.0)
            .collect(),
        bias: [round4(w[n - 1][0]), round4(w[n - 1][1])],
        threshold: 0.5,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_are_words_pairs_and_pieces_within_a_clause() {
        let f = features(" he hit me . ok ");
        for expected in ["w:hit", "b:hit me", "x:<he h", "x:hit m", "x:me>", "x:<ok>"] {
            assert!(f.contains(&expected.to_string()), "{expected}: {f:?}");
        }
        for across in ["b:me ok", "x:e ok", "x:me o"] {
            assert!(
                !f.contains(&across.to_string()),
                "{across}: across a clause"
            );
        }
    }

    #[test]
    fn a_trained_model_reads_kinds_and_survives_its_file() {
        let examples: Vec<(Vec<String>, Option<usize>)> = [
            (" i want to die ", Some(0)),
            (" i wish i were dead ", Some(0)),
            (" he hit me ", Some(1)),
            (" she hits me ", Some(1)),
            (" we argued about money ", None),
            (" i am tired of the dishes ", None),
        ]
        .iter()
        .map(|(t, k)| (features(t), *k))
        .collect();
        let model = train(&examples, Training::default());
        assert_eq!(model.read(" he hit me again ").map(|r| r.kind), Some(1));
        assert_eq!(model.read(" i want to be dead ").map(|r| r.kind), Some(0));
        assert_eq!(model.read(" we argued about the dishes "), None);
        let again = Model::parse(&model.to_text("a test")).unwrap();
        assert_eq!(again, model);
    }

    #[test]
    fn a_broken_model_file_is_refused_with_the_line_named() {
        let error = Model::parse("threshold\t0.5\nbias\t0\t0\nw:x\tone\t2\n").unwrap_err();
        assert!(error.contains("line 3"), "{error}");
        assert!(Model::parse("w:x\t1\t2\n").is_err());
    }
}
