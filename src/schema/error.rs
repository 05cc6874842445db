//! The one error type for bad scenario input. It always names the field (a
//! dotted path such as `pool.limit`) and says what is allowed, so the CLI and
//! the page can show it as one line.

use std::fmt;

#[derive(Clone, Debug, PartialEq)]
pub struct ConfigError {
    /// Dotted path of the offending field, or `scenario` for whole-file problems.
    pub field: String,
    /// What is wrong and what is allowed.
    pub message: String,
}

impl ConfigError {
    /// Both parts are kept to one readable line (control characters
    /// escaped; the field at most 80 characters, an empty key shown as `""`).
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        let field = field.into();
        let readable = field.chars().count() <= 80 && !field.chars().any(char::is_control);
        let field = match field.as_str() {
            "" => "\"\"".to_string(),
            _ if readable => field,
            _ => super::limits::cut(&field, 80),
        };
        let message = message.into();
        let message = if message.chars().any(char::is_control) {
            message.chars().flat_map(char::escape_debug).collect()
        } else {
            message
        };
        ConfigError { field, message }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for ConfigError {}
