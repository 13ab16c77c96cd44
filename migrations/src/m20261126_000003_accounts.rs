//! Municipalities, editions and their eligibility rule, accounts with roles and tutor
//! cohorts, enrolments, sessions, sign-in throttling, API tokens and e-mail tokens.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Municipalities::Table)
                    .if_not_exists()
                    .col(string_len(Municipalities::Istat, 6).primary_key())
                    .col(string(Municipalities::Name))
                    .col(string(Municipalities::CadastralCode))
                    .col(string(Municipalities::Province))
                    .col(string(Municipalities::ProvinceCode))
                    .col(string(Municipalities::Region))
                    .col(string(Municipalities::RegionCode))
                    .col(string(Municipalities::Area))
                    .col(integer(Municipalities::Population))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_municipalities_region_population")
                    .table(Municipalities::Table)
                    .col(Municipalities::Region)
                    .col(Municipalities::Population)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Editions::Table)
                    .if_not_exists()
                    .col(pk_auto(Editions::Id))
                    .col(integer_uniq(Editions::Number))
                    .col(string(Editions::Title))
                    .col(text(Editions::Regions))
                    .col(integer(Editions::PopulationOver))
                    .col(date_null(Editions::StartsOn))
                    .col(date_null(Editions::EndsOn))
                    .col(boolean(Editions::Open))
                    .col(timestamp_with_time_zone(Editions::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .if_not_exists()
                    .col(pk_auto(Users::Id))
                    .col(string_uniq(Users::Email))
                    .col(string(Users::Name))
                    .col(string(Users::Role))
                    .col(string_len_null(Users::Municipality, 6))
                    .col(string_null(Users::Sector))
                    .col(string_null(Users::JobTitle))
                    .col(string_null(Users::PasswordHash))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .col(timestamp_with_time_zone_null(Users::DisabledAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_users_municipality")
                            .from(Users::Table, Users::Municipality)
                            .to(Municipalities::Table, Municipalities::Istat),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TutorScopes::Table)
                    .if_not_exists()
                    .col(integer(TutorScopes::UserId))
                    .col(string(TutorScopes::Kind))
                    .col(string(TutorScopes::Value))
                    .primary_key(
                        Index::create()
                            .col(TutorScopes::UserId)
                            .col(TutorScopes::Kind)
                            .col(TutorScopes::Value),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_tutor_scopes_user")
                            .from(TutorScopes::Table, TutorScopes::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Enrolments::Table)
                    .if_not_exists()
                    .col(pk_auto(Enrolments::Id))
                    .col(integer(Enrolments::UserId))
                    .col(integer(Enrolments::EditionId))
                    .col(string(Enrolments::CourseId))
                    .col(timestamp_with_time_zone(Enrolments::EnrolledAt))
                    .col(timestamp_with_time_zone_null(Enrolments::WithdrawnAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_enrolments_user")
                            .from(Enrolments::Table, Enrolments::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_enrolments_edition")
                            .from(Enrolments::Table, Enrolments::EditionId)
                            .to(Editions::Table, Editions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_enrolments_user_edition_course")
                    .table(Enrolments::Table)
                    .col(Enrolments::UserId)
                    .col(Enrolments::EditionId)
                    .col(Enrolments::CourseId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .if_not_exists()
                    .col(string(Sessions::IdHash).primary_key())
                    .col(integer(Sessions::UserId))
                    .col(string(Sessions::CsrfToken))
                    .col(timestamp_with_time_zone(Sessions::CreatedAt))
                    .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sessions_user")
                            .from(Sessions::Table, Sessions::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LoginAttempts::Table)
                    .if_not_exists()
                    .col(string(LoginAttempts::Key).primary_key())
                    .col(timestamp_with_time_zone(LoginAttempts::WindowStart))
                    .col(integer(LoginAttempts::Failures))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ApiTokens::Table)
                    .if_not_exists()
                    .col(pk_auto(ApiTokens::Id))
                    .col(string(ApiTokens::Name))
                    .col(string_uniq(ApiTokens::TokenHash))
                    .col(integer(ApiTokens::UserId))
                    .col(timestamp_with_time_zone(ApiTokens::CreatedAt))
                    .col(timestamp_with_time_zone_null(ApiTokens::LastUsedAt))
                    .col(timestamp_with_time_zone_null(ApiTokens::RevokedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_api_tokens_user")
                            .from(ApiTokens::Table, ApiTokens::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(EmailTokens::Table)
                    .if_not_exists()
                    .col(string(EmailTokens::TokenHash).primary_key())
                    .col(integer(EmailTokens::UserId))
                    .col(string(EmailTokens::Purpose))
                    .col(timestamp_with_time_zone(EmailTokens::CreatedAt))
                    .col(timestamp_with_time_zone(EmailTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(EmailTokens::UsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_email_tokens_user")
                            .from(EmailTokens::Table, EmailTokens::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            EmailTokens::Table.into_iden(),
            ApiTokens::Table.into_iden(),
            LoginAttempts::Table.into_iden(),
            Sessions::Table.into_iden(),
            Enrolments::Table.into_iden(),
            TutorScopes::Table.into_iden(),
            Users::Table.into_iden(),
            Editions::Table.into_iden(),
            Municipalities::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Municipalities {
    Table,
    Istat,
    Name,
    CadastralCode,
    Province,
    ProvinceCode,
    Region,
    RegionCode,
    Area,
    Population,
}

#[derive(DeriveIden)]
enum Editions {
    Table,
    Id,
    Number,
    Title,
    Regions,
    PopulationOver,
    StartsOn,
    EndsOn,
    Open,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Email,
    Name,
    Role,
    Municipality,
    Sector,
    JobTitle,
    PasswordHash,
    CreatedAt,
    DisabledAt,
}

#[derive(DeriveIden)]
enum TutorScopes {
    Table,
    UserId,
    Kind,
    Value,
}

#[derive(DeriveIden)]
enum Enrolments {
    Table,
    Id,
    UserId,
    EditionId,
    CourseId,
    EnrolledAt,
    WithdrawnAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    IdHash,
    UserId,
    CsrfToken,
    CreatedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum LoginAttempts {
    Table,
    Key,
    WindowStart,
    Failures,
}

#[derive(DeriveIden)]
enum ApiTokens {
    Table,
    Id,
    Name,
    TokenHash,
    UserId,
    CreatedAt,
    LastUsedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum EmailTokens {
    Table,
    TokenHash,
    UserId,
    Purpose,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}
