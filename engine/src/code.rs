//! The catalogue of problem codes (`K0007`), each with its severity and meaning; errors
//! carry one where it applies, and `docs/checks.md` describes each.

use std::fmt;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The guide fails to load, or fails when a session reaches this place.
    Error,
    /// The guide runs, but very likely not as its author meant.
    Warning,
}

impl Severity {
    /// The severity's name, `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! codes {
    ($($variant:ident = $id:literal, $severity:ident, $summary:literal;)*) => {
        /// A kind of problem. Its id (`K0007`) never changes meaning.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(#[doc = $summary] $variant,)*
        }

        impl Code {
            /// Every code, in order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable id, such as `K0007`.
            pub fn id(self) -> &'static str {
                match self {
                    $(Code::$variant => $id,)*
                }
            }

            /// How bad a problem of this kind is.
            pub fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }

            /// The code's number: 7 for `K0007`.
            pub fn number(self) -> u16 {
                self.id()[1..].parse().expect("an id is K and a number")
            }

            /// The code with this number, if there is one.
            pub fn from_number(number: u16) -> Option<Code> {
                Code::ALL.iter().copied().find(|c| c.number() == number)
            }

            /// What the code means, in a few words.
            pub fn summary(self) -> &'static str {
                match self {
                    $(Code::$variant => $summary,)*
                }
            }
        }
    };
}

codes! {
    Unreadable = "K0000", Error, "the guide file cannot be read";
    Syntax = "K0001", Error, "the guide is not valid Rhai";
    Declaration = "K0002", Error, "the guide's declaration is missing, repeated, misplaced or has an unknown key";
    Title = "K0003", Error, "the declaration has no title";
    Roles = "K0004", Error, "the declaration has no roles, or a role that cannot be";
    Start = "K0005", Error, "the declaration has no start step, or it names no step";
    DuplicateStep = "K0006", Error, "two steps have the same name";
    MissingStep = "K0007", Error, "next(...) moves to a step that does not exist";
    NoWayOn = "K0008", Error, "a step can neither move on nor finish";
    OpenEnd = "K0009", Warning, "a path through a step ends without next(...) or finish(...)";
    Unreachable = "K0010", Warning, "no path from the start step reaches this step";
    NoFinish = "K0011", Warning, "from this step the guide can never finish";
    UnknownRole = "K0012", Error, "a prompt is addressed to someone the guide does not declare";
    UnknownName = "K0013", Error, "a name that is not a role, both, each or a variable";
    RevealNotPrivate = "K0014", Warning, "reveal(...) shows something that was never private";
    ChooseOptions = "K0015", Error, "choose(...) has too few, empty or repeated options";
    PromptArguments = "K0016", Error, "a scale range or prompt option that cannot work";
    OutsideStep = "K0017", Error, "a step's function is used outside a step";
    LoadFailed = "K0018", Error, "the guide's top level fails when it loads";
    UnknownFunction = "K0019", Error, "a function that does not exist, or is given the wrong number of values";
    QuotedTemplate = "K0020", Warning, "`${...}` written in quotes, where it is not filled in";
    ShadowedFunction = "K0021", Error, "a guide's function has the name of a function of the guide language";
    Import = "K0022", Error, "an import that cannot work: the module is missing, does not parse, or leads back to itself";
    PrivateShown = "K0023", Error, "a private answer written into a line both partners see, before it is revealed";
    WrittenEscape = "K0030", Warning, "`\\n` in text, shown as a backslash and n rather than a new line";
    NeverEqual = "K0031", Warning, "a prompt's answer compared with a text it can never be";
    EachAsYesNo = "K0032", Error, "answers by partner (`each`) used as one yes or no";
    RevealOneAnswer = "K0033", Error, "reveal(label, ...) given one partner's answer instead of the answers by role";
    ChainedOnNothing = "K0034", Error, "a method used on the nothing an in-place method gives back";
    RecallNeverRemembered = "K0035", Warning, "recall(...) of a key that nothing in the guide remembers";
    Program = "K0040", Error, "a program file (.toml) that is not valid or names a guide that does not exist";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}
