//! The module graph: no import cycle among the top-level modules of `src/`.
//!
//! Every `src/**/*.rs` file is read as text; a use of another top-level
//! module is `crate::a`, `crate::{a, b::c}` or enough `super::` to reach the
//! crate root. Test code (`#[cfg(test)]` to the end of a file, and files
//! declared `#[cfg(test)] mod name;`) may use anything and is left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Graph = BTreeMap<String, BTreeSet<String>>;

/// The top-level modules `src/lib.rs` declares.
fn top_modules(src: &Path) -> BTreeSet<String> {
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("src/lib.rs");
    lib.lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .filter_map(|l| l.strip_suffix(';'))
        .map(str::to_string)
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("readable src dir")
        .map(|e| e.expect("dir entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The file's top-level module and its nesting depth (`src/a.rs` and
/// `src/a/mod.rs` are 1, `src/a/b.rs` is 2).
fn module_of(src: &Path, file: &Path) -> (String, usize) {
    let rel: Vec<String> = file
        .strip_prefix(src)
        .expect("under src")
        .iter()
        .map(|c| c.to_string_lossy().into_owned())
        .collect();
    let top = rel[0].trim_end_matches(".rs").to_string();
    let last = rel.last().expect("a file name");
    let depth = if last == "mod.rs" {
        rel.len() - 1
    } else {
        rel.len()
    };
    (top, depth)
}

/// Files declared as `#[cfg(test)] mod name;` next to `file`.
fn test_only_children(file: &Path, text: &str) -> Vec<PathBuf> {
    let dir = if file.ends_with("mod.rs") {
        file.parent().expect("parent").to_path_buf()
    } else {
        file.with_extension("")
    };
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let mut out = Vec::new();
    for pair in lines.windows(2) {
        if pair[0] == "#[cfg(test)]" {
            let decl = pair[1].strip_prefix("pub ").unwrap_or(pair[1]);
            if let Some(name) = decl.strip_prefix("mod ").and_then(|n| n.strip_suffix(';')) {
                out.push(dir.join(format!("{name}.rs")));
                out.push(dir.join(name).join("mod.rs"));
            }
        }
    }
    out
}

/// The code before the first `#[cfg(test)]` that opens an inline module.
fn non_test_code(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if line.trim() == "#[cfg(test)]" {
            let next = lines.peek().map(|l| l.trim()).unwrap_or("");
            if next.starts_with("mod ") && next.ends_with('{') {
                break;
            }
            continue;
        }
        let code = line.split("//").next().unwrap_or("");
        out.push_str(code);
        out.push('\n');
    }
    out
}

fn ident(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// The first path segment of each entry of a `{a, b::c, d::{e}}` group.
fn group_heads(s: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let (mut depth, mut at_start) = (0usize, true);
    for (i, c) in s.char_indices() {
        match c {
            '{' => {
                depth += 1;
                if depth == 1 {
                    at_start = true;
                    continue;
                }
            }
            '}' => {
                if depth == 1 {
                    break;
                }
                depth -= 1;
            }
            ',' if depth == 1 => at_start = true,
            c if depth == 1 && at_start && !c.is_whitespace() => {
                heads.push(ident(&s[i..]).to_string());
                at_start = false;
            }
            _ => {}
        }
    }
    heads
}

/// Top-level modules a piece of code names through `crate::` or `super::`.
fn uses(code: &str, depth: usize) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in code.match_indices("crate::") {
        let before = code[..i].chars().last();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &code[i + "crate::".len()..];
        if rest.starts_with('{') {
            out.extend(group_heads(rest));
        } else {
            out.push(ident(rest).to_string());
        }
    }
    let mut rest = code;
    while let Some(i) = rest.find("super::") {
        let before = rest[..i].chars().last();
        let mut tail = &rest[i..];
        let mut supers = 0;
        while let Some(t) = tail.strip_prefix("super::") {
            supers += 1;
            tail = t;
        }
        if supers >= depth && !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            if tail.starts_with('{') {
                out.extend(group_heads(tail));
            } else {
                out.push(ident(tail).to_string());
            }
        }
        rest = &rest[i + supers * "super::".len()..];
    }
    out
}

fn graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let modules = top_modules(&src);
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let texts: Vec<(PathBuf, String)> = files
        .into_iter()
        .map(|f| {
            let t = std::fs::read_to_string(&f).expect("readable source");
            (f, t)
        })
        .collect();
    let test_only: BTreeSet<PathBuf> = texts
        .iter()
        .flat_map(|(f, t)| test_only_children(f, t))
        .collect();
    let mut g = Graph::new();
    for (file, text) in &texts {
        let (top, depth) = module_of(&src, file);
        if !modules.contains(&top) || test_only.contains(file) {
            continue;
        }
        for used in uses(&non_test_code(text), depth) {
            if used != top && modules.contains(&used) {
                g.entry(top.clone()).or_default().insert(used);
            }
        }
    }
    g
}

/// One cycle of the graph, as `a -> b -> a`, if there is one.
fn find_cycle(g: &Graph) -> Option<Vec<String>> {
    fn visit(
        g: &Graph,
        node: &str,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|n| n == node) {
            let mut cycle = path[i..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in g.get(node).into_iter().flatten() {
            if let Some(c) = visit(g, next, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for node in g.keys() {
        if let Some(c) = visit(g, node, &mut Vec::new(), &mut done) {
            return Some(c);
        }
    }
    None
}

#[test]
fn the_reader_sees_every_form_of_use() {
    let code = "use crate::{a, b::c, d::{e, f}};\nuse crate::g::H;\nlet x = crate::i::j();\nuse super::k;\nuse super::super::l;";
    assert_eq!(uses(code, 1), ["a", "b", "d", "g", "i", "k", "l"]);
    assert_eq!(uses(code, 2), ["a", "b", "d", "g", "i", "l"]);
    let g: Graph = [("a", "b"), ("b", "c"), ("c", "a")]
        .iter()
        .map(|(x, y)| (x.to_string(), BTreeSet::from([y.to_string()])))
        .collect();
    assert_eq!(find_cycle(&g).unwrap().join(" -> "), "a -> b -> c -> a");
}

#[test]
fn the_graph_sees_the_known_edges() {
    let g = graph();
    for (from, to) in [
        ("sim", "pool"),
        ("sim", "scenario"),
        ("playground", "chart"),
    ] {
        assert!(g[from].contains(to), "{from} -> {to} not seen: {g:?}");
    }
}

#[test]
fn no_import_cycle_among_top_level_modules() {
    let g = graph();
    if let Some(cycle) = find_cycle(&g) {
        panic!("import cycle: {}", cycle.join(" -> "));
    }
}

#[test]
fn the_simulator_keeps_no_scenario() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/sim/mod.rs");
    let text = std::fs::read_to_string(src).expect("src/sim/mod.rs");
    let start = text.find("pub struct Sim {").expect("struct Sim");
    let body = &text[start..start + text[start..].find("\n}\n").expect("end of Sim")];
    let fields: Vec<&str> = body
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with("//") && l.contains(':'))
        .collect();
    assert!(fields.len() > 10, "fields read: {fields:?}");
    for f in fields {
        assert!(!f.contains("Scenario"), "Sim holds the scenario: {f}");
    }
}
