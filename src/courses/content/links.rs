//! Turning relative Markdown link and image targets into site URLs,
//! plus slugs, lesson file names and YouTube video ids.

use std::collections::HashSet;

/// Image file extensions allowed in a course's `images/` folder.
pub const IMAGE_EXTENSIONS: [&str; 6] = ["png", "jpg", "jpeg", "gif", "svg", "webp"];

/// `[a-z0-9-]+`.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Lower-case ASCII letters and digits joined by single hyphens; apostrophes vanish.
/// Never empty: falls back to `section`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if matches!(c, '\'' | '\u{2019}') {
            continue;
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        slug.push_str("section");
    }
    slug
}

/// `NN-slug.md` → `(NN, slug)`, with exactly two digits.
pub fn parse_lesson_name(name: &str) -> Option<(u32, &str)> {
    let stem = name.strip_suffix(".md")?;
    let (digits, slug) = stem.split_at_checked(2)?;
    let slug = slug.strip_prefix('-')?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) || !is_slug(slug) {
        return None;
    }
    Some((digits.parse().ok()?, slug))
}

/// The 11-character id of `https://www.youtube.com/watch?v=ID` or `https://youtu.be/ID`.
pub fn youtube_id(url: &str) -> Option<&str> {
    let id = [
        "https://www.youtube.com/watch?v=",
        "https://youtube.com/watch?v=",
        "https://youtu.be/",
    ]
    .iter()
    .find_map(|prefix| url.strip_prefix(prefix))?;
    let valid = id.len() == 11
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    valid.then_some(id)
}

/// Whether `url` starts with a URL scheme such as `https:` or `javascript:`.
fn has_scheme(url: &str) -> bool {
    match url.split_once(':') {
        Some((scheme, _)) => {
            let mut bytes = scheme.bytes();
            bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
                && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        }
        None => false,
    }
}

/// Targets left alone: empty, in-page anchors, site-absolute paths and URLs with a scheme
/// (the sanitiser later drops every scheme but http, https and mailto).
fn is_external(dest: &str) -> bool {
    dest.is_empty() || dest.starts_with('#') || dest.starts_with('/') || has_scheme(dest)
}

/// Decodes `%XX` escapes; invalid escapes are kept as written.
fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
            Some(b) if bytes[i] == b'%' => {
                out.push(b);
                i += 3;
            }
            _ => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Resolves `rel` against the folder `dir` (both relative to the courses folder).
/// `None` when the path climbs out of the courses folder.
fn join(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            _ => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// The site URL of a file of the courses folder, given relative to it.
fn site_url(path: &str) -> Option<String> {
    let parts: Vec<&str> = path.split('/').collect();
    match parts.as_slice() {
        ["glossary.md"] => Some("/glossary".into()),
        ["case-studies", file] => Some(format!("/case-studies/{}", file.strip_suffix(".md")?)),
        [course, "course.md"] => Some(format!("/courses/{course}")),
        [course, "check.md"] => Some(format!("/courses/{course}/check")),
        [course, "images", file] if is_image_name(file) => {
            Some(format!("/course-assets/{course}/images/{file}"))
        }
        [course, file] => Some(format!("/courses/{course}/{}", parse_lesson_name(file)?.1)),
        _ => None,
    }
}

/// Whether a file name has one of the allowed image extensions.
pub fn is_image_name(name: &str) -> bool {
    name.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty() && IMAGE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
    })
}

/// A link target from a document in folder `dir`: `Ok(None)` to leave it as written,
/// `Ok(Some(url))` to rewrite it, `Err(message)` when it is broken.
pub fn resolve_link(
    dest: &str,
    dir: &str,
    files: &HashSet<String>,
) -> Result<Option<String>, String> {
    if is_external(dest) {
        return Ok(None);
    }
    let cut = dest.find(['#', '?']).unwrap_or(dest.len());
    let (path, suffix) = dest.split_at(cut);
    let resolved = join(dir, &percent_decode(path)).filter(|p| files.contains(p));
    let Some(resolved) = resolved else {
        return Err(format!("broken link \"{dest}\""));
    };
    match site_url(&resolved) {
        Some(url) => Ok(Some(url + suffix)),
        None => Err(format!(
            "link \"{dest}\" must point to a course, lesson, case study, the glossary or an image"
        )),
    }
}

