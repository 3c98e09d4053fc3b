//! Answers as the guide sees them and as the journal stores them.

use serde::{Deserialize, Serialize};
use std::fmt;

/// One validated answer: free text or a chosen option (text), a scale value (number)
/// or a yes/no (bool). Stored untagged, so a journal line reads `"value": 7`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    /// A yes (`true`) or no (`false`) answer.
    Bool(bool),
    /// A whole number, the answer to a scale.
    Number(i64),
    /// Free text, or the text of a chosen option.
    Text(String),
}

impl Value {
    pub(crate) fn to_dynamic(&self) -> rhai::Dynamic {
        match self {
            Value::Bool(b) => (*b).into(),
            Value::Number(n) => (*n).into(),
            Value::Text(s) => s.clone().into(),
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
        }
    }
}
