//! The shape of `src/`, kept by a test (ARCHITECTURE.md, "Invariants").
//!
//! The imports of every file are read and resolved to the file they name,
//! and the graph is checked: the top-level modules depend on each other
//! only downwards (`cli` → `commands` → {`kiosk` →} `app` → {`store`,
//! `print`, `ledger`}, `clock` below all), no file reaches another through
//! a circle, the command line and the kiosk never name the store or write
//! SQL, and no file is longer than 400 lines. A change that breaks one of
//! these fails here with the files and lines that broke it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Which top-level modules each may use. `lib` only declares the modules.
const ALLOWED: &[(&str, &[&str])] = &[
    (
        "lib",
        &[
            "app", "cli", "clock", "commands", "kiosk", "ledger", "print", "store",
        ],
    ),
    ("cli", &["commands", "app"]),
    ("commands", &["kiosk", "app", "clock"]),
    ("kiosk", &["app", "clock"]),
    ("app", &["store", "print", "ledger", "remote", "clock"]),
    ("store", &[]),
    ("print", &[]),
    ("ledger", &[]),
    ("remote", &[]),
    ("clock", &[]),
];

const MAX_LINES: usize = 400;

type ModPath = Vec<String>;

struct Source {
    path: PathBuf,
    module: ModPath,
    text: String,
}

fn sources() -> Vec<Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    let mut folders = vec![root.clone()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(&root).unwrap();
                // The binary's `main.rs` is its own crate: it only calls `cli`.
                if relative == Path::new("main.rs") {
                    continue;
                }
                let mut module: ModPath = relative
                    .with_extension("")
                    .iter()
                    .map(|p| p.to_string_lossy().into_owned())
                    .collect();
                if matches!(module.last().map(String::as_str), Some("mod" | "lib")) {
                    module.pop();
                }
                let text = std::fs::read_to_string(&path).unwrap();
                found.push(Source {
                    path: relative.to_path_buf(),
                    module,
                    text,
                });
            }
        }
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found
}

/// The code of a file without its comments (line comments and doc comments),
/// so a path named in prose does not count as an import.
fn code(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            Some(i) if !line[..i].contains('"') => &line[..i],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Expands a `use` tree (`a::{b, c::{d, e}}`) into whole paths.
fn expand(prefix: &str, tree: &str, out: &mut Vec<String>) {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        let path = tree.split(" as ").next().unwrap().trim();
        if !path.is_empty() {
            out.push(format!("{prefix}{path}"));
        }
        return;
    };
    let head = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap()];
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                expand(&format!("{prefix}{head}"), &inner[start..i], out);
                start = i + 1;
            }
            _ => {}
        }
    }
    expand(&format!("{prefix}{head}"), &inner[start..], out);
}

/// The tree of a line that starts a `use` declaration (`use`, `pub use`,
/// `pub(crate) use` …).
fn use_tree(line: &str) -> Option<&str> {
    let line = line.trim_start();
    let line = match line.strip_prefix("pub") {
        Some(rest) if rest.starts_with('(') => rest.split_once(')')?.1.trim_start(),
        Some(rest) => rest.trim_start(),
        None => line,
    };
    line.strip_prefix("use ")
}

/// Every path of the crate a file names: in `use` declarations and inline.
/// Each comes with the line it is on.
fn paths(code: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let lines: Vec<&str> = code.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let Some(tree) = use_tree(lines[i]) else {
            i += 1;
            continue;
        };
        // A `use` runs to its semicolon, over as many lines as it takes.
        let first = i;
        let mut text = tree.to_string();
        while !text.contains(';') && i + 1 < lines.len() {
            i += 1;
            text.push(' ');
            text.push_str(lines[i]);
        }
        let mut expanded = Vec::new();
        expand("", text.split(';').next().unwrap(), &mut expanded);
        found.extend(expanded.into_iter().map(|p| (first + 1, p)));
        i += 1;
    }
    for (number, line) in code.lines().enumerate() {
        if use_tree(line).is_some() {
            continue;
        }
        for start in ["crate::", "super::", "self::"] {
            let mut from = 0;
            while let Some(i) = line[from..].find(start) {
                let at = from + i;
                let preceded = at > 0 && {
                    let c = line.as_bytes()[at - 1];
                    c.is_ascii_alphanumeric() || c == b'_' || c == b':'
                };
                let path: String = line[at..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                    .collect();
                if !preceded {
                    found.push((number + 1, path.trim_end_matches(':').to_string()));
                }
                from = at + start.len();
            }
        }
    }
    found
        .into_iter()
        .filter(|(_, p)| {
            p.starts_with("crate::") || p.starts_with("super::") || p.starts_with("self::")
        })
        .collect()
}

