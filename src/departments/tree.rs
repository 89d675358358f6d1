//! Departments as a tree (a division is a department with departments under it) and what part
//! of it a person may see: the whole city, or the departments they are officer of. Pure.

use std::collections::{BTreeMap, BTreeSet};

/// Every department's code with its parent's code.
#[derive(Debug, Clone, Default)]
pub struct Tree {
    children: BTreeMap<String, Vec<String>>,
    known: BTreeSet<String>,
}

impl Tree {
    pub fn new<I: IntoIterator<Item = (String, Option<String>)>>(departments: I) -> Tree {
        let mut tree = Tree::default();
        for (code, parent) in departments {
            if let Some(p) = parent {
                tree.children.entry(p).or_default().push(code.clone());
            }
            tree.known.insert(code);
        }
        tree
    }

    pub fn contains(&self, code: &str) -> bool {
        self.known.contains(code)
    }

    /// The department and every department under it, however deep (a cycle ends the walk).
    pub fn with_descendants(&self, code: &str) -> BTreeSet<String> {
        let mut found = BTreeSet::new();
        let mut queue = vec![code.to_string()];
        while let Some(c) = queue.pop() {
            if !self.known.contains(&c) || !found.insert(c.clone()) {
                continue;
            }
            if let Some(kids) = self.children.get(&c) {
                queue.extend(kids.iter().cloned());
            }
        }
        found
    }

    /// Whether `code` may be made part of `parent`: not itself, nor a department under it.
    pub fn may_be_under(&self, code: &str, parent: &str) -> bool {
        code != parent && !self.with_descendants(code).contains(parent)
    }

    /// The departments directly under `code`.
    pub fn children(&self, code: &str) -> Vec<String> {
        let mut kids = self.children.get(code).cloned().unwrap_or_default();
        kids.sort();
        kids
    }
}

/// What part of the city a person's department reports and assignments may reach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reach {
    /// Trainers and administrators.
    City,
    /// A customer service officer: their departments and every department under them.
    Departments(BTreeSet<String>),
}

impl Reach {
    /// The reach of an officer of `codes` (none: reaches nothing).
    pub fn officer_of(tree: &Tree, codes: &[String]) -> Reach {
        Reach::Departments(
            codes
                .iter()
                .flat_map(|c| tree.with_descendants(c))
                .collect(),
        )
    }

    pub fn covers(&self, code: &str) -> bool {
        match self {
            Reach::City => true,
            Reach::Departments(codes) => codes.contains(code),
        }
    }

    pub fn is_nothing(&self) -> bool {
        matches!(self, Reach::Departments(c) if c.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn city() -> Tree {
        Tree::new([
            ("PW".to_string(), None),
            ("PW-ROADS".to_string(), Some("PW".to_string())),
            ("PW-ROADS-N".to_string(), Some("PW-ROADS".to_string())),
            ("LIB".to_string(), None),
        ])
    }

    #[test]
    fn a_division_reaches_every_department_under_it() {
        let codes: Vec<_> = city().with_descendants("PW").into_iter().collect();
        assert_eq!(codes, ["PW", "PW-ROADS", "PW-ROADS-N"]);
        assert_eq!(city().children("PW"), ["PW-ROADS"]);
    }

    #[test]
    fn a_department_cannot_be_put_under_itself_or_its_divisions() {
        assert!(!city().may_be_under("PW", "PW"));
        assert!(!city().may_be_under("PW", "PW-ROADS-N"));
        assert!(city().may_be_under("PW-ROADS", "LIB"));
    }

    #[test]
    fn an_unknown_department_reaches_nothing() {
        assert!(city().with_descendants("NOPE").is_empty());
    }

    #[test]
    fn an_officer_sees_their_departments_and_nothing_else() {
        let reach = Reach::officer_of(&city(), &["PW-ROADS".to_string()]);
        assert!(reach.covers("PW-ROADS"));
        assert!(reach.covers("PW-ROADS-N"));
        assert!(!reach.covers("PW"));
        assert!(!reach.covers("LIB"));
        assert!(Reach::officer_of(&city(), &[]).is_nothing());
        assert!(Reach::City.covers("LIB"));
    }

    #[test]
    fn a_cycle_in_the_parents_ends_the_walk() {
        let tree = Tree::new([
            ("A".to_string(), Some("B".to_string())),
            ("B".to_string(), Some("A".to_string())),
        ]);
        assert_eq!(tree.with_descendants("A").len(), 2);
    }
}
