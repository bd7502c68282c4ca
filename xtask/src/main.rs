//! `cargo xtask`: the project's one entry point for setting up tools, building, serving,
//! testing and benchmarking. Plain std, no dependencies, so it compiles in seconds on a
//! fresh machine before anything else is built.

mod bench;
mod cmd;
mod package;
mod panel;
mod serve;
mod test;
mod tools;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  test      install what is missing, then run every test layer (native, browsers, avn, e2e)
  serve     build the panel and start the server with demo data; prints the URL and token
            (release build; options after `--` go to `privatelink-server serve`,
            e.g. -- --listen 0.0.0.0:8080)
  bench     measure panel sizes, API latency, the front end against a plain-JS page and
            the server under load; writes target/bench/report.md and JSON beside it
            (--only size,latency,frontend,load picks parts)
  setup     only install the pinned tools (wasm target, wasm-bindgen, trunk, wasm-opt,
            browsers and drivers, npm and Python packages)
  build-panel  build the release panel into dist/
  package   build the npm package (target/package/); prints the tarball's path last
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, rest) = match args.split_first() {
        Some((c, rest)) => (c.as_str(), rest),
        None => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let result = match command {
        "test" => test::run_layers(rest),
        "serve" => serve::run(rest),
        "bench" => bench::run(rest),
        "setup" => tools::Tools::setup_all().map(|_| ()),
        "build-panel" => {
            tools::Tools::setup_panel_build().and_then(|t| panel::build_release(&t).map(|_| ()))
        }
        "package" => tools::Tools::setup_panel_build().and_then(|t| package::run(&t)),
        "-h" | "--help" | "help" => {
            print!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}
