//! Courses (temporary skeleton while the Markdown pipeline lands).
pub mod pages;
#[cfg(feature = "ssr")]
pub mod assets {
    pub fn router() -> axum::Router<crate::server::AppState> {
        axum::Router::new()
    }
}
#[cfg(feature = "ssr")]
#[derive(Clone, Default)]
pub struct Library;
#[cfg(feature = "ssr")]
impl Library {
    pub fn load(_dir: &std::path::Path) -> Result<Self, String> {
        Ok(Self)
    }
    pub async fn sync(&self, _db: &crate::db::Db) -> Result<(), String> {
        Ok(())
    }
}
