//! Catalog search: free text over title, summary and topics, filters by topic and audience,
//! and a sort order. Pure, so the rules are tested without a server.

use super::CourseCard;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Title,
    Shortest,
    Longest,
}

impl Sort {
    pub fn parse(value: &str) -> Sort {
        match value {
            "shortest" => Sort::Shortest,
            "longest" => Sort::Longest,
            _ => Sort::Title,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Title => "title",
            Sort::Shortest => "shortest",
            Sort::Longest => "longest",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub text: String,
    pub topic: String,
    pub audience: String,
    pub sort: Sort,
}

/// The cards matching every word of the text and the chosen filters, in the chosen order.
pub fn search(cards: &[CourseCard], query: &Query) -> Vec<CourseCard> {
    let words: Vec<String> = query
        .text
        .split_whitespace()
        .take(12)
        .map(|w| w.to_lowercase())
        .collect();
    let mut found: Vec<CourseCard> = cards
        .iter()
        .filter(|c| query.topic.is_empty() || c.topics.contains(&query.topic))
        .filter(|c| query.audience.is_empty() || c.audience.contains(&query.audience))
        .filter(|c| {
            if words.is_empty() {
                return true;
            }
            let haystack =
                format!("{} {} {}", c.title, c.summary, c.topics.join(" ")).to_lowercase();
            words.iter().all(|w| haystack.contains(w.as_str()))
        })
        .cloned()
        .collect();
    match query.sort {
        Sort::Title => found.sort_by_key(|c| c.title.to_lowercase()),
        Sort::Shortest => found.sort_by_key(|c| (c.minutes, c.title.to_lowercase())),
        Sort::Longest => {
            found.sort_by_key(|c| (std::cmp::Reverse(c.minutes), c.title.to_lowercase()))
        }
    }
    found
}

/// Every distinct value of a list field, sorted, for a filter's choices.
pub fn choices<'a>(values: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut v: Vec<String> = values.cloned().collect();
    v.sort();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(title: &str, topics: &[&str], audience: &[&str], minutes: u32) -> CourseCard {
        CourseCard {
            slug: title.to_lowercase().replace(' ', "-"),
            title: title.into(),
            summary: format!("About {title}"),
            topics: topics.iter().map(|s| s.to_string()).collect(),
            audience: audience.iter().map(|s| s.to_string()).collect(),
            minutes,
            lessons: 4,
            session_required: false,
        }
    }

    fn cards() -> Vec<CourseCard> {
        vec![
            card("Open Data", &["Open data"], &["all-staff"], 90),
            card(
                "Hospitality Lens",
                &["Hospitality", "Customer focus"],
                &["front-line"],
                120,
            ),
            card(
                "Who Is Our Customer",
                &["Customer focus"],
                &["all-staff"],
                60,
            ),
        ]
    }

    #[test]
    fn every_word_must_match_somewhere() {
        let q = Query {
            text: "customer HOSPITALITY".into(),
            ..Default::default()
        };
        let found = search(&cards(), &q);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].title, "Hospitality Lens");
    }

    #[test]
    fn filters_combine_with_the_text() {
        let q = Query {
            topic: "Customer focus".into(),
            audience: "all-staff".into(),
            ..Default::default()
        };
        let titles: Vec<String> = search(&cards(), &q).into_iter().map(|c| c.title).collect();
        assert_eq!(titles, ["Who Is Our Customer"]);
    }

    #[test]
    fn sort_orders_by_title_or_length() {
        let titles = |sort| {
            search(
                &cards(),
                &Query {
                    sort,
                    ..Default::default()
                },
            )
            .into_iter()
            .map(|c| c.title)
            .collect::<Vec<_>>()
        };
        assert_eq!(
            titles(Sort::Title),
            ["Hospitality Lens", "Open Data", "Who Is Our Customer"]
        );
        assert_eq!(titles(Sort::Shortest)[0], "Who Is Our Customer");
        assert_eq!(titles(Sort::Longest)[0], "Hospitality Lens");
        assert_eq!(Sort::parse("nonsense"), Sort::Title);
    }

    #[test]
    fn no_match_is_an_empty_list_not_an_error() {
        let q = Query {
            text: "zebra".into(),
            ..Default::default()
        };
        assert!(search(&cards(), &q).is_empty());
    }
}
