//! `paginate()` on `authorizations`: every client across pages, fetched lazily, bounded by the
//! request's own `start`/`end`, stopping on the total, on a short page without a total, and
//! after an error. Driven through the public API against the fake and canned servers.

mod common;

use authlete_client::Error;
use authlete_fake::{CannedServer, FakeAuthlete, FakeClient, RecordedRequest, Reply};
use serde_json::json;
use std::pin::Pin;

const SERVICE: &str = "svc-pages";
const TOKEN: &str = "token-pages";

/// A fake where `john` has authorized `n` clients, numbered from 1000.
async fn fake_with(n: i64) -> FakeAuthlete {
    let fake = FakeAuthlete::start().await.expect("fake starts");
    fake.add_service(SERVICE, TOKEN);
    for id in 1000..1000 + n {
        fake.add_client(SERVICE, FakeClient::new(id));
        fake.grant(SERVICE, id, "john", &["openid"]);
    }
    fake
}

fn client(base_url: &str) -> authlete_client::Client {
    authlete_client::Client::builder()
        .bearer_token(TOKEN)
        .base_url(base_url)
        .build()
        .expect("client builds")
}

/// The `(start, end)` of each list request, in order.
fn pages(requests: &[RecordedRequest]) -> Vec<(String, String)> {
    requests
        .iter()
        .filter(|r| r.target.contains("/authorization/get/list/"))
        .map(|r| {
            let value = |name: &str| {
                r.query
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            };
            (value("start"), value("end"))
        })
        .collect()
}

/// Every item of `walk`, within a bound: a walk that does not end fails the test instead of
/// hanging it.
async fn all<T>(walk: authlete_client::Paginated<T>) -> Result<Vec<T>, Error> {
    tokio::time::timeout(std::time::Duration::from_secs(10), walk.collect_all())
        .await
        .expect("the walk ends")
}

fn pairs(list: &[(i32, i32)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(s, e)| (s.to_string(), e.to_string()))
        .collect()
}

#[tokio::test]
async fn every_client_is_read_across_pages_and_the_total_ends_the_walk() {
    let fake = fake_with(7).await;
    let ops = client(&fake.base_url()).client_management();
    let clients = ops
        .authorizations(SERVICE, "john")
        .paginate()
        .page_size(3)
        .collect_all()
        .await
        .unwrap();
    let ids: Vec<i64> = clients.iter().map(|c| c.client_id.unwrap()).collect();
    assert_eq!(ids, (1000..1007).collect::<Vec<_>>());
    // The third page brings the items up to `totalCount`: no fourth request.
    assert_eq!(pages(&fake.requests()), pairs(&[(0, 3), (3, 6), (6, 9)]));
    // Every page carries the request's other inputs.
    assert!(
        fake.requests()
            .iter()
            .all(|r| r.query.iter().any(|(k, v)| k == "subject" && v == "john"))
    );
}

#[tokio::test]
async fn the_request_start_and_end_bound_the_walk() {
    let fake = fake_with(7).await;
    let ops = client(&fake.base_url()).client_management();
    let clients = ops
        .authorizations(SERVICE, "john")
        .start(2)
        .end(5)
        .paginate()
        .page_size(2)
        .collect_all()
        .await
        .unwrap();
    let ids: Vec<i64> = clients.iter().map(|c| c.client_id.unwrap()).collect();
    assert_eq!(ids, [1002, 1003, 1004]);
    assert_eq!(pages(&fake.requests()), pairs(&[(2, 4), (4, 5)]));
}

#[tokio::test]
async fn pages_are_fetched_only_when_their_items_are_read() {
    let fake = fake_with(7).await;
    let ops = client(&fake.base_url()).client_management();
    let mut walk = ops.authorizations(SERVICE, "john").paginate().page_size(2);
    assert!(fake.requests().is_empty(), "nothing is sent before reading");
    let first = walk.next().await.unwrap().unwrap();
    let second = walk.next().await.unwrap().unwrap();
    assert_eq!(
        (first.client_id, second.client_id),
        (Some(1000), Some(1001))
    );
    assert_eq!(pages(&fake.requests()), pairs(&[(0, 2)]));
    let third = walk.next().await.unwrap().unwrap();
    assert_eq!(third.client_id, Some(1002));
    assert_eq!(pages(&fake.requests()), pairs(&[(0, 2), (2, 4)]));
    drop(walk);
    // An empty list is one request and no item.
    let none = ops
        .authorizations(SERVICE, "nobody")
        .paginate()
        .collect_all()
        .await
        .unwrap();
    assert!(none.is_empty());
}

