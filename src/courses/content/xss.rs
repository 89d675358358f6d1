//! Security tests: OWASP XSS filter-evasion vectors placed in lessons, glossary
//! definitions and check explanations must come out harmless.

use super::testkit::{self, TempCourses};

#[test]
fn each_xss_vector_alone_is_neutralised() {
    for vector in VECTORS {
        let (rendered, _) = testkit::render_at(&format!("[[Front line]] {vector}\n\nAfter."), 1);
        assert_safe(&rendered.html, 0);
        assert!(
            rendered.html.contains("role=\"tooltip\""),
            "{}",
            rendered.html
        );
    }
}

/// Vectors from the OWASP XSS filter-evasion cheat sheet and friends, one per line.
const VECTORS: [&str; 33] = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">a</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">b</a>",
    "<a href=\"&#106;avascript:alert(1)\">c</a>",
    "<a href=\"&#x6A;&#x61;vascript&colon;alert(1)\">d</a>",
    "<a href=\"java\tscript:alert(1)\">e</a>",
    "<a href=\"  javascript:alert(1)\">f</a>",
    "<svg onload=alert(1)>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<iframe src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ\"></iframe>",
    "<body onload=alert(1)>",
    "<div style=\"background:url(javascript:alert(1))\">g</div>",
    "<object data=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "[h](javascript:alert(1))",
    "[i](<javascript:alert(1)>)",
    "[j](data:text/html;base64,PHNjcmlwdD4=)",
    "![k](javascript:alert(1))",
    "![l](data:image/svg+xml;base64,PHN2Zz4=)",
    "<a href=\"vbscript:msgbox(1)\">m</a>",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<form action=\"javascript:alert(1)\"><input type=submit></form>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<link rel=stylesheet href=\"javascript:alert(1)\">",
    "<style>@import 'javascript:alert(1)';</style>",
    "<details open ontoggle=alert(1)>n</details>",
    "<scr<script>ipt>alert(1)</script>",
    "<a href=\"data:text/html,<script>alert(1)</script>\" onclick=alert(1)>o</a>",
    "\"><script>alert(1)</script>",
    // Last: an unclosed <math> swallows the rest of the document, as in a browser.
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
];

fn assert_safe(html: &str, allowed_iframes: usize) {
    let lower = html.to_ascii_lowercase();
    for bad in [
        "<script",
        "onerror",
        "onload",
        "ontoggle",
        "onclick",
        "javascript:",
        "vbscript:",
        "data:",
        "<object",
        "<embed",
        "<style",
        "style=",
        "<form",
        "<meta",
        "<link",
        "<svg",
        "<math",
        "srcdoc",
        "evil.example",
    ] {
        assert!(!lower.contains(bad), "found {bad:?} in:\n{html}");
    }
    let iframes: Vec<&str> = lower.split("<iframe").skip(1).collect();
    assert_eq!(iframes.len(), allowed_iframes, "{html}");
    for rest in iframes {
        assert!(
            rest.starts_with(" src=\"https://www.youtube-nocookie.com/embed/"),
            "{html}"
        );
    }
}

fn vectors_as_paragraphs(prefix: &str) -> String {
    VECTORS
        .iter()
        .map(|v| format!("{prefix}{v}\n{prefix}\n"))
        .collect()
}

#[test]
fn xss_vectors_in_lesson_markdown_are_neutralised() {
    let t = TempCourses::valid();
    let lesson = format!(
        "{}## Video\n\nhttps://youtu.be/dQw4w9WgXcQ\n\nSee the [[Customer]].\n\n{}",
        "---\ntitle: Evil\nminutes: 1\n---\n",
        vectors_as_paragraphs("")
    );
    t.write("demo/02-more.md", lesson);
    let lib = t.library();
    let html = &lib.courses[0].lessons[1].html;
    assert_safe(html, 1);
    assert!(
        html.contains(">a</a>") && html.contains(">h</a>"),
        "link text survives: {html}"
    );
}

#[test]
fn xss_vectors_in_glossary_definitions_are_neutralised_in_the_glossary_and_tooltips() {
    let t = TempCourses::valid();
    let glossary = testkit::GLOSSARY.replace(
        "Staff who deal directly with customers.",
        &format!(
            "\"><script>alert(1)</script> Staff.\n\n{}",
            vectors_as_paragraphs("")
        ),
    );
    t.write("glossary.md", glossary);
    let lib = t.library();
    let term = &lib.glossary[1];
    assert_safe(&term.definition_html, 0);
    assert_eq!(
        term.definition_text,
        "\"> Staff. a b c d e f g h i j m n <scr o \">"
    );
    let lesson = &lib.courses[0].lessons[0].html;
    assert_safe(lesson, 0);
    assert!(lesson.contains("role=\"tooltip\" id=\"tip-l1-1\">&quot;&gt; Staff. a b c d e f g h i j m n &lt;scr o &quot;&gt;</span>"), "{lesson}");
}

#[test]
fn xss_vectors_in_check_explanations_are_neutralised() {
    let t = TempCourses::valid();
    let check = format!(
        "{}\n> Why.\n>\n{}",
        testkit::CHECK,
        vectors_as_paragraphs("> ")
    );
    t.write("demo/check.md", check);
    let lib = t.library();
    let explanation = &lib.courses[0].check.as_ref().unwrap().questions[0].explanation_html;
    assert_safe(explanation, 0);
    assert!(explanation.contains("Everyone we serve"));
}
