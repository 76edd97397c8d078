//! Prints how long generation takes and how much memory it uses, per fixture document and
//! for the largest corpus documents when `../shared/corpus` is present, with time and peak
//! heap per output line (flat columns mean linear growth).
//! Run with `cargo bench -p codegen --bench generate`. It prints figures; it asserts nothing.

use codegen::{Config, Manifest};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Counts live heap bytes and their peak, so that a run can report its peak memory.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged to the system allocator.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn main() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let documents = [
        (
            "spec/authlete-client-management.yaml",
            format!("{root}/spec/authlete-client-management.yaml"),
        ),
        (
            "fixtures/small.yaml",
            format!("{root}/codegen/tests/fixtures/small.yaml"),
        ),
        (
            "fixtures/schemas.yaml",
            format!("{root}/codegen/tests/fixtures/schemas.yaml"),
        ),
        (
            "fixtures/operations.yaml",
            format!("{root}/codegen/tests/fixtures/operations.yaml"),
        ),
        (
            "fixtures/large.yaml",
            format!("{root}/codegen/tests/fixtures/large.yaml"),
        ),
    ];
    // The largest public documents of the corpus, when it is next to this checkout.
    let mut documents = documents.to_vec();
    for name in ["pg-nexus.json", "pg-api.github.com.json"] {
        let path = format!("{root}/../shared/corpus/{name}");
        if std::path::Path::new(&path).exists() {
            documents.push((name, path));
        }
    }
    let quick = std::env::var("CI").is_ok_and(|v| v == "true");
    let config = Config {
        crate_name: "bench".into(),
        crate_version: "0.0.0".into(),
        command: "bench".into(),
        spec_label: "bench".into(),
        manifest: Manifest::Standalone,
        package: codegen::Package::default(),
    };
    println!(
        "{:<38} {:>9} {:>5} {:>6} {:>9} {:>10} {:>10} {:>10} {:>10} {:>12} {:>13}",
        "document",
        "in (KiB)",
        "ops",
        "types",
        "out lines",
        "out (KiB)",
        "median",
        "min",
        "peak heap",
        "µs/out line",
        "bytes/out line"
    );
    for (label, path) in documents {
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        // Warm up, and measure the peak heap of one run on its own.
        let baseline = LIVE.load(Ordering::Relaxed);
        PEAK.store(baseline, Ordering::Relaxed);
        let generated =
            codegen::generate(&text, &config).unwrap_or_else(|e| panic!("{label}: {e}"));
        let peak = PEAK.load(Ordering::Relaxed) - baseline;
        let runs = match (text.len() > 100_000, quick) {
            (true, true) => 3,
            (true, false) => 10,
            (false, true) => 10,
            (false, false) => 40,
        };
        let mut times: Vec<Duration> = (0..runs)
            .map(|_| {
                let started = Instant::now();
                let out = codegen::generate(&text, &config).expect("generates");
                let took = started.elapsed();
                std::hint::black_box(out);
                took
            })
            .collect();
        times.sort();
        let lines: usize = generated.files.values().map(|f| f.lines().count()).sum();
        let bytes: usize = generated.files.values().map(String::len).sum();
        let median = times[times.len() / 2];
        println!(
            "{:<38} {:>9.1} {:>5} {:>6} {:>9} {:>10.1} {:>8.1}ms {:>8.1}ms {:>8.1}MiB {:>12.2} {:>13.0}",
            label,
            text.len() as f64 / 1024.0,
            generated.operations,
            generated.types,
            lines,
            bytes as f64 / 1024.0,
            median.as_secs_f64() * 1000.0,
            times[0].as_secs_f64() * 1000.0,
            peak as f64 / (1024.0 * 1024.0),
            median.as_secs_f64() * 1e6 / lines as f64,
            peak as f64 / lines as f64,
        );
    }
}
