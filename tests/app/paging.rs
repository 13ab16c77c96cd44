//! Cursor pagination of the API's lists, on both databases: following the `Link`
//! headers visits every item of a list once, in the list's order, for every sort of
//! the learners report (ties included); limits and cursors are checked; every list the
//! OpenAPI document describes takes `limit` and `after`.

use reqwest::header::LINK;
use serde_json::Value;

use crate::helpers::{ADMIN, TUTOR, TestApp};

/// The `after` of a `Link: <...>; rel="next"` header.
fn next_address(response: &reqwest::Response) -> Option<String> {
    let link = response.headers().get(LINK)?.to_str().ok()?;
    let inner = link.strip_prefix('<')?.split_once(">; rel=\"next\"")?.0;
    Some(inner.to_string())
}

/// Every item of a list, page after page from `first`, and the number of pages.
async fn walk(app: &TestApp, client: &reqwest::Client, first: &str) -> (Vec<Value>, usize) {
    let mut items = Vec::new();
    let mut address = Some(first.to_string());
    let mut pages = 0;
    while let Some(path) = address {
        pages += 1;
        assert!(pages < 100, "{first}: the pages never end");
        let response = client.get(app.url(&path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        address = next_address(&response);
        let body: Value = response.json().await.unwrap();
        let page = body.as_array().unwrap().clone();
        if address.is_some() {
            assert!(!page.is_empty(), "{path}: an empty page before the end");
        }
        items.extend(page);
    }
    (items, pages)
}

fn ids(rows: &[Value], field: &str) -> Vec<i64> {
    rows.iter().map(|r| r[field].as_i64().unwrap()).collect()
}

#[tokio::test]
async fn the_learners_report_pages_through_every_learner_once_in_each_order() {
    let app = crate::reports::cohort().await;
    let admin = app.client_as(ADMIN).await;
    let course = "corso-prova";
    for sort in [
        "name",
        "progress",
        "progress-asc",
        "activity",
        "activity-asc",
    ] {
        let all = format!("/api/v1/reports/learners?course={course}&sort={sort}&limit=1000");
        let (whole, pages) = walk(&app, &admin, &all).await;
        assert_eq!(pages, 1, "{sort}: one page holds them all");
        assert!(whole.len() >= 4, "{sort}: the cohort has learners to page");
        for limit in [1, 2, 3] {
            let first =
                format!("/api/v1/reports/learners?course={course}&sort={sort}&limit={limit}");
            let (paged, pages) = walk(&app, &admin, &first).await;
            assert_eq!(
                ids(&paged, "learner_id"),
                ids(&whole, "learner_id"),
                "sort {sort}, {limit} a page: the same learners in the same order"
            );
            assert_eq!(
                pages,
                whole.len().div_ceil(limit),
                "sort {sort}, limit {limit}"
            );
        }
    }
    // The default page is small, and the first page ends with a Link.
    let response = admin
        .get(app.url(&format!("/api/v1/reports/learners?course={course}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let rows: Vec<Value> = response.json().await.unwrap();
    assert!(rows.len() <= 100);
}

#[tokio::test]
async fn a_tutor_pages_through_the_cohort_only() {
    let app = crate::reports::cohort().await;
    let tutor = app.client_as(TUTOR).await;
    let admin = app.client_as(ADMIN).await;
    let first = "/api/v1/reports/learners?course=corso-prova&limit=1";
    let (theirs, _) = walk(&app, &tutor, first).await;
    let (everyone, _) = walk(&app, &admin, first).await;
    assert!(!theirs.is_empty());
    assert!(theirs.len() < everyone.len(), "the tutor sees a part");
    assert!(
        theirs.iter().all(|r| r["region"] == "Liguria"),
        "{theirs:?}"
    );
}

#[tokio::test]
async fn limits_and_cursors_are_checked() {
    let app = crate::reports::cohort().await;
    let admin = app.client_as(ADMIN).await;
    let base = "/api/v1/reports/learners?course=corso-prova";
    let progress_page = admin
        .get(app.url(&format!("{base}&sort=progress&limit=1")))
        .send()
        .await
        .unwrap();
    let cursor_of_progress = next_address(&progress_page)
        .and_then(|a| a.split("after=").nth(1).map(str::to_string))
        .expect("a next page");
    for (query, what) in [
        ("&limit=0".to_string(), "limit"),
        ("&limit=1001".to_string(), "limit"),
        ("&limit=many".to_string(), "limit"),
        ("&after=not-a-cursor".to_string(), "after"),
        ("&after=eyJvIjoibmFtZSJ9".to_string(), "after"),
        // A cursor of the progress order is not one of the name order.
        (format!("&sort=name&after={cursor_of_progress}"), "after"),
    ] {
        let response = admin
            .get(app.url(&format!("{base}{query}")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{query}");
        let body: Value = response.json().await.unwrap();
        assert!(
            body["error"]["message"].as_str().unwrap().contains(what),
            "{query}: {body}"
        );
    }
    for path in [
        "/api/v1/users?limit=0",
        "/api/v1/users?role=chief",
        "/api/v1/users?after=%7B%7D",
        "/api/v1/library/acts?limit=501",
        "/api/v1/seminars?after=xyz",
        "/api/v1/search?q=permesso&after=xyz",
    ] {
        let response = admin.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 400, "{path}");
    }
}

#[tokio::test]
async fn the_accounts_list_pages_by_id_and_filters_by_role() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    let admin = app.client_as(ADMIN).await;
    let (whole, _) = walk(&app, &admin, "/api/v1/users?limit=1000").await;
    let (paged, pages) = walk(&app, &admin, "/api/v1/users?limit=3").await;
    assert_eq!(ids(&paged, "id"), ids(&whole, "id"));
    assert!(pages > 1);
    let mut sorted = ids(&whole, "id");
    sorted.sort_unstable();
    assert_eq!(ids(&whole, "id"), sorted, "by id");
    let (learners, _) = walk(&app, &admin, "/api/v1/users?role=learner&limit=2").await;
    assert!(!learners.is_empty());
    assert!(learners.iter().all(|u| u["role"] == "learner"));
    let learner_count = whole.iter().filter(|u| u["role"] == "learner").count();
    assert_eq!(learners.len(), learner_count);
}

#[tokio::test]
async fn search_pages_follow_the_next_cursor() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    let admin = app.client_as(ADMIN).await;
    let first = "/api/v1/search?q=permesso%20di%20soggiorno&limit=50";
    let whole: Value = admin
        .get(app.url(first))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let total = whole["total"].as_u64().unwrap() as usize;
    assert!(total > 3, "the demo content has hits to page: {total}");
    let expected: Vec<Value> = whole["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].clone())
        .collect();
    let mut seen = Vec::new();
    let mut path = Some("/api/v1/search?q=permesso%20di%20soggiorno&limit=3".to_string());
    while let Some(p) = path {
        let response = admin.get(app.url(&p)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{p}");
        let link = next_address(&response);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["total"].as_u64().unwrap() as usize, total);
        assert_eq!(body["next"].is_null(), link.is_none(), "{body}");
        seen.extend(
            body["hits"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h["id"].clone()),
        );
        path = link;
        assert!(seen.len() <= total, "no page repeats");
    }
    assert_eq!(seen.len(), total);
    assert_eq!(&seen[..expected.len().min(total)], &expected[..]);
}

#[tokio::test]
async fn short_lists_page_too() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    let admin = app.client_as(ADMIN).await;
    for (list, field) in [
        ("/api/v1/library/acts", "id"),
        ("/api/v1/courses", "id"),
        ("/api/v1/seminars", "id"),
    ] {
        let (whole, _) = walk(&app, &admin, &format!("{list}?limit=500")).await;
        let (paged, pages) = walk(&app, &admin, &format!("{list}?limit=1")).await;
        let key = |rows: &[Value]| rows.iter().map(|r| r[field].clone()).collect::<Vec<_>>();
        assert_eq!(key(&paged), key(&whole), "{list}");
        assert_eq!(pages, whole.len().max(1), "{list}");
    }
}

#[tokio::test]
async fn every_list_in_the_api_document_is_paged() {
    let app = TestApp::spawn().await;
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    // Lists wrapped in an object (with their totals or cursors) are named here; every
    // other list is found by its array answer.
    let wrapped = [
        "/api/v1/search",
        "/api/v1/certificates",
        "/api/v1/me/certificates",
        "/api/v1/editions/{n}/eligible-municipalities",
        "/api/v1/reports/seminars/never-attended",
        "/api/v1/seminars/sessions/{id}/attendance/history",
    ];
    let mut lists = 0;
    for (path, methods) in doc["paths"].as_object().unwrap() {
        let Some(get) = methods.get("get") else {
            continue;
        };
        let ok = &get["responses"]["200"];
        let schema = &ok["content"]["application/json"]["schema"];
        let is_array = schema["type"] == "array";
        if !is_array && !wrapped.contains(&path.as_str()) {
            continue;
        }
        lists += 1;
        let params: Vec<&str> = get["parameters"]
            .as_array()
            .map(|ps| ps.iter().filter_map(|p| p["name"].as_str()).collect())
            .unwrap_or_default();
        assert!(
            params.contains(&"limit") && params.contains(&"after"),
            "GET {path} answers a list without limit and after: {params:?}"
        );
        assert!(
            ok["headers"].get("Link").is_some(),
            "GET {path} does not document its Link header"
        );
    }
    assert!(lists >= 12, "only {lists} lists found");
}

#[tokio::test]
async fn the_matrix_export_lists_every_learner_once_across_its_batches() {
    let app = TestApp::spawn_with(|c| c.courses_dir = crate::corpus::fixture("courses-ok")).await;
    let catalog = app.state.catalog();
    // More than two batches of 500, and names that repeat (the generator reuses them).
    aula::demo::generate::generate(app.state.db(), &catalog, 1_200, 11, None)
        .await
        .unwrap();
    let admin = app.client_as(ADMIN).await;
    let (listed, _) = walk(
        &app,
        &admin,
        "/api/v1/reports/learners?course=corso-prova&limit=1000",
    )
    .await;
    let response = admin
        .get(app.url("/tutor/export/matrix.csv?course=corso-prova"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let exported: Vec<i64> = reader
        .records()
        .map(|r| r.unwrap()[0].parse::<i64>().unwrap())
        .collect();
    assert!(exported.len() >= 1_200, "{}", exported.len());
    assert_eq!(
        exported,
        ids(&listed, "learner_id"),
        "same learners, same order, once"
    );
}
