//! Certificates (attestati): one per learner, course and edition, issued when the
//! course's completion rule is met (or by an admin, with a reason). A row keeps what
//! the paper shows, as it was at issue (name, municipality, course, edition, hours), so
//! that a later change of the account or of the course does not change a certificate
//! already handed out. A partial unique index lets the database decide between
//! concurrent issuers: one certificate that is not replaced per learner, course and
//! edition. Every action on a certificate (issue, revocation, replacement) is kept in
//! `certificate_events`; the public keys that signed credentials are kept in
//! `certificate_keys` (the private keys stay in files outside the database).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Certificates::Table)
                    .if_not_exists()
                    .col(pk_auto(Certificates::Id))
                    .col(string_len_uniq(Certificates::Code, 32))
                    .col(integer(Certificates::UserId))
                    .col(string_len(Certificates::CourseId, 128))
                    .col(integer(Certificates::EditionId))
                    .col(string_len(Certificates::Status, 16))
                    .col(timestamp_with_time_zone(Certificates::IssuedAt))
                    .col(date(Certificates::CompletedOn))
                    .col(integer_null(Certificates::IssuedBy))
                    .col(text_null(Certificates::IssueReason))
                    .col(string_len(Certificates::HolderName, 255))
                    .col(string_len_null(Certificates::HolderMunicipality, 255))
                    .col(string_len(Certificates::CourseTitle, 255))
                    .col(string_len(Certificates::EditionTitle, 255))
                    .col(text(Certificates::Modules))
                    .col(integer(Certificates::RemoteMinutes))
                    .col(integer(Certificates::ClassroomMinutes))
                    .col(string_len(Certificates::Issuer, 255))
                    .col(string_len(Certificates::Language, 8))
                    .col(text_null(Certificates::Credential))
                    .col(string_len_null(Certificates::KeyId, 64))
                    .col(timestamp_with_time_zone_null(Certificates::AnnouncedAt))
                    .col(timestamp_with_time_zone_null(Certificates::RevokedAt))
                    .col(integer_null(Certificates::RevokedBy))
                    .col(text_null(Certificates::RevocationReason))
                    .col(string_len_null(Certificates::ReplacedBy, 32))
                    .col(string_len_null(Certificates::Replaces, 32))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_certificates_user")
                            .from(Certificates::Table, Certificates::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_certificates_edition")
                            .from(Certificates::Table, Certificates::EditionId)
                            .to(Editions::Table, Editions::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        // One current certificate per learner, course and edition; the replaced ones
        // step aside. The same statement works on SQLite and PostgreSQL.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX ux_certificates_current ON certificates \
                 (user_id, course_id, edition_id) WHERE replaced_by IS NULL",
            )
            .await?;
        // The cohort and edition downloads read by edition; the announcer by
        // `announced_at`.
        manager
            .create_index(
                Index::create()
                    .name("ix_certificates_edition")
                    .table(Certificates::Table)
                    .col(Certificates::EditionId)
                    .col(Certificates::CourseId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_certificates_announced")
                    .table(Certificates::Table)
                    .col(Certificates::AnnouncedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CertificateEvents::Table)
                    .if_not_exists()
                    .col(pk_auto(CertificateEvents::Id))
                    .col(integer(CertificateEvents::CertificateId))
                    .col(string_len(CertificateEvents::Action, 16))
                    .col(integer_null(CertificateEvents::ActorId))
                    .col(text_null(CertificateEvents::Reason))
                    .col(text_null(CertificateEvents::Detail))
                    .col(timestamp_with_time_zone(CertificateEvents::At))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_certificate_events_certificate")
                            .from(CertificateEvents::Table, CertificateEvents::CertificateId)
                            .to(Certificates::Table, Certificates::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_certificate_events_certificate")
                    .table(CertificateEvents::Table)
                    .col(CertificateEvents::CertificateId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CertificateKeys::Table)
                    .if_not_exists()
                    .col(string_len(CertificateKeys::Kid, 64).primary_key())
                    .col(string_len(CertificateKeys::PublicKey, 64))
                    .col(timestamp_with_time_zone(CertificateKeys::CreatedAt))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CertificateKeys::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(CertificateEvents::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Certificates::Table).to_owned())
            .await?;
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Certificates {
    Table,
    Id,
    Code,
    UserId,
    CourseId,
    EditionId,
    Status,
    IssuedAt,
    CompletedOn,
    IssuedBy,
    IssueReason,
    HolderName,
    HolderMunicipality,
    CourseTitle,
    EditionTitle,
    Modules,
    RemoteMinutes,
    ClassroomMinutes,
    Issuer,
    Language,
    Credential,
    KeyId,
    AnnouncedAt,
    RevokedAt,
    RevokedBy,
    RevocationReason,
    ReplacedBy,
    Replaces,
}

#[derive(DeriveIden)]
enum CertificateEvents {
    Table,
    Id,
    CertificateId,
    Action,
    ActorId,
    Reason,
    Detail,
    At,
}

#[derive(DeriveIden)]
enum CertificateKeys {
    Table,
    Kid,
    PublicKey,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Editions {
    Table,
    Id,
}