struct Crate {
    files: BTreeMap<ModPath, usize>,
    sources: Vec<Source>,
}

impl Crate {
    /// The file a path leads to from `module`: the deepest module it names,
    /// or, when it names an item a module re-exports from a submodule
    /// (`pub use child::Item`), that submodule.
    fn resolve(&self, module: &ModPath, path: &str, depth: usize) -> Option<usize> {
        let mut segments = path.split("::").peekable();
        let mut at: ModPath = match segments.peek().copied() {
            Some("crate") => {
                segments.next();
                Vec::new()
            }
            Some("self") => {
                segments.next();
                module.clone()
            }
            _ => module.clone(),
        };
        while segments.peek() == Some(&"super") {
            segments.next();
            at.pop();
        }
        for segment in segments {
            let mut deeper = at.clone();
            deeper.push(segment.to_string());
            if self.files.contains_key(&deeper) {
                at = deeper;
            } else {
                if depth < 4 {
                    if let Some(target) = self.reexport(&at, segment, depth) {
                        return Some(target);
                    }
                }
                break;
            }
        }
        self.files.get(&at).copied()
    }

    /// Where `module` gets `item` from, when it re-exports it.
    fn reexport(&self, module: &ModPath, item: &str, depth: usize) -> Option<usize> {
        let source = &self.sources[*self.files.get(module)?];
        for (_, path) in paths(&code(&source.text)) {
            let last = path.rsplit("::").next().unwrap_or_default();
            let is_pub_use = source
                .text
                .lines()
                .any(|l| l.trim_start().starts_with("pub use") && l.contains(last));
            if last == item && is_pub_use {
                return self.resolve(module, &path, depth + 1);
            }
        }
        // `pub use child::Item;` written without crate/super/self.
        for line in source.text.lines() {
            let line = line.trim();
            if let Some(tree) = line
                .strip_prefix("pub use ")
                .and_then(|l| l.strip_suffix(';'))
            {
                let mut expanded = Vec::new();
                expand("", tree, &mut expanded);
                for path in expanded {
                    if path.rsplit("::").next() == Some(item) && !path.starts_with("crate") {
                        let first = path.split("::").next().unwrap();
                        let mut child = module.clone();
                        child.push(first.to_string());
                        if self.files.contains_key(&child) {
                            return self.resolve(module, &format!("self::{path}"), depth + 1);
                        }
                    }
                }
            }
        }
        None
    }
}

/// The first module written inline in a file (`mod tests {`), with its
/// line. By the house style it is the last thing in the file.
fn inline_module(text: &str) -> Option<(usize, String)> {
    text.lines().enumerate().find_map(|(number, line)| {
        let rest = line.trim_start().strip_prefix("mod ")?;
        let name = rest.strip_suffix(" {")?;
        Some((number + 1, name.to_string()))
    })
}

fn top(module: &ModPath) -> &str {
    module.first().map_or("lib", String::as_str)
}

/// Every import as (from file, to file, line).
fn graph() -> (Crate, Vec<(usize, usize, usize)>) {
    let sources = sources();
    let files = sources
        .iter()
        .enumerate()
        .map(|(i, s)| (s.module.clone(), i))
        .collect();
    let krate = Crate { files, sources };
    let mut edges = BTreeSet::new();
    for (from, source) in krate.sources.iter().enumerate() {
        let inline = inline_module(&source.text);
        for (line, path) in paths(&code(&source.text)) {
            // Inside `mod tests { … }`, `super` is the file's own module.
            let mut module = source.module.clone();
            if let Some((start, name)) = &inline {
                if line > *start {
                    module.push(name.clone());
                }
            }
            if let Some(to) = krate.resolve(&module, &path, 0) {
                if to != from {
                    edges.insert((from, to, line));
                }
            }
        }
    }
    (krate, edges.into_iter().collect())
}

