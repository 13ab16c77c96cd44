//! M3: the sign-in throttle counted failures after the fact, so 60 parallel wrong
//! passwords for one account got no 429, and each ran an Argon2 hash of 19 MiB at
//! once. Now a slot is taken in the database before any check, and checks run on a
//! bounded pool: replayed here with 200 concurrent wrong passwords, through the form
//! and the API, on one instance and on two sharing the database.

use std::collections::BTreeMap;

use futures_util::future::join_all;

use crate::helpers::{LEARNER, OTHER_LEARNER, TUTOR, TestApp, TestDb, csrf_in, test_config};

/// Peak resident memory allowed to the server during the floods.
const MEMORY_BOUND_MIB: u64 = 300;

/// A field of `/proc/<pid>/status` (`VmRSS`, `VmHWM`), in MiB.
fn memory_mib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix(&format!("{field}:")))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        })
        .map_or(0, |kib| kib / 1024)
}

/// The server as a process of its own (the `aula` binary, with its allocator), so
/// that the memory measured is the server's alone.
struct ServerProcess {
    child: tokio::process::Child,
    base: String,
    _db: TestDb,
}

impl ServerProcess {
    /// Prepares a fresh database with the demo accounts, then runs `aula serve` on it
    /// and waits until it answers.
    async fn start() -> Self {
        let db = TestDb::new().await;
        let config = test_config(&db);
        let state = aula::app::prepare(config.clone()).await.unwrap();
        aula::demo::load(state.db(), &state.course_ids())
            .await
            .unwrap();
        state.close().await.unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = tokio::process::Command::new(env!("CARGO_BIN_EXE_aula"))
            .arg("serve")
            .current_dir(db.dir.path())
            .env_clear()
            .env("AULA_DATABASE_URL", &config.database_url)
            .env("AULA_BIND", format!("127.0.0.1:{port}"))
            .env("AULA_COURSES_DIR", &config.courses_dir)
            // An index of its own: this process's writer still holds the prepared one.
            .env("AULA_INDEX_DIR", db.dir.path().join("server-index"))
            .env("AULA_OUTBOX_DIR", &config.outbox_dir)
            .env("AULA_REMINDERS__CRON", "")
            .env("AULA_LIBRARY__FETCH_CRON", "")
            .env("AULA_LIBRARY__NORMATTIVA_URL", "http://127.0.0.1:9")
            .env("AULA_LOG", "warn")
            .stdout(std::process::Stdio::null())
            .stderr(std::fs::File::create(db.dir.path().join("server.log")).unwrap())
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let client = reqwest::Client::new();
        for _ in 0..600 {
            if client
                .get(format!("{base}/healthz"))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success())
            {
                return Self {
                    child,
                    base,
                    _db: db,
                };
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let log = std::fs::read_to_string(db.dir.path().join("server.log")).unwrap_or_default();
        panic!("aula serve did not start:\n{log}");
    }

    fn pid(&self) -> u32 {
        self.child.id().unwrap()
    }

    /// Resets the server's peak resident memory (`VmHWM`) to its current size.
    fn reset_peak_memory(&self) {
        std::fs::write(format!("/proc/{}/clear_refs", self.pid()), "5").unwrap();
    }
}

/// Statuses of `n` concurrent wrong-password sign-ins through the HTML form.
async fn flood_form(base: &str, emails: &[String]) -> BTreeMap<u16, usize> {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = client.get(format!("{base}/login")).send().await.unwrap();
    let csrf = csrf_in(&page.text().await.unwrap());
    let requests = emails.iter().map(|email| {
        client
            .post(format!("{base}/login"))
            .form(&[
                ("email", email.as_str()),
                ("password", "password-sbagliata"),
                ("csrf_token", csrf.as_str()),
            ])
            .send()
    });
    count(join_all(requests).await)
}

/// Statuses of concurrent wrong-password sign-ins through `POST /api/v1/session`.
async fn flood_api(base: &str, emails: &[String]) -> BTreeMap<u16, usize> {
    let client = reqwest::Client::new();
    let requests = emails.iter().map(|email| {
        client
            .post(format!("{base}/api/v1/session"))
            .json(&serde_json::json!({"email": email, "password": "password-sbagliata"}))
            .send()
    });
    count(join_all(requests).await)
}

fn count(responses: Vec<reqwest::Result<reqwest::Response>>) -> BTreeMap<u16, usize> {
    let mut statuses = BTreeMap::new();
    for response in responses {
        *statuses
            .entry(response.unwrap().status().as_u16())
            .or_insert(0) += 1;
    }
    statuses
}

fn n(statuses: &BTreeMap<u16, usize>, status: u16) -> usize {
    statuses.get(&status).copied().unwrap_or(0)
}

#[tokio::test]
async fn two_hundred_concurrent_wrong_passwords_check_at_most_five() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    let verified_before = app.state.passwords().verifications();
    let form = flood_form(&app.base, &vec![LEARNER.to_string(); 200]).await;
    let verified_form = app.state.passwords().verifications() - verified_before;
    let api = flood_api(&app.base, &vec![OTHER_LEARNER.to_string(); 200]).await;
    let verified_api = app.state.passwords().verifications() - verified_before - verified_form;
    println!(
        "sign-in flood: form {form:?} ({verified_form} passwords checked), \
         API {api:?} ({verified_api} checked)"
    );
    for (way, statuses, verified) in [("form", &form, verified_form), ("API", &api, verified_api)] {
        assert!(
            verified <= 5,
            "{way}: {verified} passwords checked, at most 5"
        );
        assert!(n(statuses, 429) >= 195, "{way}: {statuses:?}");
        assert_eq!(
            n(statuses, 429) + n(statuses, 401),
            200,
            "{way}: every answer is 401 or 429: {statuses:?}"
        );
    }