#[tokio::test]
async fn without_a_total_a_short_page_ends_the_walk() {
    let body = json!({"subject": "john", "clients": [{"clientId": 1}]});
    let server = CannedServer::start(Reply::json(200, &body)).await.unwrap();
    let ops = client(&server.base_url()).client_management();
    let clients = all(ops.authorizations(SERVICE, "john").paginate().page_size(2))
        .await
        .unwrap();
    assert_eq!(clients.len(), 1);
    assert_eq!(pages(&server.requests()), pairs(&[(0, 2)]));

    // A server that never says how many there are and always fills the page is walked up to
    // the request's end, not forever.
    let body = json!({"clients": [{"clientId": 1}, {"clientId": 2}]});
    let server = CannedServer::start(Reply::json(200, &body)).await.unwrap();
    let ops = client(&server.base_url()).client_management();
    let clients = all(ops
        .authorizations(SERVICE, "john")
        .end(6)
        .paginate()
        .page_size(2))
    .await
    .unwrap();
    assert_eq!(clients.len(), 6);
    assert_eq!(pages(&server.requests()), pairs(&[(0, 2), (2, 4), (4, 6)]));

    // A server that gives more than was asked does not take the walk past the request's end.
    let many =
        json!({"totalCount": 100, "clients": [{"clientId": 1}, {"clientId": 2}, {"clientId": 3}]});
    let server = CannedServer::start(Reply::json(200, &many)).await.unwrap();
    let ops = client(&server.base_url()).client_management();
    let clients = all(ops
        .authorizations(SERVICE, "john")
        .end(2)
        .paginate()
        .page_size(5))
    .await
    .unwrap();
    assert_eq!(clients.len(), 2);
    assert_eq!(pages(&server.requests()), pairs(&[(0, 2)]));

    // A page with no `clients` at all is an empty page: the walk ends.
    let server = CannedServer::start(Reply::json(200, &json!({"totalCount": 9})))
        .await
        .unwrap();
    let ops = client(&server.base_url()).client_management();
    let clients = all(ops.authorizations(SERVICE, "john").paginate())
        .await
        .unwrap();
    assert!(clients.is_empty());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn an_error_is_given_once_and_ends_the_walk() {
    let body = json!({"resultCode": "A001201", "resultMessage": "[A001201] Bad request."});
    let server = CannedServer::start(Reply::json(400, &body)).await.unwrap();
    let ops = client(&server.base_url()).client_management();
    let mut walk = ops.authorizations(SERVICE, "john").paginate();
    match walk.next().await {
        Some(Err(e @ Error::Service { .. })) => assert_eq!(e.result_code(), Some("A001201")),
        other => panic!("{other:?}"),
    }
    assert!(walk.next().await.is_none());
    assert_eq!(server.requests().len(), 1);

    let err = all(ops.authorizations(SERVICE, "john").paginate())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400));

    // A page index past the parameter's type is refused before anything is sent.
    let mut walk = ops
        .authorizations(SERVICE, "john")
        .start(i32::MAX - 1)
        .paginate()
        .page_size(5);
    let before = server.requests().len();
    assert!(matches!(
        walk.next().await,
        Some(Err(Error::InvalidInput { .. }))
    ));
    assert_eq!(server.requests().len(), before);
}

#[tokio::test]
async fn it_is_a_stream() {
    use futures_core::Stream;
    let fake = fake_with(3).await;
    let ops = client(&fake.base_url()).client_management();
    let mut walk = ops.authorizations(SERVICE, "john").paginate().page_size(2);
    let mut ids = Vec::new();
    while let Some(item) = std::future::poll_fn(|cx| Pin::new(&mut walk).poll_next(cx)).await {
        ids.push(item.unwrap().client_id.unwrap());
    }
    assert_eq!(ids, [1000, 1001, 1002]);
    // Sending it to another task works too: the walk is `Send`.
    let ops2 = ops.clone();
    let handle = tokio::spawn(async move {
        ops2.authorizations(SERVICE, "john")
            .paginate()
            .collect_all()
            .await
            .map(|c| c.len())
    });
    assert_eq!(handle.await.unwrap().unwrap(), 3);
}
