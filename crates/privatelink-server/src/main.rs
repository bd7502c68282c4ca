//! The `privatelink-server` command: `serve` runs the API, the simulator and the panel;
//! `sim create-endpoint`, `sim create-vpc-endpoint` and `sim create-psc-endpoint` play the
//! customer creating a private endpoint in Azure, an interface VPC endpoint in AWS and a
//! Private Service Connect endpoint in Google Cloud; `export terraform` prints a service's
//! private link as HCL; `member add` adds a project member with a role and prints their
//! token. Output a script reads (URL and token, the created endpoint as JSON, the HCL, the
//! member's token as the last line) goes to stdout; logs and errors go to stderr.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use privatelink_core::names::validate_project_name;
use privatelink_core::roles::Role;
use privatelink_server::export_cli::{export_terraform, ExportTerraform};
use privatelink_server::sim_cli::{self, CreateEndpoint, CreatePscEndpoint, CreateVpcEndpoint};
use privatelink_server::store::Store;
use privatelink_server::{app, server, AppState, Config, Delays, Limits};

#[derive(Parser)]
#[command(
    name = "privatelink-server",
    version,
    about = "Aiven-compatible PrivateLink API with simulated Azure, AWS and Google Cloud sides"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API under /v1, the simulator under /sim and the panel at /.
    Serve(ServeArgs),
    /// Play the customer's side in Azure, AWS or Google Cloud.
    #[command(subcommand)]
    Sim(SimCommand),
    /// Print a service's privatelink in another form, for scripts.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Manage the project members of a data directory (works while the server runs).
    #[command(subcommand)]
    Member(MemberCommand),
}

#[derive(Subcommand)]
enum MemberCommand {
    /// Add a project member with a role (or change an existing member's role) and print a
    /// new token for them as the last line; the member's previous token stops working.
    Add {
        /// Directory of the SQLite database (the server's --data-dir).
        #[arg(long, env = "PRIVATELINK_DATA_DIR", default_value = ".data")]
        data_dir: PathBuf,
        #[arg(long)]
        project: String,
        #[arg(long)]
        email: String,
        /// admin, operator, developer or read_only.
        #[arg(long)]
        role: String,
    },
}

#[derive(Subcommand)]
enum ExportCommand {
    /// Print the service's privatelink as Terraform for the aiven/aiven provider (4.x), with
    /// import blocks: the panel's "Copy as Terraform".
    Terraform {
        /// The server, e.g. http://127.0.0.1:8080
        #[arg(long, env = "PRIVATELINK_SERVER")]
        server: String,
        /// An API token of the project (sent as Authorization: aivenv1 TOKEN).
        #[arg(long, env = "AIVEN_AUTH_TOKEN", hide_env_values = true)]
        token: String,
        #[arg(long)]
        project: String,
        #[arg(long)]
        service: String,
    },
}

/// Every delay flag: 0 to one week.
fn delay_ms() -> clap::builder::RangedI64ValueParser<i64> {
    clap::value_parser!(i64).range(0..=Delays::MAX_MS)
}

