//! The house's rules, checked on its own source: no import circle spans two top-level modules of
//! `src/` ("domains"), `src/ui/` is a leaf library of components, and files stay readable.
//!
//! It reads every `src/**/*.rs` as text, resolves `use crate::…`, `crate::…`, `super::…`,
//! `self::…` (and a child module's name) to the file that holds it, builds the file import
//! graph and finds its strongly connected components (Tarjan). Run it with `--nocapture` for the
//! figures: files, lines, the biggest files, and every circle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// No file in `src/` longer than this (a file should read in one sitting).
const LINE_LIMIT: usize = 450;

/// No `#[server]` function longer than this, from its `fn` line to its closing brace: who asks,
/// may they, call a service or store, map the error. Rules and SQL live elsewhere.
const SERVER_FN_LINES: usize = 35;

/// What `src/ui/` may import besides itself: the neutral helpers every layer uses.
const UI_MAY_IMPORT: &[&str] = &["ui", "text", "error"];

struct File {
    /// `src/a/b.rs`, relative to the crate.
    path: String,
    /// The module path: `src/a/b.rs` and `src/a/b/mod.rs` are `["a", "b"]`; `lib.rs` is `[]`.
    module: Vec<String>,
    lines: usize,
    /// The code with comments and string literals blanked, cut before its unit tests.
    code: String,
}

impl File {
    /// The top-level module of `src/` the file belongs to.
    fn domain(&self) -> &str {
        match self.module.first() {
            Some(d) => d,
            None => self.path.trim_start_matches("src/").trim_end_matches(".rs"),
        }
    }
}