/// An image source from a document in folder `dir`, like `resolve_link`;
/// local images must live in a course's `images/` folder.
pub fn resolve_image(
    dest: &str,
    dir: &str,
    files: &HashSet<String>,
) -> Result<Option<String>, String> {
    if is_external(dest) {
        return Ok(None);
    }
    let resolved = join(dir, &percent_decode(dest)).filter(|p| files.contains(p));
    let Some(resolved) = resolved else {
        return Err(format!("missing image \"{dest}\""));
    };
    match site_url(&resolved) {
        Some(url) if url.starts_with("/course-assets/") => Ok(Some(url)),
        _ => Err(format!(
            "image \"{dest}\" must be in a course's images folder ({})",
            IMAGE_EXTENSIONS.join(", ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> HashSet<String> {
        [
            "a/course.md",
            "a/01-intro.md",
            "a/check.md",
            "a/images/x.png",
            "b/course.md",
            "case-studies/cs.md",
            "glossary.md",
            "README.md",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }

    #[test]
    fn slugs_are_lower_case_words_joined_by_hyphens() {
        assert_eq!(
            slugify("The City's  Front Line: 2024!"),
            "the-citys-front-line-2024"
        );
        assert_eq!(slugify("¿?"), "section");
        assert!(is_slug("who-is-2") && !is_slug("Who") && !is_slug(""));
    }

    #[test]
    fn lesson_file_names_need_two_digits_a_hyphen_and_a_slug() {
        assert_eq!(parse_lesson_name("01-intro.md"), Some((1, "intro")));
        assert_eq!(parse_lesson_name("12-a-b.md"), Some((12, "a-b")));
        for bad in [
            "1-intro.md",
            "001-intro.md",
            "01_intro.md",
            "01-Intro.md",
            "01-.md",
            "01-intro.txt",
        ] {
            assert_eq!(parse_lesson_name(bad), None, "{bad}");
        }
    }

    #[test]
    fn youtube_ids_are_found_only_in_the_two_supported_url_forms() {
        assert_eq!(
            youtube_id("https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
            Some("dQw4w9WgXcQ")
        );
        assert_eq!(
            youtube_id("https://youtu.be/dQw4w9WgX_-"),
            Some("dQw4w9WgX_-")
        );
        assert_eq!(youtube_id("https://youtu.be/short"), None);
        assert_eq!(youtube_id("https://evil.example/watch?v=dQw4w9WgXcQ"), None);
        assert_eq!(youtube_id("https://youtu.be/dQw4w9WgXcQ\"><script>"), None);
    }

    #[test]
    fn relative_links_become_site_urls() {
        let f = files();
        let ok = |dest: &str, dir: &str| resolve_link(dest, dir, &f).unwrap();
        assert_eq!(ok("01-intro.md", "a").unwrap(), "/courses/a/intro");
        assert_eq!(
            ok("01-intro.md#part-2", "a").unwrap(),
            "/courses/a/intro#part-2"
        );
        assert_eq!(ok("course.md", "a").unwrap(), "/courses/a");
        assert_eq!(ok("../b/course.md", "a").unwrap(), "/courses/b");
        assert_eq!(
            ok("../a/01-intro.md", "case-studies").unwrap(),
            "/courses/a/intro"
        );
        assert_eq!(
            ok("../case-studies/cs.md", "a").unwrap(),
            "/case-studies/cs"
        );
        assert_eq!(ok("./cs.md", "case-studies").unwrap(), "/case-studies/cs");
        assert_eq!(ok("../glossary.md", "a").unwrap(), "/glossary");
        for external in [
            "https://x.example",
            "mailto:a@b.example",
            "#top",
            "/glossary",
            "javascript:alert(1)",
        ] {
            assert_eq!(ok(external, "a"), None);
        }
    }

    #[test]
    fn links_to_missing_or_unsupported_files_are_errors() {
        let f = files();
        assert_eq!(
            resolve_link("02-next.md", "a", &f),
            Err("broken link \"02-next.md\"".into())
        );
        assert_eq!(
            resolve_link("../../etc/passwd", "a", &f),
            Err("broken link \"../../etc/passwd\"".into())
        );
        assert!(
            resolve_link("../README.md", "a", &f)
                .unwrap_err()
                .starts_with("link \"../README.md\" must point to")
        );
    }

    #[test]
    fn images_resolve_into_course_assets() {
        let f = files();
        assert_eq!(
            resolve_image("images/x.png", "a", &f).unwrap().unwrap(),
            "/course-assets/a/images/x.png"
        );
        assert_eq!(
            resolve_image("../a/images/x.png", "case-studies", &f)
                .unwrap()
                .unwrap(),
            "/course-assets/a/images/x.png"
        );
        assert_eq!(
            resolve_image("images/y.png", "a", &f),
            Err("missing image \"images/y.png\"".into())
        );
        assert!(
            resolve_image("course.md", "a", &f)
                .unwrap_err()
                .contains("must be in a course's images folder")
        );
        assert_eq!(resolve_image("https://x.example/a.png", "a", &f), Ok(None));
    }

    #[test]
    fn percent_escapes_in_paths_are_decoded() {
        assert_eq!(percent_decode("a%20b%zz%"), "a b%zz%");
    }
}
