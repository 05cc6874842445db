//! Structural limits on every input path (scenario files, `--set`, share
//! links, the page's controls). They bound the work and the memory a hostile
//! input can ask for before any field is even read, and each has an error
//! naming what is too big and the limit.

/// Largest scenario file, in bytes.
pub const MAX_FILE_BYTES: usize = 1 << 20;
/// Deepest nesting of `{}` / `[]` in scenario JSON (the scenario itself needs 3).
pub const MAX_JSON_DEPTH: usize = 16;
/// Longest key in scenario JSON, in bytes.
pub const MAX_KEY_BYTES: usize = 64;
/// Longest list in scenario JSON (hosts, weights, fault windows…).
pub const MAX_LIST_LEN: usize = 1_000;
/// Longest `--set` KEY, in bytes.
pub const MAX_PATH_BYTES: usize = 128;
/// Most parts of a `--set` KEY (the deepest field, `retry.budget.capacity`, has 3).
pub const MAX_PATH_PARTS: usize = 4;
/// Longest `--set` VALUE, in bytes (a list of 100 fault windows fits).
pub const MAX_VALUE_BYTES: usize = 64 * 1024;
/// Most `--set` overrides in one command.
pub const MAX_OVERRIDES: usize = 1_000;
/// Longest share link, in bytes.
pub const MAX_LINK_BYTES: usize = 64 * 1024;
/// Most `KEY=VALUE` pairs in a share link.
pub const MAX_LINK_PAIRS: usize = 500;
/// Longest scenario `name`, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest scenario `description`, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 2_000;
/// Longest other text field (menu choices such as `exponential`, preset names), in characters.
pub const MAX_WORD_CHARS: usize = 64;
/// Characters of a bad key or value quoted back in an error message.
pub const QUOTE_CHARS: usize = 40;

/// `s` cut to `QUOTE_CHARS` characters, with `…` if it was longer, control
/// characters escaped (`\n`): what an error message quotes of a user's
/// input, always on one line.
pub fn quote(s: &str) -> String {
    cut(s, QUOTE_CHARS)
}

/// `s` cut to at most `max` characters shown (`…` added if it was longer),
/// control characters escaped (an escape counts as the characters it shows).
pub fn cut(s: &str, max: usize) -> String {
    let mut out = String::new();
    let mut shown = 0;
    for c in s.chars() {
        let piece: String = if c.is_control() {
            c.escape_debug().collect()
        } else {
            c.to_string()
        };
        let n = piece.chars().count();
        if shown + n > max {
            out.push('…');
            break;
        }
        out.push_str(&piece);
        shown += n;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_short_single_lines() {
        assert_eq!(quote("abc"), "abc");
        assert_eq!(quote(&"x".repeat(41)), format!("{}…", "x".repeat(40)));
        assert_eq!(quote("a\nb"), "a\\nb");
        let q = quote(&"\u{11}".repeat(30));
        assert!(q.chars().count() <= 41 && !q.contains('\n'), "{q}");
    }
}
