//! A learner's access to a lesson, as the progress API and the lesson forms check it.

use crate::app::AppState;
use crate::error::{AppError, AppResult};

/// Resolves a lesson id and checks the learner's enrolment.
pub async fn enrolled_lesson(
    state: &AppState,
    user_id: i32,
    lesson: &str,
) -> AppResult<(String, String, String)> {
    let mut parts = lesson.splitn(3, '/');
    let (Some(c), Some(m), Some(l)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(AppError::Validation {
            field: Some("lesson".into()),
            message: "l'id della lezione è corso/modulo/lezione".into(),
        });
    };
    if state.catalog().lesson(c, m, l).is_none() {
        return Err(AppError::Validation {
            field: Some("lesson".into()),
            message: format!("lezione inesistente: {lesson}"),
        });
    }
    if !state.is_enrolled(user_id, c).await? {
        return Err(AppError::Forbidden);
    }
    Ok((c.to_string(), m.to_string(), format!("{c}/{m}/{l}")))
}
