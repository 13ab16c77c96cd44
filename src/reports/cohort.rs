//! Who a report covers: the viewer's cohort (an admin sees everyone, a tutor the
//! learners of their regions and municipalities) narrowed by the report's filters.
//! Both become SQL conditions, so the database does the filtering.

use serde::{Deserialize, Serialize};

use crate::accounts::Role;
use crate::db::sql::Sql;
use crate::db::users::tutor_scope;

/// The viewer's cohort.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// Every learner (admins).
    pub all: bool,
    /// Regions of the cohort.
    pub regions: Vec<String>,
    /// ISTAT codes of the cohort's municipalities.
    pub municipalities: Vec<String>,
}

impl Scope {
    /// The cohort of a viewer: everyone for an admin, the scopes for a tutor, nobody
    /// otherwise.
    pub fn of(role: Role, scopes: &[tutor_scope::Model]) -> Self {
        match role {
            Role::Admin => Self {
                all: true,
                ..Self::default()
            },
            Role::Tutor => Self {
                all: false,
                regions: scopes
                    .iter()
                    .filter(|s| s.kind == "region")
                    .map(|s| s.value.clone())
                    .collect(),
                municipalities: scopes
                    .iter()
                    .filter(|s| s.kind == "municipality")
                    .map(|s| s.value.clone())
                    .collect(),
            },
            Role::Learner => Self::default(),
        }
    }

    /// Appends ` AND (cohort)` for a query where `u` is the learner and `m` their
    /// municipality.
    pub fn push_condition(&self, sql: &mut Sql) {
        if self.all {
            return;
        }
        sql.push(" AND (m.region IN ")
            .bind_list(&self.regions)
            .push(" OR u.municipality IN ")
            .bind_list(&self.municipalities)
            .push(")");
    }
}

/// The filters a tutor can set on every report.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Filters {
    /// Course id (the report covers one course at a time).
    #[serde(default)]
    pub course: String,
    /// Region name as in the ISTAT list.
    pub region: Option<String>,
    /// ISTAT code.
    pub municipality: Option<String>,
    /// Sector slug.
    pub sector: Option<String>,
}

impl Filters {
    /// Empty strings count as no filter.
    pub fn normalised(mut self) -> Self {
        for value in [&mut self.region, &mut self.municipality, &mut self.sector] {
            if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
                *value = None;
            }
        }
        self
    }

    /// Appends the filter conditions (same aliases as [`Scope::push_condition`]).
    pub fn push_condition(&self, sql: &mut Sql) {
        if let Some(region) = &self.region {
            sql.push(" AND m.region = ").bind(region.clone());
        }
        if let Some(code) = &self.municipality {
            sql.push(" AND u.municipality = ").bind(code.clone());
        }
        if let Some(sector) = &self.sector {
            sql.push(" AND u.sector = ").bind(sector.clone());
        }
    }
}
