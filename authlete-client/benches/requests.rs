//! Request throughput: calls through the generated client against the hand-written
//! reqwest + serde call a team would write instead, to the same local server, in the same run.
//! Run with `cargo bench -p authlete-client --bench requests`; it prints figures and ratios and
//! asserts nothing about time.

mod common;

use common::{Server, hand, measure, print, quick};
use std::hint::black_box;
use std::sync::Arc;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let quick = quick();
    let rounds = if quick { 5 } else { 11 };
    let page_clients = 1_000;
    let server = runtime.block_on(Server::start(&common::authorizations_page(page_clients)));
    let base = server.base.clone();
    let client = runtime.block_on(async { common::client(&base) });
    let http = common::plain_http();
    let handle = client.client_management();

    // Both answer correctly before anything is timed.
    runtime.block_on(async {
        let page = handle
            .authorizations(common::SERVICE, "john")
            .await
            .unwrap();
        assert_eq!(page.clients.unwrap().len(), page_clients);
        let page = hand::authorizations(&http, &base).await.unwrap();
        assert_eq!(page.clients.unwrap().len(), page_clients);
        let scopes = handle
            .granted_scopes(common::SERVICE, common::CLIENT_ID.to_string(), "john")
            .await
            .unwrap();
        assert_eq!(scopes.subject.as_deref(), Some("john"));
        hand::granted_scopes(&http, &base).await.unwrap();
    });

    let n = if quick { 20 } else { 100 };
    let figures = measure(
        rounds,
        &mut [
            ("hand-written reqwest + serde", &mut || {
                runtime.block_on(async {
                    for _ in 0..n {
                        black_box(hand::authorizations(&http, &base).await.unwrap());
                    }
                });
                n as f64
            }),
            ("authlete-client", &mut || {
                runtime.block_on(async {
                    for _ in 0..n {
                        black_box(
                            handle
                                .authorizations(common::SERVICE, "john")
                                .await
                                .unwrap(),
                        );
                    }
                });
                n as f64
            }),
        ],
    );
    print(
        &format!("`authorizations` returning {page_clients} clients, one call at a time"),
        "calls/s",
        &figures,
    );

    let n = if quick { 1_000 } else { 10_000 };
    let id = common::CLIENT_ID.to_string();
    let figures = measure(
        rounds,
        &mut [
            ("hand-written reqwest + serde", &mut || {
                runtime.block_on(async {
                    for _ in 0..n {
                        black_box(hand::granted_scopes(&http, &base).await.unwrap());
                    }
                });
                n as f64
            }),
            ("authlete-client", &mut || {
                runtime.block_on(async {
                    for _ in 0..n {
                        black_box(
                            handle
                                .granted_scopes(common::SERVICE, id.as_str(), "john")
                                .await
                                .unwrap(),
                        );
                    }
                });
                n as f64
            }),
        ],
    );
    print("`granted_scopes`, one call at a time", "calls/s", &figures);

    let tasks = 64;
    let per_task = if quick { 50 } else { 400 };
    let http = Arc::new(http);
    let base = Arc::new(base);
    let own = runtime.block_on(async { common::client_on(&base, common::plain_http()) });
    // `tasks` tasks making `per_task` calls each, all at once; gives the number of calls.
    fn at_once<F, Fut>(
        runtime: &tokio::runtime::Runtime,
        tasks: usize,
        per_task: usize,
        call: F,
    ) -> f64
    where
        F: Fn() -> Fut + Clone + Send + 'static,
        Fut: std::future::Future<Output = ()> + Send,
    {
        runtime.block_on(async {
            let joins: Vec<_> = (0..tasks)
                .map(|_| {
                    let call = call.clone();
                    tokio::spawn(async move {
                        for _ in 0..per_task {
                            call().await;
                        }
                    })
                })
                .collect();
            for join in joins {
                join.await.unwrap();
            }
        });
        (tasks * per_task) as f64
    }
    let by_hand = {
        let (http, base) = (http.clone(), base.clone());
        move || {
            let (http, base) = (http.clone(), base.clone());
            async move {
                black_box(hand::granted_scopes(&http, &base).await.unwrap());
            }
        }
    };
    let through = |client: &authlete_client::Client| {
        let (handle, id) = (client.client_management(), id.clone());
        move || {
            let (handle, id) = (handle.clone(), id.clone());
            async move {
                black_box(
                    handle
                        .granted_scopes(common::SERVICE, id.as_str(), "john")
                        .await
                        .unwrap(),
                );
            }
        }
    };
    let (ours, on_own) = (through(&client), through(&own));
    let figures = measure(
        rounds,
        &mut [
            ("hand-written reqwest + serde", &mut || {
                at_once(&runtime, tasks, per_task, by_hand.clone())
            }),
            ("authlete-client", &mut || {
                at_once(&runtime, tasks, per_task, ours.clone())
            }),
            (
                "authlete-client on its caller's reqwest::Client",
                &mut || at_once(&runtime, tasks, per_task, on_own.clone()),
            ),
        ],
    );
    print(
        &format!("`granted_scopes`, {tasks} tasks at once"),
        "calls/s",
        &figures,
    );
    drop(server);
}
