//! `cargo xtask contract`: checks the spec, the client and the fake with tools we did not write.
//!
//! 1. Installs the pinned tools into ignored folders inside the repository: Prism and Redocly
//!    CLI with `npm ci` (from `xtask/contract/package-lock.json`) and `openapi-spec-validator`
//!    in a Python virtual environment (from `xtask/contract/requirements.txt`).
//! 2. Validates the spec with `openapi-spec-validator` and `redocly lint`.
//! 3. Starts `prism mock` over the spec, and `prism proxy --errors` in front of the address
//!    where the contract tests start the in-process fake, both on free loopback ports.
//! 4. Runs the contract tests (`authlete-client/tests/contract.rs`) against them.
//!
//! Every process it starts is stopped when it returns, whether the tests passed or not.

use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

pub fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let root = crate::generate::workspace_root();
    let tools = root.join("xtask/contract");
    let spec = root.join("spec/authlete-client-management.yaml");
    require(&["node", "npm", "python3"])?;

    step("installing the pinned tools (npm ci, pip in a virtual environment)");
    let mut npm = Command::new("npm");
    npm.args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(&tools);
    status(&mut npm, "npm ci")?;
    let venv = tools.join(".venv");
    if !venv.join("bin/python").exists() {
        status(
            Command::new("python3").args(["-m", "venv"]).arg(&venv),
            "python3 -m venv",
        )?;
    }
    let mut pip = Command::new(venv.join("bin/pip"));
    pip.args(["install", "--quiet", "--disable-pip-version-check", "-r"])
        .arg(tools.join("requirements.txt"));
    status(&mut pip, "pip install")?;

    step("openapi-spec-validator");
    status(
        Command::new(venv.join("bin/openapi-spec-validator")).arg(&spec),
        "openapi-spec-validator",
    )?;

    step("redocly lint");
    let mut lint = Command::new(tools.join("node_modules/.bin/redocly"));
    lint.args(["lint", "--format=stylish"])
        .arg(&spec)
        .env("REDOCLY_TELEMETRY", "off")
        .env("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
    status(&mut lint, "redocly lint")?;

    step("starting prism mock and prism proxy on loopback");
    let (mock_port, proxy_port, fake_port) = (free_port()?, free_port()?, free_port()?);
    let prism = tools.join("node_modules/.bin/prism");
    let logs = root.join("target/contract");
    std::fs::create_dir_all(&logs).map_err(|e| format!("cannot create {}: {e}", logs.display()))?;
    let mut processes = Processes(Vec::new());
    processes.start(
        Command::new(&prism)
            .args(["mock", "-h", "127.0.0.1", "-p", &mock_port.to_string()])
            .arg(&spec),
        &logs.join("prism-mock.log"),
    )?;
    processes.start(
        Command::new(&prism)
            .args([
                "proxy",
                "--errors",
                "-h",
                "127.0.0.1",
                "-p",
                &proxy_port.to_string(),
            ])
            .arg(&spec)
            .arg(format!("http://127.0.0.1:{fake_port}")),
        &logs.join("prism-proxy.log"),
    )?;
    for (port, log) in [
        (mock_port, "prism-mock.log"),
        (proxy_port, "prism-proxy.log"),
    ] {
        wait_for(port, Duration::from_secs(90)).map_err(|e| {
            let log_text = std::fs::read_to_string(logs.join(log)).unwrap_or_default();
            format!("{e}\n--- {log} ---\n{log_text}")
        })?;
    }

    step("contract tests");
    let mut tests = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    tests
        .args([
            "test",
            "-p",
            "authlete-client",
            "--test",
            "contract",
            "--",
            "--ignored",
            "--test-threads=1",
        ])
        .current_dir(&root)
        .env("CONTRACT_MOCK_URL", format!("http://127.0.0.1:{mock_port}"))
        .env(
            "CONTRACT_PROXY_URL",
            format!("http://127.0.0.1:{proxy_port}"),
        )
        .env("CONTRACT_FAKE_ADDR", format!("127.0.0.1:{fake_port}"));
    let result = status(&mut tests, "the contract tests");
    drop(processes);
    result?;
    println!("contract: the spec validates, and the client and the fake agree with it");
    Ok(())
}

fn step(what: &str) {
    println!("\n==> contract: {what}");
}

fn require(commands: &[&str]) -> Result<(), String> {
    let missing: Vec<&str> = commands
        .iter()
        .copied()
        .filter(|c| {
            Command::new(c)
                .arg("--version")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_err()
        })
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "`cargo xtask contract` needs {} on the PATH (Node.js with npm, and Python 3); install them and run it again",
            missing.join(", ")
        ))
    }
}

fn status(command: &mut Command, what: &str) -> Result<(), String> {
    let status = command
        .status()
        .map_err(|e| format!("cannot run {what}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({status})"))
    }
}

fn free_port() -> Result<u16, String> {
    let listener =
        TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(|e| format!("no free port: {e}"))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

fn wait_for(port: u16, limit: Duration) -> Result<(), String> {
    let started = Instant::now();
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    while started.elapsed() < limit {
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Err(format!(
        "nothing listened on 127.0.0.1:{port} after {limit:?}"
    ))
}

/// Started processes, each in a process group of its own, all stopped on drop.
struct Processes(Vec<Child>);

impl Processes {
    fn start(&mut self, command: &mut Command, log: &Path) -> Result<(), String> {
        use std::os::unix::process::CommandExt;
        let out = std::fs::File::create(log)
            .map_err(|e| format!("cannot create {}: {e}", log.display()))?;
        let err = out.try_clone().map_err(|e| e.to_string())?;
        let child = command
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .process_group(0)
            .spawn()
            .map_err(|e| format!("cannot start {:?}: {e}", command.get_program()))?;
        self.0.push(child);
        Ok(())
    }
}

impl Drop for Processes {
    fn drop(&mut self) {
        for child in &mut self.0 {
            // The group id is the child's pid; signalling the group also stops what it started.
            if let Ok(group) = libc::pid_t::try_from(child.id()) {
                if group > 1 {
                    // SAFETY: kill(2) with a negative pid signals that process group only: the
                    // group this child leads, made by `process_group(0)` when it was started.
                    unsafe { libc::kill(-group, libc::SIGTERM) };
                }
            }
            let deadline = Instant::now() + Duration::from_secs(5);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = child.try_wait() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
