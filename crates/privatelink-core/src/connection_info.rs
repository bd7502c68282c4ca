//! How to reach a component through an active privatelink connection: host, port and a
//! ready-to-use URI per component kind. The password is never part of it: the panel does
//! not hold credentials, so URIs name the default user and leave the password out.

use crate::resource_id::ConnectionId;
use crate::wire::{Component, Service};

/// The URI a client would use for `component` at `host:port`.
pub fn component_uri(component: &str, host: &str, port: u16) -> String {
    match component {
        "pg" | "pgbouncer" => {
            format!("postgres://avnadmin@{host}:{port}/defaultdb?sslmode=require")
        }
        "mysql" => format!("mysql://avnadmin@{host}:{port}/defaultdb?ssl-mode=REQUIRED"),
        "mysqlx" => format!("mysqlx://avnadmin@{host}:{port}/defaultdb"),
        "valkey" | "dragonfly" => format!("rediss://default@{host}:{port}"),
        "prometheus" => format!("https://{host}:{port}/metrics"),
        "clickhouse" => format!("clickhouse://avnadmin@{host}:{port}/default?secure=true"),
        "clickhouse_mysql" => format!("mysql://avnadmin@{host}:{port}/default"),
        // Kafka's clients and the Arrow Flight endpoint take a bare bootstrap address.
        "kafka" | "clickhouse_arrowflight" => format!("{host}:{port}"),
        _ => format!("https://{host}:{port}"),
    }
}

/// The service's own `service_uri`: the URI of its first component.
pub fn service_uri(service: &Service) -> Option<String> {
    service
        .components
        .first()
        .map(|c| component_uri(&c.component, &c.host, c.port))
}

/// One row of connection information.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ConnectionInfo {
    pub component: String,
    pub host: String,
    pub port: u16,
    pub uri: String,
}

/// The connection information of one privatelink connection, from the service's
/// `privatelink` components, in the service's order.
pub fn connection_info(service: &Service, connection_id: &ConnectionId) -> Vec<ConnectionInfo> {
    service
        .privatelink_components(connection_id)
        .map(|c: &Component| ConnectionInfo {
            component: c.component.clone(),
            host: c.host.clone(),
            port: c.port,
            uri: component_uri(&c.component, &c.host, c.port),
        })
        .collect()
}

/// A ready-to-run command for one row of connection information: which tool, and the
/// command line to paste into a shell.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ConnectCommand {
    /// The tool, as the Copy button names it (`psql`, `kcat`, `avn`).
    pub tool: &'static str,
    pub command: String,
}

/// The commands that connect to `info`'s component through privatelink connection
/// `connection_id` of `service` in `project`: the client tool itself (`psql` for
/// PostgreSQL and PgBouncer, `kcat` for Kafka) and the `avn service connection-info`
/// command that picks the same route (`-r privatelink -p <connection>`). Components
/// without a client snippet of their own get none; the URI row still shows them.
pub fn connect_commands(
    project: &str,
    service: &str,
    connection_id: &ConnectionId,
    info: &ConnectionInfo,
) -> Vec<ConnectCommand> {
    let avn = |tool: &str| {
        ConnectCommand {
        tool: "avn",
        command: format!(
            "avn service connection-info {tool} --project {project} {service} -r privatelink -p {connection_id}"
        ),
    }
    };
    match info.component.as_str() {
        // The URI names the user and leaves the password out: psql asks for it.
        "pg" => vec![
            ConnectCommand {
                tool: "psql",
                command: format!("psql '{}'", info.uri),
            },
            avn("psql"),
        ],
        // avn's connection-info has no PgBouncer route to pick, so psql only.
        "pgbouncer" => vec![ConnectCommand {
            tool: "psql",
            command: format!("psql '{}'", info.uri),
        }],
        // Certificate authentication: the files avn writes with `avn service user-creds-download`.
        "kafka" => vec![
            ConnectCommand {
                tool: "kcat",
                command: format!(
                    "kcat -b {}:{} -X security.protocol=SSL -X ssl.ca.location=ca.pem \
                     -X ssl.certificate.location=service.cert -X ssl.key.location=service.key -L",
                    info.host, info.port
                ),
            },
            avn("kcat"),
        ],
        _ => vec![],
    }
}
