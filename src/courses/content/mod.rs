//! The course content pipeline: reads `courses/`, validates every file (reporting each problem
//! as `path:line: message`), and renders sanitised HTML once at load. Only `model` reaches the browser.

pub mod model;

#[cfg(feature = "ssr")]
pub mod check;
#[cfg(feature = "ssr")]
pub mod course;
#[cfg(feature = "ssr")]
pub mod embed;
#[cfg(feature = "ssr")]
pub mod fields;
#[cfg(feature = "ssr")]
pub mod front_matter;
#[cfg(feature = "ssr")]
pub mod glossary;
#[cfg(feature = "ssr")]
pub mod library;
#[cfg(feature = "ssr")]
pub mod links;
#[cfg(feature = "ssr")]
pub mod markdown;
#[cfg(feature = "ssr")]
pub mod numbering;
#[cfg(feature = "ssr")]
pub mod sample;
#[cfg(feature = "ssr")]
pub mod sanitize;
#[cfg(feature = "ssr")]
pub mod scan;
#[cfg(all(feature = "ssr", test))]
mod testkit;
#[cfg(feature = "ssr")]
pub mod walker;
#[cfg(all(feature = "ssr", test))]
mod xss;
