//! The completion rule with classroom seminars, on the courses of
//! `tests/fixtures/courses-seminars`: a course without the seminar rule completes
//! with its modules whatever the attendance; a course with `seminar_half_days = 3`
//! completes when both halves are done, in either order, and a corrected mark that
//! takes the learner back under three half-days removes the completion. Also
//! `aula courses check` on a rule out of range.

use aula::seminars::attendance::Half::{Afternoon, Morning};

use super::{
    CLASSROOM_COURSE, GENOVA, REMOTE_COURSE, complete_course_modules, complete_module,
    course_complete, enrolled_learners, fixture_app, mark, register, seminar_on, session_in,
    user_id,
};
use crate::corpus::fixture;
use crate::helpers::TUTOR;

#[tokio::test]
async fn a_course_without_the_seminar_rule_completes_with_its_modules() {
    let app = fixture_app().await;
    let tutor = user_id(&app, TUTOR).await;
    let learner = enrolled_learners(&app, 1, GENOVA, "distanza").await[0];
    let (_, sessions) = seminar_on(&app, REMOTE_COURSE, vec![session_in("Liguria", 5)]).await;
    let session = sessions[0].id;
    register(&app.state, session, learner).await.unwrap();
    // Absent at every half-day of the course's seminar: attendance is irrelevant.
    mark(
        &app,
        session,
        tutor,
        &[(learner, 1, Morning, false), (learner, 1, Afternoon, false)],
    )
    .await;
    assert!(!course_complete(&app, learner, REMOTE_COURSE).await);

    complete_module(&app, learner, REMOTE_COURSE, "modulo-unico").await;
    assert!(course_complete(&app, learner, REMOTE_COURSE).await);
    // Marks changed afterwards leave it complete.
    mark(&app, session, tutor, &[(learner, 2, Morning, false)]).await;
    assert!(course_complete(&app, learner, REMOTE_COURSE).await);
    // The other course, with the rule, is untouched.
    assert!(!course_complete(&app, learner, CLASSROOM_COURSE).await);
}

#[tokio::test]
async fn modules_then_the_third_half_day_present_complete_the_course_and_a_correction_undoes_it() {
    let app = fixture_app().await;
    let tutor = user_id(&app, TUTOR).await;
    let learner = enrolled_learners(&app, 1, GENOVA, "prima").await[0];
    let (_, sessions) = seminar_on(&app, CLASSROOM_COURSE, vec![session_in("Liguria", 5)]).await;
    let session = sessions[0].id;
    register(&app.state, session, learner).await.unwrap();

    complete_course_modules(&app, learner, CLASSROOM_COURSE).await;
    assert!(
        !course_complete(&app, learner, CLASSROOM_COURSE).await,
        "the modules alone are not enough"
    );

    mark(
        &app,
        session,
        tutor,
        &[(learner, 1, Morning, true), (learner, 1, Afternoon, true)],
    )
    .await;
    assert!(
        !course_complete(&app, learner, CLASSROOM_COURSE).await,
        "2 of 3"
    );
    mark(&app, session, tutor, &[(learner, 2, Morning, false)]).await;
    assert!(
        !course_complete(&app, learner, CLASSROOM_COURSE).await,
        "an absence does not count"
    );
    mark(&app, session, tutor, &[(learner, 2, Afternoon, true)]).await;
    assert!(
        course_complete(&app, learner, CLASSROOM_COURSE).await,
        "the third half-day present completes the course"
    );

    // A correction present → absent takes the learner back to 2 of 3.
    mark(&app, session, tutor, &[(learner, 1, Morning, false)]).await;
    assert!(
        !course_complete(&app, learner, CLASSROOM_COURSE).await,
        "the correction removes the completion"
    );
    // And the correction corrected gives it back.
    mark(&app, session, tutor, &[(learner, 2, Morning, true)]).await;
    assert!(course_complete(&app, learner, CLASSROOM_COURSE).await);
}

#[tokio::test]
async fn attendance_first_then_the_last_module_completes_the_course() {
    let app = fixture_app().await;
    let tutor = user_id(&app, TUTOR).await;
    let learner = enrolled_learners(&app, 1, GENOVA, "aula").await[0];
    let (_, sessions) = seminar_on(&app, CLASSROOM_COURSE, vec![session_in("Liguria", 5)]).await;
    let session = sessions[0].id;
    register(&app.state, session, learner).await.unwrap();

    mark(
        &app,
        session,
        tutor,
        &[
            (learner, 1, Morning, true),
            (learner, 1, Afternoon, true),
            (learner, 2, Morning, true),
        ],
    )
    .await;
    assert!(
        !course_complete(&app, learner, CLASSROOM_COURSE).await,
        "the classroom alone is not enough"
    );
    complete_module(&app, learner, CLASSROOM_COURSE, "modulo-uno").await;
    assert!(
        !course_complete(&app, learner, CLASSROOM_COURSE).await,
        "1 of 2 modules"
    );
    complete_module(&app, learner, CLASSROOM_COURSE, "modulo-due").await;
    assert!(
        course_complete(&app, learner, CLASSROOM_COURSE).await,
        "the last module completes the course"
    );
}

#[test]
fn a_seminar_rule_out_of_range_is_reported_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let source = fixture("courses-seminars").join(CLASSROOM_COURSE);
    let course = dir.path().join(CLASSROOM_COURSE);
    copy_dir(&source, &course);
    let toml = std::fs::read_to_string(course.join("course.toml")).unwrap();
    assert!(toml.contains("seminar_half_days = 3\n"));
    std::fs::write(
        course.join("course.toml"),
        toml.replace("seminar_half_days = 3\n", "seminar_half_days = 99\n"),
    )
    .unwrap();
    let line = toml
        .lines()
        .position(|l| l.starts_with("seminar_half_days"))
        .unwrap()
        + 1;

    let work = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_aula"))
        .args(["courses", "check"])
        .arg(dir.path())
        .current_dir(work.path())
        .env(
            "AULA_DATABASE_URL",
            format!("sqlite://{}/aula.db?mode=rwc", work.path().display()),
        )
        .output()
        .unwrap();
    let out = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!output.status.success(), "exit status 1:\n{out}");
    let prefix = format!("{}:{line}: ", course.join("course.toml").display());
    assert!(
        out.lines().any(|l| l.starts_with(&prefix)
            && l.contains("seminar_half_days deve essere tra 0 e 40")
            && l.contains("99")),
        "expected `{prefix}… seminar_half_days deve essere tra 0 e 40 … 99` in:\n{out}"
    );

    // The same file with the rule in range passes.
    std::fs::write(course.join("course.toml"), &toml).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_aula"))
        .args(["courses", "check"])
        .arg(dir.path())
        .current_dir(work.path())
        .env(
            "AULA_DATABASE_URL",
            format!("sqlite://{}/aula.db?mode=rwc", work.path().display()),
        )
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
