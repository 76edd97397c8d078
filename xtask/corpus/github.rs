//! Behaviour of the crate generated from GitHub's REST API description (the largest document
//! of the corpus), over real HTTP on 127.0.0.1: `cargo xtask corpus` copies this file into
//! that crate's `tests/` and runs it. Each test asserts the raw request.

use authlete_fake::raw::{Action, RawServer};
use corpus_pg_api_github_com_json::{Client, RetryPolicy, Upload};

const NOT_FOUND: &str = r#"{"message":"Not Found","documentation_url":"https://docs.example"}"#;

fn client(server: &RawServer) -> Client {
    Client::builder()
        .base_url(server.base_url())
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_union_path_parameter_takes_a_number_or_a_file_name() {
    let server = RawServer::start(|_, _| Action::json(404, NOT_FOUND))
        .await
        .unwrap();
    let actions = client(&server).actions();
    let e = actions
        .actions_get_workflow("octo", "hello world", 161335)
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(404));
    let _ = actions
        .actions_get_workflow("octo", "hello", "main.yaml")
        .await
        .unwrap_err();
    let seen = server.requests();
    assert_eq!(seen[0].request_line, "GET /repos/octo/hello%20world/actions/workflows/161335 HTTP/1.1");
    assert_eq!(seen[1].request_line, "GET /repos/octo/hello/actions/workflows/main.yaml HTTP/1.1");
}

#[tokio::test]
async fn a_text_body_is_sent_as_text() {
    let server = RawServer::start(|_, _| Action::with_type(200, "text/html", "<h1>Hi</h1>"))
        .await
        .unwrap();
    let html = client(&server)
        .markdown()
        .markdown_render_raw()
        .body("# Hi\n")
        .await
        .unwrap();
    assert_eq!(html, "<h1>Hi</h1>");
    let seen = &server.requests()[0];
    assert_eq!(seen.request_line, "POST /markdown/raw HTTP/1.1");
    assert_eq!(seen.header("content-type"), Some("text/plain"));
    // The success is HTML, not JSON: the request accepts it.
    assert_eq!(seen.header("accept"), Some("*/*"));
    assert_eq!(seen.body, b"# Hi\n");
}

#[tokio::test]
async fn a_release_asset_is_uploaded_as_bytes() {
    let server = RawServer::start(|_, _| Action::json(404, NOT_FOUND))
        .await
        .unwrap();
    let bytes = vec![0x50, 0x4b, 0x03, 0x04, 0xff];
    let e = client(&server)
        .repos()
        .repos_upload_release_asset("octo", "hello", 1, "build 1.zip")
        .label("Build")
        .body(Upload::bytes(bytes.clone()).content_type("application/zip"))
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(404));
    let seen = &server.requests()[0];
    assert_eq!(
        seen.request_line,
        "POST /repos/octo/hello/releases/1/assets?name=build+1.zip&label=Build HTTP/1.1"
    );
    assert_eq!(seen.header("content-type"), Some("application/zip"));
    assert_eq!(seen.body, bytes);
}

#[tokio::test]
async fn enum_and_text_query_parameters_are_sent() {
    use corpus_pg_api_github_com_json::models::{IssuesListForRepoSort, IssuesListForRepoState};
    let server = RawServer::start(|_, _| Action::json(200, "[]")).await.unwrap();
    let issues = client(&server)
        .issues()
        .issues_list_for_repo("octo", "hello")
        .state(IssuesListForRepoState::Closed)
        .labels("bug,ui")
        .sort(IssuesListForRepoSort::Updated)
        .per_page(5)
        .await
        .unwrap();
    assert!(issues.is_empty());
    assert_eq!(
        server.requests()[0].request_line,
        "GET /repos/octo/hello/issues?state=closed&labels=bug%2Cui&sort=updated&per_page=5 HTTP/1.1"
    );
}
