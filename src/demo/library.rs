//! The law in the demo: with the library still empty, `serve --demo` fetches the acts
//! the courses declare from Normattiva, so that every lesson opens beside the articles
//! it cites. Without a network the demo goes on, and says what to run later.

use crate::app::AppState;
use crate::content::library::fetch::{self, FetchReport, Step};

/// What the demo did about the library.
#[derive(Debug)]
pub enum DemoLibrary {
    /// The library already holds acts, or the courses declare none: nothing to do.
    Ready,
    /// The declared acts were fetched and imported.
    Fetched(FetchReport),
    /// The fetch failed (offline, most likely): why. Nothing was written.
    Unavailable(String),
}

/// Fetches the courses' acts when the library is empty, then reloads the courses and
/// the search index against them.
pub async fn fetch_if_empty(
    state: &AppState,
    progress: impl FnMut(Step<'_>),
) -> anyhow::Result<DemoLibrary> {
    let declared = state.catalog().declared_acts();
    if !state.library().acts().is_empty() || declared.is_empty() {
        return Ok(DemoLibrary::Ready);
    }
    match fetch::fetch_urns(state.db(), &state.config().library, declared, progress).await {
        Ok(report) => {
            state.reload_courses().await?;
            Ok(DemoLibrary::Fetched(report))
        }
        Err(err) => Ok(DemoLibrary::Unavailable(err.to_string())),
    }
}

/// The one line `serve --demo` prints when the law could not be fetched.
pub fn offline_hint(reason: &str) -> String {
    format!(
        "Biblioteca normativa vuota: atti non scaricati da Normattiva ({reason}). \
         Aula funziona lo stesso e le citazioni rinviano al testo su Normattiva; \
         per scaricare gli atti più tardi: aula library fetch --courses"
    )
}
