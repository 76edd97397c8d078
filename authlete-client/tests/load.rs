//! Many concurrent calls through clones of one client: every response is right, and the
//! connection pool is shared (connections opened stay near the number of concurrent tasks).

use authlete_client::Client;
use authlete_client::models::ClientExtensionRequestableScopesUpdateRequest;
use authlete_fake::{FakeAuthlete, FakeClient};
use std::time::{Duration, Instant};

const REQUESTS: usize = 10_000;
const TASKS: usize = 64;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_requests_from_64_tasks_share_one_pool() {
    let fake = FakeAuthlete::start().await.unwrap();
    fake.add_service("svc", "token");
    for task in 0..TASKS {
        fake.add_client("svc", FakeClient::new(1000 + task as i64));
    }
    let client = Client::builder()
        .bearer_token("token")
        .base_url(fake.base_url())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for task in 0..TASKS {
        let client = client.clone();
        // Each task owns one client record: it writes a value and reads it back.
        let calls = REQUESTS / TASKS + usize::from(task < REQUESTS % TASKS);
        tasks.spawn(async move {
            let id = (1000 + task).to_string();
            let ops = client.client_management();
            let mut done = 0;
            while done < calls {
                let scope = format!("scope-{task}-{done}");
                let written = ops
                    .update_requestable_scopes(
                        "svc",
                        &id,
                        ClientExtensionRequestableScopesUpdateRequest::new([scope.as_str()]),
                    )
                    .await
                    .map_err(|e| format!("task {task} write {done}: {e}"))?;
                assert_eq!(written.requestable_scopes, Some(vec![scope.clone()]));
                done += 1;
                if done < calls {
                    let read = ops
                        .requestable_scopes("svc", &id)
                        .await
                        .map_err(|e| format!("task {task} read {done}: {e}"))?;
                    assert_eq!(read.requestable_scopes, Some(vec![scope]));
                    done += 1;
                }
            }
            Ok::<usize, String>(done)
        });
    }
    let mut total = 0;
    let mut errors = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        match joined.expect("no task panicked") {
            Ok(n) => total += n,
            Err(e) => errors.push(e),
        }
    }
    let elapsed = started.elapsed();
    assert!(
        errors.is_empty(),
        "{} errors, first: {:?}",
        errors.len(),
        errors.first()
    );
    assert_eq!(total, REQUESTS);
    assert_eq!(fake.requests().len(), REQUESTS);
    let connections = fake.connections();
    println!(
        "load: {REQUESTS} requests from {TASKS} tasks in {:.2} s ({:.0} requests/s), {connections} connections opened",
        elapsed.as_secs_f64(),
        REQUESTS as f64 / elapsed.as_secs_f64()
    );
    // Without a shared pool every request would open its own connection (10,000). With one,
    // a connection is opened per concurrent request, plus a few that a pool opens when a
    // connection it was waiting for frees up first; the bound leaves room for those.
    assert!(
        connections <= 2 * TASKS,
        "{connections} connections for {TASKS} concurrent tasks"
    );
}
