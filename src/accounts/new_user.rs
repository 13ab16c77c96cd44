//! What an account needs before it is created: the fields as typed (`NewUser`) and
//! their validation against the municipalities and regions on file.

use sea_orm::{ConnectionTrait, EntityTrait};

use super::municipalities;
use super::users::{UserError, invalid};
use super::{Email, IstatCode, Role};
use crate::content::model::Sector;

/// What it takes to create an account.
#[derive(Debug, Clone, Default)]
pub struct NewUser {
    /// E-mail address.
    pub email: String,
    /// Full name.
    pub name: String,
    /// `learner`, `tutor` or `admin`.
    pub role: String,
    /// A learner's municipality (ISTAT code).
    pub municipality: Option<String>,
    /// A learner's sector.
    pub sector: Option<String>,
    /// A learner's job title.
    pub job_title: Option<String>,
    /// A tutor's regions.
    pub regions: Vec<String>,
    /// A tutor's municipalities (ISTAT codes).
    pub municipalities: Vec<String>,
    /// The password, if set now (otherwise an invitation sets it).
    pub password: Option<String>,
}

/// A validated account, ready to insert.
pub(super) struct Valid {
    pub(super) email: Email,
    pub(super) name: String,
    pub(super) role: Role,
    pub(super) municipality: Option<municipalities::Model>,
    pub(super) sector: Option<Sector>,
    pub(super) job_title: Option<String>,
    pub(super) scopes: Vec<(&'static str, String)>,
}

/// Checks every field of `new`; the error names the first field at fault.
pub(super) async fn validate<C: ConnectionTrait>(
    db: &C,
    new: &NewUser,
) -> Result<Valid, UserError> {
    let email = Email::parse(&new.email).map_err(|m| invalid("email", m))?;
    let name = new.name.trim().to_string();
    if name.is_empty() {
        return Err(invalid("name", "il nome è obbligatorio"));
    }
    let role = Role::parse(new.role.trim()).ok_or_else(|| {
        invalid(
            "role",
            format!("ruolo sconosciuto «{}» (learner, tutor, admin)", new.role),
        )
    })?;
    let mut valid = Valid {
        email,
        name,
        role,
        municipality: None,
        sector: None,
        job_title: None,
        scopes: Vec::new(),
    };
    match role {
        Role::Learner => learner(db, new, &mut valid).await?,
        Role::Tutor => valid.scopes = tutor_scopes(db, new).await?,
        Role::Admin => {}
    }
    Ok(valid)
}

/// A learner belongs to a known municipality and a sector.
async fn learner<C: ConnectionTrait>(
    db: &C,
    new: &NewUser,
    valid: &mut Valid,
) -> Result<(), UserError> {
    let code = new
        .municipality
        .as_deref()
        .filter(|m| !m.trim().is_empty())
        .ok_or_else(|| {
            invalid(
                "municipality",
                "un discente appartiene a un Comune: indicare il codice ISTAT",
            )
        })?;
    let code = IstatCode::parse(code).map_err(|m| invalid("municipality", m))?;
    let municipality = known_municipality(db, &code)
        .await?
        .ok_or_else(|| unknown_municipality("municipality", &code))?;
    let sector = new
        .sector
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| invalid("sector", "indicare il settore"))?;
    valid.sector = Some(
        Sector::parse(sector)
            .ok_or_else(|| invalid("sector", format!("settore sconosciuto «{sector}»")))?,
    );
    valid.municipality = Some(municipality);
    valid.job_title = new
        .job_title
        .as_deref()
        .map(str::trim)
        .filter(|j| !j.is_empty())
        .map(str::to_string);
    Ok(())
}

/// A tutor follows at least one known region or municipality: its scopes, the
/// municipalities first.
async fn tutor_scopes<C: ConnectionTrait>(
    db: &C,
    new: &NewUser,
) -> Result<Vec<(&'static str, String)>, UserError> {
    let regions: Vec<String> = new
        .regions
        .iter()
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty())
        .collect();
    if !regions.is_empty() {
        let known = municipalities::regions_on(db).await?;
        if let Some(unknown) = regions.iter().find(|r| !known.contains(r)) {
            return Err(invalid(
                "regions",
                format!("regione sconosciuta «{unknown}»"),
            ));
        }
    }
    let mut scopes = Vec::new();
    for code in &new.municipalities {
        let code = IstatCode::parse(code).map_err(|m| invalid("municipalities", m))?;
        if known_municipality(db, &code).await?.is_none() {
            return Err(unknown_municipality("municipalities", &code));
        }
        scopes.push(("municipality", code.as_str().to_string()));
    }
    scopes.extend(regions.into_iter().map(|r| ("region", r)));
    // A scope named twice is one row (the key of `tutor_scopes`).
    scopes.sort_unstable();
    scopes.dedup();
    if scopes.is_empty() {
        return Err(invalid(
            "regions",
            "un tutor segue i discenti di almeno una regione o un Comune",
        ));
    }
    Ok(scopes)
}

async fn known_municipality<C: ConnectionTrait>(
    db: &C,
    code: &IstatCode,
) -> Result<Option<municipalities::Model>, sea_orm::DbErr> {
    crate::db::municipalities::Entity::find_by_id(code.as_str().to_string())
        .one(db)
        .await
}

fn unknown_municipality(field: &'static str, code: &IstatCode) -> UserError {
    invalid(
        field,
        format!("nessun Comune con codice ISTAT {}", code.as_str()),
    )
}
