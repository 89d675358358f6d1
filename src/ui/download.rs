//! Links to files the server makes rather than pages (CSV exports, calendar files): every such
//! link is a `DownloadLink`, so the browser fetches it, with JavaScript on or off.

use leptos::prelude::*;

/// A link to a download. The hydrated app's router takes every same-site link click and looks
/// for a page; it leaves a link alone when it carries `download` or `rel="external"`
/// (leptos_router's `handle_anchor_click`), and both are set here. With `download` empty, the
/// file keeps the name the server gives it.
#[component]
pub fn DownloadLink(
    #[prop(into)] href: String,
    #[prop(optional)] class: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    view! { <a href=href class=class download="" rel="external">{children()}</a> }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn a_download_link_tells_the_router_to_leave_it_to_the_browser() {
        let owner = Owner::new();
        let html = owner.with(|| {
            view! { <DownloadLink class="button" href="/transcript.csv">"Download"</DownloadLink> }
                .to_html()
        });
        assert!(html.contains(r#"href="/transcript.csv""#), "{html}");
        assert!(html.contains(r#"download="""#), "{html}");
        assert!(html.contains(r#"rel="external""#), "{html}");
    }
}