#[derive(clap::Args)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "PRIVATELINK_LISTEN", default_value = "127.0.0.1:8080")]
    listen: String,
    /// Directory of the SQLite database (created 0700 if missing).
    #[arg(long, env = "PRIVATELINK_DATA_DIR", default_value = ".data")]
    data_dir: PathBuf,
    /// Token with access to the demo project; replaces the previous demo token (a fresh
    /// random one on every start otherwise).
    #[arg(long, env = "PRIVATELINK_DEMO_TOKEN")]
    demo_token: Option<String>,
    /// The built panel (Trunk's dist/) to serve at /.
    #[arg(long, env = "PRIVATELINK_PANEL_DIR", default_value = "dist")]
    panel_dir: PathBuf,
    /// Serve the test-only simulator routes (faults, clock, services, tokens), to the demo
    /// token only.
    #[arg(long, env = "PRIVATELINK_TEST_CONTROLS")]
    test_controls: bool,
    /// Time moves only through POST /sim/clock/advance (needs --test-controls).
    #[arg(long, env = "PRIVATELINK_MANUAL_CLOCK", requires = "test_controls")]
    manual_clock: bool,
    /// Answer CORS on /sim for exactly this origin, e.g. http://127.0.0.1:8000 (for tests
    /// that run in a browser; needs --test-controls).
    #[arg(long, env = "PRIVATELINK_SIM_CORS_ORIGIN", requires = "test_controls")]
    sim_cors_origin: Option<String>,
    /// Serve /bench/bare, the load benchmark's baseline handler.
    #[arg(long, env = "PRIVATELINK_BENCH_ROUTES")]
    bench_routes: bool,
    /// Connections served at once; more wait until one closes.
    #[arg(long, env = "PRIVATELINK_MAX_CONNECTIONS", default_value_t = Limits::default().max_connections as u64,
          value_parser = clap::value_parser!(u64).range(1..=Limits::MAX_CONNECTIONS as u64))]
    max_connections: u64,
    /// Connections one client address may hold at once (half the connection cap when not
    /// given); more from it are closed at once.
    #[arg(long, env = "PRIVATELINK_MAX_CONNECTIONS_PER_CLIENT",
          value_parser = clap::value_parser!(u64).range(1..=Limits::MAX_CONNECTIONS as u64))]
    max_connections_per_client: Option<u64>,
    /// creating -> active.
    #[arg(long, env = "PRIVATELINK_CREATE_DELAY_MS", default_value_t = Delays::default().create_ms, value_parser = delay_ms())]
    create_delay_ms: i64,
    /// user-approved -> connected.
    #[arg(long, env = "PRIVATELINK_CONNECT_DELAY_MS", default_value_t = Delays::default().connect_ms, value_parser = delay_ms())]
    connect_delay_ms: i64,
    /// connected with an IP -> active.
    #[arg(long, env = "PRIVATELINK_DNS_DELAY_MS", default_value_t = Delays::default().dns_ms, value_parser = delay_ms())]
    dns_delay_ms: i64,
    /// How long the service shows REBUILDING after a privatelink_access change.
    #[arg(long, env = "PRIVATELINK_REBUILD_DELAY_MS", default_value_t = Delays::default().rebuild_ms, value_parser = delay_ms())]
    rebuild_delay_ms: i64,
    /// deleting -> gone.
    #[arg(long, env = "PRIVATELINK_DELETE_DELAY_MS", default_value_t = Delays::default().delete_ms, value_parser = delay_ms())]
    delete_delay_ms: i64,
}