/// The checkout whose `src/` is read: this one, or `ARCHITECTURE_ROOT` (another checkout, for
/// the figures before a change without building that tree).
fn crate_root() -> PathBuf {
    std::env::var_os("ARCHITECTURE_ROOT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src/ is readable")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn module_of(relative: &str) -> Vec<String> {
    let inner = relative.trim_start_matches("src/").trim_end_matches(".rs");
    if inner == "lib" || inner == "main" {
        return vec![];
    }
    let mut parts: Vec<String> = inner.split('/').map(str::to_string).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// Blanks comments, string and character literals (keeping line breaks), so that only code is
/// searched for paths.
fn strip(source: &str) -> String {
    let b = source.as_bytes();
    let mut out = String::with_capacity(b.len());
    let mut i = 0;
    let blank = |out: &mut String, s: &[u8]| {
        for &c in s {
            out.push(if c == b'\n' { '\n' } else { ' ' });
        }
    };
    while i < b.len() {
        let c = b[i];
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            let end = source[i..].find('\n').map_or(b.len(), |n| i + n);
            blank(&mut out, &b[i..end]);
            i = end;
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            let (mut depth, mut j) = (1, i + 2);
            while j < b.len() && depth > 0 {
                if b[j] == b'/' && b.get(j + 1) == Some(&b'*') {
                    depth += 1;
                    j += 2;
                } else if b[j] == b'*' && b.get(j + 1) == Some(&b'/') {
                    depth -= 1;
                    j += 2;
                } else {
                    j += 1;
                }
            }
            blank(&mut out, &b[i..j]);
            i = j;
        } else if c == b'r'
            && (b.get(i + 1) == Some(&b'"') || b.get(i + 1) == Some(&b'#'))
            && (i == 0 || !is_ident(b[i - 1]))
        {
            let hashes = b[i + 1..].iter().take_while(|&&h| h == b'#').count();
            if b.get(i + 1 + hashes) != Some(&b'"') {
                out.push('r');
                i += 1;
                continue;
            }
            let close = format!("\"{}", "#".repeat(hashes));
            let start = i + 2 + hashes;
            let end = source[start..]
                .find(&close)
                .map_or(b.len(), |n| start + n + close.len());
            blank(&mut out, &b[i..end]);
            i = end;
        } else if c == b'"' {
            let mut j = i + 1;
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            let end = (j + 1).min(b.len());
            blank(&mut out, &b[i..end]);
            i = end;
        } else if c == b'\'' {
            // A character literal ('x', '\n', '\u{..}'), or else a lifetime or label.
            let end = if b.get(i + 1) == Some(&b'\\') {
                source[i + 2..].find('\'').map(|n| i + 2 + n + 1)
            } else {
                let ch = source[i + 1..].chars().next().map_or(1, char::len_utf8);
                (b.get(i + 1 + ch) == Some(&b'\'')).then_some(i + 2 + ch)
            };
            match end {
                Some(end) => {
                    blank(&mut out, &b[i..end]);
                    i = end;
                }
                None => {
                    out.push('\'');
                    i += 1;
                }
            }
        } else {
            let ch = source[i..].chars().next().expect("a character");
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// The source without its unit tests: everything from `#[cfg(test)]` + `mod tests` on.
fn without_tests(source: &str) -> &str {
    let mut from = 0;
    while let Some(n) = source[from..].find("#[cfg(test)]") {
        let at = from + n;
        let rest = source[at + "#[cfg(test)]".len()..].trim_start();
        if rest.starts_with("mod tests") {
            return &source[..at];
        }
        from = at + 1;
    }
    source
}

fn load() -> Vec<File> {
    let root = crate_root();
    let mut paths = Vec::new();
    rust_files(&root.join("src"), &mut paths);
    paths
        .iter()
        .map(|p| {
            let path = p
                .strip_prefix(&root)
                .expect("under the crate")
                .to_string_lossy()
                .replace('\\', "/");
            let source = std::fs::read_to_string(p).expect("a readable source file");
            File {
                module: module_of(&path),
                lines: source.lines().count(),
                code: strip(without_tests(&source)),
                path,
            }
        })
        .collect()
}

/// The paths of a `use` tree, each as its segments: `a::{b, c::{d, self}}` gives `a::b`,
/// `a::c::d` and `a::c`.
fn use_paths(tree: &str) -> Vec<Vec<String>> {
    fn walk(prefix: &[String], tree: &str, out: &mut Vec<Vec<String>>) {
        let tree = tree.trim();
        if tree.is_empty() {
            return;
        }
        if let Some(open) = tree.find('{') {
            let head: Vec<String> = segments(&tree[..open]);
            let close = tree.rfind('}').unwrap_or(tree.len());
            let mut path = prefix.to_vec();
            path.extend(head);
            let inner = &tree[open + 1..close];
            let (mut depth, mut start) = (0, 0);
            for (i, c) in inner.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        walk(&path, &inner[start..i], out);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            walk(&path, &inner[start..], out);
        } else {
            let tree = tree.split(" as ").next().unwrap_or(tree);
            let mut path = prefix.to_vec();
            for s in segments(tree) {
                if s != "self" || path.is_empty() {
                    path.push(s);
                }
            }
            out.push(path);
        }
    }
    let mut out = Vec::new();
    walk(&[], tree, &mut out);
    out
}

fn segments(path: &str) -> Vec<String> {
    path.split("::")
        .map(str::trim)
        .filter(|s| !s.is_empty() && *s != "*")
        .map(str::to_string)
        .collect()
}

/// Every path the code names, with where it starts: the trees of its `use` items, and `a::b…`
/// paths elsewhere.
fn named_paths(code: &str) -> Vec<(usize, Vec<String>)> {
    let b = code.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let at_word = i == 0 || !(is_ident(b[i - 1]) || b[i - 1] == b':');
        if !at_word || !is_ident(b[i]) {
            i += 1;
            continue;
        }
        let word_end = i + b[i..].iter().take_while(|&&c| is_ident(c)).count();
        let word = &code[i..word_end];
        if word == "use"
            && let Some(n) = code[word_end..].find(';')
        {
            out.extend(
                use_paths(&code[word_end..word_end + n])
                    .into_iter()
                    .map(|p| (i, p)),
            );
            i = word_end + n + 1;
            continue;
        }
        // A path: identifiers joined by `::` (generic arguments end it).
        let mut j = word_end;
        let mut path = vec![word.to_string()];
        while code[j..].starts_with("::") {
            let k = j + 2;
            let n = b[k..].iter().take_while(|&&c| is_ident(c)).count();
            if n == 0 {
                break;
            }
            path.push(code[k..k + n].to_string());
            j = k + n;
        }
        if path.len() > 1 {
            out.push((i, path));
        }
        i = j.max(word_end);
    }
    out
}

/// The inline modules of a file (`mod ssr { … }`): where each one's body starts and ends, and
/// its name, so that `super::` and `self::` inside one mean what they mean to the compiler.
fn inline_modules(code: &str) -> Vec<(usize, usize, String)> {
    let b = code.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(n) = code[from..].find("mod ") {
        let at = from + n;
        from = at + 4;
        if at > 0 && is_ident(b[at - 1]) {
            continue;
        }
        let name_len = b[from..].iter().take_while(|&&c| is_ident(c)).count();
        let after = code[from + name_len..].trim_start();
        if name_len == 0 || !after.starts_with('{') {
            continue;
        }
        let open = code.len() - after.len();
        let mut depth = 0;
        let close = (open..b.len())
            .find(|&j| {
                match b[j] {
                    b'{' => depth += 1,
                    b'}' => depth -= 1,
                    _ => {}
                }
                depth == 0
            })
            .unwrap_or(b.len());
        out.push((open, close, code[from..from + name_len].to_string()));
    }
    out
}

struct Graph {
    files: Vec<File>,
    /// Index of each module path's file.
    by_module: BTreeMap<Vec<String>, usize>,
    /// `edges[a]`: the files `a` imports, each with one path that names it.
    edges: Vec<BTreeMap<usize, String>>,
}

impl Graph {
    fn build() -> Graph {
        let files = load();
        let by_module: BTreeMap<Vec<String>, usize> = files
            .iter()
            .enumerate()
            .filter(|(_, f)| f.path != "src/main.rs")
            .map(|(i, f)| (f.module.clone(), i))
            .collect();
        let mut graph = Graph {
            edges: vec![BTreeMap::new(); files.len()],
            files,
            by_module,
        };
        for from in 0..graph.files.len() {
            let inline = inline_modules(&graph.files[from].code);
            for (at, path) in named_paths(&graph.files[from].code) {
                let within: Vec<String> = inline
                    .iter()
                    .filter(|(open, close, _)| (*open..*close).contains(&at))
                    .map(|(_, _, name)| name.clone())
                    .collect();
                if let Some(to) = graph.resolve(from, &within, &path)
                    && to != from
                {
                    graph.edges[from]
                        .entry(to)
                        .or_insert_with(|| path.join("::"));
                }
            }
        }
        graph
    }

    /// The file a path in `from` (inside its inline modules `within`) leads to: the longest
    /// module prefix that is a file.
    fn resolve(&self, from: usize, within: &[String], path: &[String]) -> Option<usize> {
        let file = &self.files[from];
        let here: &Vec<String> = &file.module.iter().chain(within).cloned().collect();
        let binary = file.path == "src/main.rs";
        let (mut module, rest): (Vec<String>, &[String]) = match path[0].as_str() {
            "crate" if !binary => (vec![], &path[1..]),
            "academy" if binary => (vec![], &path[1..]),
            "self" => (here.clone(), &path[1..]),
            "super" => {
                let ups = path.iter().take_while(|s| *s == "super").count();
                let keep = here.len().checked_sub(ups)?;
                (here[..keep].to_vec(), &path[ups..])
            }
            // A child module named directly (`store::find`, `pub use library::Library`).
            child => {
                let mut m = here.clone();
                m.push(child.to_string());
                if binary || !self.by_module.contains_key(&m) {
                    return None;
                }
                (here.clone(), path)
            }
        };
        module.extend(rest.iter().cloned());
        self.longest(&module)
    }

    fn longest(&self, module: &[String]) -> Option<usize> {
        (0..=module.len())
            .rev()
            .find_map(|n| self.by_module.get(&module[..n]).copied())
    }

    /// Strongly connected components of more than one file (Tarjan's algorithm).
    fn circles(&self) -> Vec<Vec<usize>> {
        struct Tarjan<'a> {
            edges: &'a [BTreeMap<usize, String>],
            index: Vec<Option<usize>>,
            low: Vec<usize>,
            on_stack: Vec<bool>,
            stack: Vec<usize>,
            next: usize,
            out: Vec<Vec<usize>>,
        }
        impl Tarjan<'_> {
            fn visit(&mut self, v: usize) {
                self.index[v] = Some(self.next);
                self.low[v] = self.next;
                self.next += 1;
                self.stack.push(v);
                self.on_stack[v] = true;
                for &w in self.edges[v].keys() {
                    match self.index[w] {
                        None => {
                            self.visit(w);
                            self.low[v] = self.low[v].min(self.low[w]);
                        }
                        Some(i) if self.on_stack[w] => self.low[v] = self.low[v].min(i),
                        Some(_) => {}
                    }
                }
                if Some(self.low[v]) == self.index[v] {
                    let mut component = Vec::new();
                    while let Some(w) = self.stack.pop() {
                        self.on_stack[w] = false;
                        component.push(w);
                        if w == v {
                            break;
                        }
                    }
                    if component.len() > 1 {
                        component.sort();
                        self.out.push(component);
                    }
                }
            }
        }
        let n = self.files.len();
        let mut t = Tarjan {
            edges: &self.edges,
            index: vec![None; n],
            low: vec![0; n],
            on_stack: vec![false; n],
            stack: Vec::new(),
            next: 0,
            out: Vec::new(),
        };
        for v in 0..n {
            if t.index[v].is_none() {
                t.visit(v);
            }
        }
        t.out.sort_by_key(|c| std::cmp::Reverse(c.len()));
        t.out
    }

    fn domains(&self, component: &[usize]) -> BTreeSet<&str> {
        component.iter().map(|&f| self.files[f].domain()).collect()
    }

    /// The circle as text: its files, then the arrows that tie it (only those between domains,
    /// when it spans several).
    fn describe(&self, component: &[usize]) -> String {
        let members: BTreeSet<usize> = component.iter().copied().collect();
        let across = self.domains(component).len() > 1;
        let mut text = format!(
            "{} files in {:?}:\n",
            component.len(),
            self.domains(component)
        );
        for &f in component {
            text.push_str(&format!("    {}\n", self.files[f].path));
        }
        text.push_str(if across {
            "  arrows between domains:\n"
        } else {
            "  arrows:\n"
        });
        for &f in component {
            for (&to, via) in &self.edges[f] {
                if members.contains(&to)
                    && (!across || self.files[f].domain() != self.files[to].domain())
                {
                    text.push_str(&format!(
                        "    {} -> {}  ({via})\n",
                        self.files[f].path, self.files[to].path
                    ));
                }
            }
        }
        text
    }
}

#[test]
fn the_architecture_check_reads_paths_as_the_compiler_does() {
    assert_eq!(
        use_paths(" crate::a::{b, c::{d as e, self}, f::*}"),
        vec![
            segments("crate::a::b"),
            segments("crate::a::c::d"),
            segments("crate::a::c"),
            segments("crate::a::f"),
        ]
    );
    let code =
        strip("let s = \"crate::x::y\"; // crate::z\nlet c = 'a'; fn f<'a>() {} crate::w::v();");
    assert_eq!(
        named_paths(&code)
            .into_iter()
            .map(|(_, p)| p)
            .collect::<Vec<_>>(),
        vec![segments("crate::w::v")]
    );
    let code = "mod ssr { use super::x; }\nmod tests;";
    assert_eq!(inline_modules(code), vec![(8, 24, "ssr".to_string())]);
    assert_eq!(
        without_tests("fn a() {}\n#[cfg(test)]\nmod tests {}\n"),
        "fn a() {}\n"
    );
}

#[test]
fn no_import_circle_spans_two_domains() {
    let graph = Graph::build();
    let total: usize = graph.files.iter().map(|f| f.lines).sum();
    println!(
        "src/: {} files, {total} lines, {} imports between files",
        graph.files.len(),
        graph.edges.iter().map(BTreeMap::len).sum::<usize>()
    );
    let mut biggest: Vec<&File> = graph.files.iter().collect();
    biggest.sort_by_key(|f| std::cmp::Reverse(f.lines));
    println!("biggest files:");
    for f in biggest.iter().take(12) {
        println!("  {:5} {}", f.lines, f.path);
    }
    let circles = graph.circles();
    println!("import circles: {}", circles.len());
    let mut refused = Vec::new();
    for c in &circles {
        let domains = graph.domains(c);
        let verdict = if domains.len() == 1 {
            "inside one domain (allowed)"
        } else {
            refused.push(c);
            "ACROSS DOMAINS"
        };
        println!("- {verdict}: {}", graph.describe(c));
    }
    assert!(
        refused.is_empty(),
        "{} import circle(s) span domains:\n{}",
        refused.len(),
        refused
            .iter()
            .map(|c| graph.describe(c))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn ui_is_a_leaf_library_of_components() {
    let graph = Graph::build();
    let mut wrong = Vec::new();
    for (from, file) in graph.files.iter().enumerate() {
        if file.domain() != "ui" {
            continue;
        }
        for (&to, via) in &graph.edges[from] {
            let target = &graph.files[to];
            if !UI_MAY_IMPORT.contains(&target.domain()) {
                wrong.push(format!("{} -> {}  ({via})", file.path, target.path));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "src/ui/ may import only {UI_MAY_IMPORT:?}; it imports:\n  {}",
        wrong.join("\n  ")
    );
}

#[test]
fn no_source_file_is_longer_than_the_limit() {
    let graph = Graph::build();
    let over: Vec<String> = graph
        .files
        .iter()
        .filter(|f| f.lines > LINE_LIMIT)
        .map(|f| format!("{} ({} lines)", f.path, f.lines))
        .collect();
    assert!(
        over.is_empty(),
        "files over {LINE_LIMIT} lines (split them by meaning):\n  {}",
        over.join("\n  ")
    );
}

/// Each `#[server]` function of a file: its name and its length in lines, from the `fn` line to
/// the closing brace (the code is stripped, so braces in strings and comments do not count).
fn server_functions(file: &File) -> Vec<(String, usize)> {
    let code = &file.code;
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = code[from..].find("#[server") {
        let start = from + at;
        let Some(fn_at) = code[start..].find("fn ").map(|n| start + n) else {
            break;
        };
        let name: String = code[fn_at + 3..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let Some(open) = code[fn_at..].find('{').map(|n| fn_at + n) else {
            break;
        };
        let mut depth = 0usize;
        let mut end = open;
        for (i, c) in code[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + i;
                        break;
                    }
                }
                _ => {}
            }
        }
        found.push((name, code[fn_at..=end].lines().count()));
        from = end.max(start + 1);
    }
    found
}

#[test]
fn server_functions_are_a_few_lines() {
    let graph = Graph::build();
    let mut all: Vec<(usize, String)> = graph
        .files
        .iter()
        .flat_map(|f| {
            server_functions(f)
                .into_iter()
                .map(|(name, lines)| (lines, format!("{}::{name}", f.path)))
        })
        .collect();
    all.sort_by(|a, b| b.cmp(a));
    assert!(
        all.len() > 50,
        "the check found only {} server functions: it no longer reads them",
        all.len()
    );
    println!("server functions: {}; the longest:", all.len());
    for (lines, name) in all.iter().take(8) {
        println!("  {lines:4} {name}");
    }
    let long: Vec<String> = all
        .iter()
        .filter(|(lines, _)| *lines > SERVER_FN_LINES)
        .map(|(lines, name)| format!("{name} ({lines} lines)"))
        .collect();
    assert!(
        long.is_empty(),
        "server functions over {SERVER_FN_LINES} lines (move the work into a service file):\n  {}",
        long.join("\n  ")
    );
}