#[test]
fn top_level_modules_depend_only_downwards() {
    let (krate, edges) = graph();
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut wrong = Vec::new();
    for (from, to, line) in &edges {
        let (a, b) = (
            top(&krate.sources[*from].module),
            top(&krate.sources[*to].module),
        );
        let ok = a == b
            || allowed
                .get(a)
                .unwrap_or_else(|| panic!("top-level module `{a}` is not in ALLOWED"))
                .contains(&b);
        if !ok {
            wrong.push(format!(
                "{}:{line} ({a}) uses {} ({b})",
                krate.sources[*from].path.display(),
                krate.sources[*to].path.display()
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "imports that run back up:\n{}",
        wrong.join("\n")
    );
    assert!(edges.len() > 100, "only {} imports were found", edges.len());
}

#[test]
fn no_file_reaches_another_through_a_circle() {
    let (krate, edges) = graph();
    let n = krate.sources.len();
    let mut next: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n];
    for (from, to, _) in &edges {
        next[*from].insert(*to);
    }
    // Tarjan's strongly connected components: any with two or more files
    // is a circle.
    struct State {
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        counter: usize,
        circles: Vec<Vec<usize>>,
    }
    fn visit(v: usize, next: &[BTreeSet<usize>], s: &mut State) {
        s.index[v] = Some(s.counter);
        s.low[v] = s.counter;
        s.counter += 1;
        s.stack.push(v);
        s.on_stack[v] = true;
        for &w in &next[v] {
            match s.index[w] {
                None => {
                    visit(w, next, s);
                    s.low[v] = s.low[v].min(s.low[w]);
                }
                Some(i) if s.on_stack[w] => s.low[v] = s.low[v].min(i),
                _ => {}
            }
        }
        if Some(s.low[v]) == s.index[v] {
            let mut component = Vec::new();
            loop {
                let w = s.stack.pop().unwrap();
                s.on_stack[w] = false;
                component.push(w);
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                s.circles.push(component);
            }
        }
    }
    let mut state = State {
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        counter: 0,
        circles: Vec::new(),
    };
    for v in 0..n {
        if state.index[v].is_none() {
            visit(v, &next, &mut state);
        }
    }
    let described: Vec<String> = state
        .circles
        .iter()
        .map(|c| {
            let names: Vec<String> = c
                .iter()
                .map(|&f| krate.sources[f].path.display().to_string())
                .collect();
            let links: Vec<String> = edges
                .iter()
                .filter(|(a, b, _)| c.contains(a) && c.contains(b))
                .map(|(a, b, line)| {
                    format!(
                        "  {}:{line} → {}",
                        krate.sources[*a].path.display(),
                        krate.sources[*b].path.display()
                    )
                })
                .collect();
            format!("{}\n{}", names.join(" ↔ "), links.join("\n"))
        })
        .collect();
    assert!(described.is_empty(), "circles:\n{}", described.join("\n"));
}

#[test]
fn the_command_line_and_the_kiosk_never_name_the_store_or_write_sql() {
    let mut wrong = Vec::new();
    for source in sources() {
        if !matches!(top(&source.module), "commands" | "kiosk" | "cli") {
            continue;
        }
        for (number, line) in code(&source.text).lines().enumerate() {
            let names_store = line.contains("store::")
                && !line.contains("app::store")
                && line
                    .split("store::")
                    .next()
                    .is_some_and(|before| !before.ends_with("_") && !before.ends_with("kakou_"));
            let sql = [
                "SELECT ",
                "INSERT ",
                "UPDATE ",
                "DELETE FROM",
                "CREATE TABLE",
                "rusqlite",
            ]
            .iter()
            .any(|k| line.contains(k));
            if names_store || sql {
                wrong.push(format!(
                    "{}:{}: {}",
                    source.path.display(),
                    number + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "only `app` may use the store (ARCHITECTURE.md):\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_file_is_longer_than_400_lines() {
    let long: Vec<String> = sources()
        .iter()
        .filter(|s| s.text.lines().count() > MAX_LINES)
        .map(|s| format!("{}: {} lines", s.path.display(), s.text.lines().count()))
        .collect();
    assert!(
        long.is_empty(),
        "files over {MAX_LINES} lines:\n{}",
        long.join("\n")
    );
}