// clap names each subcommand after its variant, so they share the `create-` prefix.
#[allow(clippy::enum_variant_names)]
#[derive(Subcommand)]
enum SimCommand {
    /// Create a private endpoint against an alias or Private Link service ID; prints it as JSON.
    CreateEndpoint {
        /// The server, e.g. http://127.0.0.1:8080
        #[arg(long, env = "PRIVATELINK_SERVER")]
        server: String,
        #[arg(long)]
        subscription_id: String,
        #[arg(long)]
        resource_group: String,
        #[arg(long)]
        name: String,
        /// The privatelink's azure_service_alias or azure_service_id.
        #[arg(long)]
        target: String,
    },
    /// Create an AWS interface VPC endpoint against an AWS PrivateLink's endpoint service;
    /// prints it as JSON.
    CreateVpcEndpoint {
        /// The server, e.g. http://127.0.0.1:8080
        #[arg(long, env = "PRIVATELINK_SERVER")]
        server: String,
        /// The IAM principal ARN creating the endpoint, e.g. arn:aws:iam::123456789012:root;
        /// the privatelink's principals must allow it.
        #[arg(long)]
        principal: String,
        #[arg(long)]
        name: String,
        /// The AWS PrivateLink's aws_service_name.
        #[arg(long)]
        service_name: String,
    },
    /// Create a Google Cloud Private Service Connect endpoint against a service attachment;
    /// prints it as JSON.
    CreatePscEndpoint {
        /// The server, e.g. http://127.0.0.1:8080
        #[arg(long, env = "PRIVATELINK_SERVER")]
        server: String,
        /// The customer's Google Cloud project ID (6-30 lowercase letters, digits, hyphens).
        #[arg(long)]
        project_id: String,
        #[arg(long)]
        name: String,
        /// The service attachment the endpoint connects to.
        #[arg(long)]
        service_attachment: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_target(false)
        .init();
    let result = match cli.command {
        Command::Serve(args) => serve(args),
        Command::Sim(SimCommand::CreateEndpoint {
            server,
            subscription_id,
            resource_group,
            name,
            target,
        }) => sim_cli::create_endpoint(&CreateEndpoint {
            server,
            subscription_id,
            resource_group,
            name,
            target,
        })
        .and_then(print_created),
        Command::Sim(SimCommand::CreateVpcEndpoint {
            server,
            principal,
            name,
            service_name,
        }) => sim_cli::create_vpc_endpoint(&CreateVpcEndpoint {
            server,
            principal,
            name,
            service_name,
        })
        .and_then(print_created),
        Command::Sim(SimCommand::CreatePscEndpoint {
            server,
            project_id,
            name,
            service_attachment,
        }) => sim_cli::create_psc_endpoint(&CreatePscEndpoint {
            server,
            project_id,
            name,
            service_attachment,
        })
        .and_then(print_created),
        Command::Export(ExportCommand::Terraform {
            server,
            token,
            project,
            service,
        }) => export_terraform(&ExportTerraform {
            server,
            token,
            project,
            service,
        })
        .map(|hcl| print!("{hcl}")),
        Command::Member(MemberCommand::Add {
            data_dir,
            project,
            email,
            role,
        }) => member_add(&data_dir, &project, &email, &role),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `member add`: checks the values, stores the member and a new token (only its hash), and
/// prints the token last.
fn member_add(data_dir: &Path, project: &str, email: &str, role: &str) -> Result<(), String> {
    let role = Role::parse(role)?;
    validate_project_name(project).map_err(|e| e.to_string())?;
    let email = email.trim();
    if email.is_empty() || !email.contains('@') || email.chars().any(char::is_whitespace) {
        return Err(format!("\"{email}\" is not an email address."));
    }
    let store = Store::open(data_dir, Limits::default().db_wait)?;
    let token = privatelink_server::random_hex(24);
    let (p, e, t) = (project.to_owned(), email.to_owned(), token.clone());
    store
        .write_blocking(move |tx| tx.put_member(&p, &e, role.as_str(), &t))
        .map_err(|e| e.message)?;
    println!("Member {email} of project {project} has the role {role}. Their token:");
    println!("{token}");
    Ok(())
}

/// The created endpoint is a `sim` command's output, pretty JSON on stdout for scripts.
fn print_created(created: serde_json::Value) -> Result<(), String> {
    serde_json::to_string_pretty(&created)
        .map(|text| println!("{text}"))
        .map_err(|e| e.to_string())
}

fn serve(a: ServeArgs) -> Result<(), String> {
    let limits = Limits {
        max_connections: a.max_connections as usize,
        max_connections_per_client: a.max_connections_per_client.map(|n| n as usize),
        ..Limits::default()
    };
    let cfg = Config {
        data_dir: a.data_dir,
        demo_token: a.demo_token,
        panel_dir: Some(a.panel_dir),
        test_controls: a.test_controls,
        manual_clock: a.manual_clock,
        delays: Delays {
            create_ms: a.create_delay_ms,
            connect_ms: a.connect_delay_ms,
            dns_ms: a.dns_delay_ms,
            rebuild_ms: a.rebuild_delay_ms,
            delete_ms: a.delete_delay_ms,
        },
        limits,
        sim_cors_origin: a.sim_cors_origin,
        bench_routes: a.bench_routes,
    };
    let (state, token) = AppState::open(&cfg)?;
    let rt = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&a.listen)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", a.listen))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        println!("PrivateLink panel (Azure, AWS, Google): http://{addr}/#token={token}");
        println!("API: http://{addr}/v1   OpenAPI: http://{addr}/openapi.json");
        println!("Token: {token}   (project demo-project)");
        println!("avn:   AIVEN_WEB_URL=http://{addr} AIVEN_AUTH_TOKEN={token} avn service privatelink azure get demo-pg --project demo-project");
        let _ = std::io::stdout().flush();
        server::serve(listener, app(state), limits, shutdown_signal())
            .await
            .map_err(|e| e.to_string())
    })
}

/// Ctrl-C, or SIGTERM on Unix.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