    // The account stays locked for its window, even with the right password...
    let owner = reqwest::Client::new()
        .post(app.url("/api/v1/session"))
        .json(&serde_json::json!({"email": LEARNER, "password": aula::demo::DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(owner.status(), 429);
    // ...while another account from the same address signs in.
    app.client_as(TUTOR).await;
}

#[tokio::test]
async fn a_flood_across_many_accounts_from_one_address_is_throttled() {
    let app = TestApp::spawn().await;
    let limit = app.state.config().accounts.login_failures_per_address as usize;
    let emails: Vec<String> = (0..limit * 3)
        .map(|i| format!("nessuno{i}@example.it"))
        .collect();
    let before = app.state.passwords().verifications();
    let statuses = flood_api(&app.base, &emails).await;
    let verified = (app.state.passwords().verifications() - before) as usize;
    println!(
        "flood of {} accounts from one address: {statuses:?}, {verified} checked",
        emails.len()
    );
    assert!(verified <= limit, "{verified} checked, at most {limit}");
    assert!(n(&statuses, 429) >= 2 * limit, "{statuses:?}");
    assert_eq!(
        n(&statuses, 429) + n(&statuses, 401),
        emails.len(),
        "{statuses:?}"
    );
}

#[tokio::test]
async fn two_instances_share_one_throttle() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    let sibling = app.spawn_sibling().await;
    let emails = vec![LEARNER.to_string(); 100];
    let (one, other) = tokio::join!(
        flood_api(&app.base, &emails),
        flood_api(&sibling.base, &emails)
    );
    let verified =
        app.state.passwords().verifications() + sibling.state.passwords().verifications();
    println!("two instances: {one:?} and {other:?}, {verified} checked");
    assert!(
        verified <= 5,
        "{verified} passwords checked across both instances"
    );
    assert!(n(&one, 429) + n(&other, 429) >= 195, "{one:?} {other:?}");
}

#[tokio::test]
async fn the_server_stays_under_300_mib_during_a_sign_in_flood() {
    let server = ServerProcess::start().await;
    server.reset_peak_memory();
    let before = memory_mib(server.pid(), "VmRSS");
    // 200 wrong passwords for one account, through the form and the API; then a
    // flood across 200 accounts from one address, whose checks (up to the address's
    // limit) queue for the password workers instead of running all at once.
    let form = flood_form(&server.base, &vec![LEARNER.to_string(); 200]).await;
    let api = flood_api(&server.base, &vec![OTHER_LEARNER.to_string(); 200]).await;
    let many: Vec<String> = (0..200).map(|i| format!("nessuno{i}@example.it")).collect();
    let spread = flood_api(&server.base, &many).await;
    let after = memory_mib(server.pid(), "VmRSS");
    let peak = memory_mib(server.pid(), "VmHWM");
    println!(
        "aula serve under a sign-in flood: resident {before} MiB before, {after} MiB after, \
         peak {peak} MiB; one account by form {form:?}, by API {api:?}; 200 accounts {spread:?}"
    );
    for statuses in [&form, &api] {
        assert!(n(statuses, 429) >= 195, "{statuses:?}");
    }
    assert!(n(&spread, 429) >= 200 - 30, "{spread:?}");
    assert!(peak > 0, "the server's memory is readable");
    assert!(
        peak < MEMORY_BOUND_MIB,
        "peak resident memory {peak} MiB, bound {MEMORY_BOUND_MIB} MiB"
    );
}

#[tokio::test]
async fn a_window_counts_its_limit_then_starts_again_once_over() {
    use aula::accounts::throttle::{Throttle, release};
    let app = TestApp::spawn().await;
    let db = app.state.db();
    let throttle = Throttle {
        limit: 3,
        window: chrono::Duration::minutes(15),
    };
    let start = chrono::Utc::now();
    let at = |seconds: i64| start + chrono::Duration::seconds(seconds);
    let mut taken = Vec::new();
    for second in 0..5 {
        taken.push(
            throttle
                .reserve_at(db, "prova:a", at(second))
                .await
                .unwrap(),
        );
    }
    assert_eq!(
        taken,
        [true, true, true, false, false],
        "three slots, then none"
    );
    // Another key has its own row.
    assert!(throttle.reserve_at(db, "prova:b", at(5)).await.unwrap());
    // A slot given back can be taken once more, within the window.
    release(db, "prova:a").await.unwrap();
    assert!(throttle.reserve_at(db, "prova:a", at(60)).await.unwrap());
    assert!(!throttle.reserve_at(db, "prova:a", at(61)).await.unwrap());
    // Once the window (from the first attempt) is over, the count starts again at 1:
    // three more slots, then none.
    let mut again = Vec::new();
    for second in 0..4 {
        again.push(
            throttle
                .reserve_at(db, "prova:a", at(15 * 60 + 1 + second))
                .await
                .unwrap(),
        );
    }
    assert_eq!(again, [true, true, true, false], "a new window of three");
}
