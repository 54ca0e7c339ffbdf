//! The source layout keeps its promises (README, "Layout"): no function in `src/` is longer
//! than 80 lines, and inside `src/engine/` a module imports only the modules listed before it
//! in [`LAYERS`] (no cycles, no upward imports between stages).
//!
//! Both checks read the source as text: comments, strings and character literals are blanked
//! out first, so that braces and paths inside them do not count.

use std::fs;
use std::path::{Path, PathBuf};

/// The longest a function may be, in lines (signature to closing brace).
const MAX_FN_LINES: usize = 80;

/// The engine's modules, lower first: each may import only the ones before it (and its own
/// submodules). `ladder` is split: its tiers, rates and settlement are below `compile`; its
/// invoice and period ladders are stages; its report comes last.
const LAYERS: &[&str] = &[
    "arith",
    "explain",
    "period",
    "ladder/rate",
    "ladder/tiers",
    "ladder/settle",
    "ladder/ramp",
    "compile",
    "context",
    "filter",
    "attribution",
    "budget",
    "base",
    "credit_notes",
    "matching",
    "lines",
    "ladder/invoice",
    "ladder/period",
    "earn",
    "unmatched",
    "caps",
    "levels",
    "overrides",
    "holdbacks",
    "draws",
    "rounding",
    "assemble",
    "ladder/report",
    "ladder/mod",
    "mod",
    "hierarchy",
    "what_if",
    "compare",
];

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("a readable source directory") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The source with comments, string and character literals replaced by spaces (newlines kept).
fn code_only(src: &str) -> String {
    let c: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let blank = |ch: char| if ch == '\n' { '\n' } else { ' ' };
    let at = |i: usize| c.get(i).copied().unwrap_or('\0');
    let mut i = 0;
    while i < c.len() {
        if c[i] == '/' && at(i + 1) == '/' {
            while i < c.len() && c[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c[i] == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if c[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(c[i]));
                    i += 1;
                }
            }
        } else if c[i] == 'r' && (at(i + 1) == '"' || (at(i + 1) == '#' && (at(i + 2) == '"' || at(i + 2) == '#'))) {
            // A raw string: r"...", r#"..."#, ...
            let mut hashes = 0;
            let mut j = i + 1;
            while c.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            let close: String = std::iter::once('"').chain(std::iter::repeat('#').take(hashes)).collect();
            let body: String = c[j + 1..].iter().collect();
            let len = body
                .find(&close)
                .map(|k| body[..k].chars().count())
                .unwrap_or(c.len() - j - 1);
            let end = (j + 1 + len + close.chars().count()).min(c.len());
            for &ch in &c[i..end] {
                out.push(blank(ch));
            }
            i = end;
        } else if c[i] == '"' {
            out.push(' ');
            i += 1;
            while i < c.len() && c[i] != '"' {
                if c[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < c.len() {
                    out.push(blank(c[i]));
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c[i] == '\'' && at(i + 1) == '\\' {
            // An escaped character literal: '\n', '\u{..}', '\''.
            let mut j = i + 2;
            while j < c.len() && c[j] != '\'' {
                j += 1;
            }
            for _ in i..=j.min(c.len() - 1) {
                out.push(' ');
            }
            i = j + 1;
        } else if c[i] == '\'' && at(i + 2) == '\'' {
            out.push_str("   ");
            i += 3;
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

/// Each function of a cleaned source with a body: (name, first line, length in lines).
fn functions(code: &str) -> Vec<(String, usize, usize)> {
    let bytes = code.as_bytes();
    let line_of = |pos: usize| code[..pos].matches('\n').count() + 1;
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(k) = code[from..].find("fn ") {
        let at = from + k;
        from = at + 3;
        let word_start = at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_');
        let name: String = code[at + 3..]
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if !word_start || name.is_empty() {
            continue;
        }
        // The body starts at the first `{` before any `;` (a declaration without body).
        let Some(open) = code[at..].find(['{', ';']).map(|p| at + p) else {
            continue;
        };
        if bytes[open] == b';' {
            continue;
        }
        let mut depth = 0usize;
        let mut close = open;
        for (p, b) in bytes.iter().enumerate().skip(open) {
            match b {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        close = p;
                        break;
                    }
                }
                _ => {}
            }
        }
        out.push((name, line_of(at), line_of(close) - line_of(at) + 1));
    }
    out
}

#[test]
fn no_function_is_over_80_lines() {
    let mut long = Vec::new();
    for file in rust_files(Path::new("src")) {
        let code = code_only(&fs::read_to_string(&file).expect("a readable source file"));
        for (name, line, len) in functions(&code) {
            if len > MAX_FN_LINES {
                long.push(format!("{}:{line} `{name}` is {len} lines", file.display()));
            }
        }
    }
    assert!(
        long.is_empty(),
        "functions over {MAX_FN_LINES} lines (cut them at their seams):\n{}",
        long.join("\n")
    );
}

#[test]
fn the_length_check_sees_through_strings_and_comments() {
    let src =
        "fn a() {\n let s = \"}}\"; // }\n let c = '}'; let r = r#\"{\"#; /* { */\n}\nfn b<'x>(v: &'x str) -> &'x str { v }\n";
    let found = functions(&code_only(src));
    assert_eq!(found, vec![("a".to_string(), 1, 4), ("b".to_string(), 5, 1)]);
}

/// The layer of an engine module path (components under `src/engine/`), if it is one.
fn layer_of(components: &[&str]) -> Option<usize> {
    let key = match components {
        [] => "mod".to_string(),
        ["ladder", sub, ..] => format!("ladder/{sub}"),
        ["ladder"] => "ladder/mod".to_string(),
        [first, ..] => first.to_string(),
    };
    LAYERS.iter().position(|l| *l == key)
}

/// The engine modules a cleaned source file (at `components` under `src/engine/`, `mod` for a
/// directory's own file) refers to by path: `crate::engine::x…` and `super::x…`.
fn referenced<'a>(code: &'a str, components: &[&'a str]) -> Vec<Vec<&'a str>> {
    let mut out = Vec::new();
    // The module the file is: its path without `.rs`, without a trailing `mod`.
    let module: Vec<&str> = match components.split_last() {
        Some((&"mod", dir)) => dir.to_vec(),
        _ => components.to_vec(),
    };
    for (start, _) in code.match_indices("crate::engine::").chain(code.match_indices("super::")) {
        if start > 0 && code.as_bytes()[start - 1].is_ascii_alphanumeric() || code[..start].ends_with("super::") {
            continue;
        }
        let path: Vec<&str> = code[start..]
            .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .next()
            .unwrap_or("")
            .split("::")
            .filter(|s| !s.is_empty())
            .collect();
        let resolved: Vec<&str> = if path.first() == Some(&"crate") {
            path[2..].to_vec()
        } else {
            let ups = path.iter().take_while(|s| **s == "super").count();
            if ups > module.len() {
                continue;
            }
            let mut base = module[..module.len() - ups].to_vec();
            base.extend(&path[ups..]);
            base
        };
        out.push(resolved);
    }
    out
}

#[test]
fn engine_modules_import_only_lower_layers() {
    let root = Path::new("src/engine");
    let mut wrong = Vec::new();
    for file in rust_files(root) {
        let rel = file.strip_prefix(root).expect("a file under src/engine");
        let text = rel.with_extension("").to_string_lossy().replace('\\', "/");
        let components: Vec<&str> = text.split('/').collect();
        let Some(own) = layer_of(&components) else {
            wrong.push(format!(
                "{}: not in LAYERS of tests/layout.rs (add it, and to the README's Layout)",
                file.display()
            ));
            continue;
        };
        let code = code_only(&fs::read_to_string(&file).expect("a readable source file"));
        // Unit tests (at the end of a file) may reach anything; `super` means the file there.
        let code = code.split("#[cfg(test)]").next().unwrap_or("");
        for path in referenced(code, &components) {
            // A path that names no module (`Engine`, `compute`, `{compute, Engine}`) reaches
            // the items of `engine/mod.rs`.
            let module = path
                .first()
                .filter(|m| LAYERS.iter().any(|l| l.split('/').next() == Some(**m)));
            let target = match module {
                Some(_) => layer_of(&path),
                None => layer_of(&[]),
            };
            if let Some(t) = target.filter(|&t| t > own) {
                wrong.push(format!(
                    "{}: imports `{}` ({} is above {})",
                    file.display(),
                    path.join("::"),
                    LAYERS[t],
                    LAYERS[own]
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "upward imports in src/engine:\n{}", wrong.join("\n"));
}
