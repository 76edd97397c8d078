//! Heap allocations per request: a `granted_scopes` call through the generated client against
//! the hand-written reqwest + serde call, counted on the calling thread only (the server runs
//! on a thread of its own). Run with `cargo bench -p authlete-client --bench allocations`; it
//! prints figures and ratios.

mod common;

use common::{Server, hand};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};

struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

thread_local! {
    static COUNTED: Cell<bool> = const { Cell::new(false) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTED.try_with(Cell::get).unwrap_or(false) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
            BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        }
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTED.try_with(Cell::get).unwrap_or(false) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
            BYTES.fetch_add(new_size as u64, Ordering::Relaxed);
        }
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Allocations and bytes per call of `calls` calls made by `run`.
fn count(runtime: &tokio::runtime::Runtime, calls: u64, run: impl AsyncFnOnce()) -> (f64, f64) {
    ALLOCATIONS.store(0, Ordering::Relaxed);
    BYTES.store(0, Ordering::Relaxed);
    COUNTED.with(|c| c.set(true));
    runtime.block_on(run());
    COUNTED.with(|c| c.set(false));
    (
        ALLOCATIONS.load(Ordering::Relaxed) as f64 / calls as f64,
        BYTES.load(Ordering::Relaxed) as f64 / calls as f64,
    )
}

fn main() {
    // The server on its own thread and runtime, so that its allocations are not counted.
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("server runtime");
        runtime.block_on(async {
            let server = Server::start(&common::authorizations_page(1)).await;
            sender.send(server.base.clone()).expect("send the address");
            std::future::pending::<()>().await;
        });
    });
    let base = receiver.recv().expect("the server starts");
    // The calls on this thread only.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let client = runtime.block_on(async { common::client(&base) });
    let handle = client.client_management();
    let own = runtime.block_on(async { common::client_on(&base, common::plain_http()) });
    let own_handle = own.client_management();
    let http = common::plain_http();
    let id = common::CLIENT_ID.to_string();
    // Warm both up: connections open, pools filled.
    runtime.block_on(async {
        for _ in 0..10 {
            hand::granted_scopes(&http, &base).await.unwrap();
            handle
                .granted_scopes(common::SERVICE, id.as_str(), "john")
                .await
                .unwrap();
            own_handle
                .granted_scopes(common::SERVICE, id.as_str(), "john")
                .await
                .unwrap();
        }
    });
    let calls = 2_000;
    let baseline = count(&runtime, calls, async || {
        for _ in 0..calls {
            black_box(hand::granted_scopes(&http, &base).await.unwrap());
        }
    });
    let generated = count(&runtime, calls, async || {
        for _ in 0..calls {
            black_box(
                handle
                    .granted_scopes(common::SERVICE, id.as_str(), "john")
                    .await
                    .unwrap(),
            );
        }
    });
    let on_own = count(&runtime, calls, async || {
        for _ in 0..calls {
            black_box(
                own_handle
                    .granted_scopes(common::SERVICE, id.as_str(), "john")
                    .await
                    .unwrap(),
            );
        }
    });
    println!("\nheap allocations per `granted_scopes` call ({calls} calls, calling thread only)");
    println!(
        "  {:<40} {:>12} {:>12} {:>8}",
        "", "allocations", "bytes", "ratio"
    );
    for (name, (allocations, bytes)) in [
        ("hand-written reqwest + serde", baseline),
        ("authlete-client", generated),
        ("authlete-client on its caller's reqwest", on_own),
    ] {
        println!(
            "  {:<40} {:>12.1} {:>12.0} {:>8.2}",
            name,
            allocations,
            bytes,
            allocations / baseline.0
        );
    }
}
