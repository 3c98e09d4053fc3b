//! Answers as the guide sees them and as the journal stores them.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What a pass shows when the guide gives no words for it.
pub const NO_ANSWER: &str = "(no answer)";

/// One validated answer: free text or a chosen option (text), a scale value (number)
/// or a yes/no (bool), the options picked (a list), or none. Stored untagged, so a
/// journal line reads `"value": 7`, `"value": ["calm", "hurt"]` or `"value": null`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    /// A yes (`true`) or no (`false`) answer.
    Bool(bool),
    /// A whole number, the answer to a scale.
    Number(i64),
    /// Free text, or the key of a chosen option (its text, for a plain list).
    Text(String),
    /// The keys of the options picked at a `choose_many`, in the options' order.
    List(Vec<String>),
    /// No answer: the partner passed a prompt that allows it (`#{ optional: true }`).
    None,
}

impl Value {
    pub(crate) fn to_dynamic(&self) -> rhai::Dynamic {
        match self {
            Value::Bool(b) => (*b).into(),
            Value::Number(n) => (*n).into(),
            Value::Text(s) => s.clone().into(),
            Value::List(keys) => keys
                .iter()
                .map(|k| rhai::Dynamic::from(k.clone()))
                .collect::<rhai::Array>()
                .into(),
            Value::None => rhai::Dynamic::UNIT,
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(true) => f.write_str("yes"),
            Value::Bool(false) => f.write_str("no"),
            Value::Number(n) => write!(f, "{n}"),
            Value::Text(s) => f.write_str(s),
            Value::List(keys) => f.write_str(&keys.join(", ")),
            Value::None => f.write_str(NO_ANSWER),
        }
    }
}
