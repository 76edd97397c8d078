//! Every client a user has authorized, read page by page as the loop asks for them. Run with
//! `cargo run -p authlete-client --example pagination`.

use authlete_client::Client;
use authlete_fake::{FakeAuthlete, FakeClient};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let fake = FakeAuthlete::start().await?;
    fake.add_service("svc", "token");
    for id in 1..=23 {
        fake.add_client("svc", FakeClient::new(id));
        fake.grant("svc", id, "john", &["openid"]);
    }
    let client = Client::builder()
        .base_url(fake.base_url())
        .bearer_token("token")
        .build()?;
    let ops = client.client_management();

    // One item at a time; a page of 10 is fetched whenever the previous one is used up.
    let mut walk = ops.authorizations("svc", "john").paginate().page_size(10);
    let mut seen = 0;
    while let Some(c) = walk.next().await {
        let c = c?;
        seen += 1;
        if seen <= 3 {
            println!("client {:?}", c.client_id);
        }
    }
    println!("{seen} clients, in {} requests", fake.requests().len());

    // Or everything at once, from the 5th on.
    let rest = ops
        .authorizations("svc", "john")
        .start(5)
        .paginate()
        .collect_all()
        .await?;
    println!("{} clients from index 5", rest.len());
    Ok(())
}
