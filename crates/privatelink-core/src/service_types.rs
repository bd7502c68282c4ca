//! The one table of service types: which components each has, which of them can be
//! reached through a privatelink (its `privatelink_access` keys, in the order the panel
//! shows them), and the ports a customer must open. The server's demo data, its
//! `user_config` checks and OpenAPI enums, and the panel's switches all read it.

/// One service type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceType {
    /// The `service_type` string of the API.
    pub name: &'static str,
    /// The description the API gives in `service_types`.
    pub description: &'static str,
    /// The service's components; every one is also a `privatelink_access` key.
    pub components: &'static [&'static str],
    /// Ports the customer's security group must allow through the privatelink, when the
    /// type uses a range rather than one port per component (Kafka's brokers).
    pub privatelink_ports: Option<(u16, u16)>,
}

/// Ports Kafka brokers use through PrivateLink.
pub const KAFKA_PRIVATELINK_PORTS: (u16, u16) = (10000, 31000);

/// Every service type this project knows, in the API's usual order.
pub const SERVICE_TYPES: &[ServiceType] = &[
    ServiceType {
        name: "pg",
        description: "PostgreSQL - Object-Relational Database Management System",
        components: &["pg", "pgbouncer", "prometheus"],
        privatelink_ports: None,
    },
    ServiceType {
        name: "kafka",
        description: "Apache Kafka - High-Throughput Distributed Messaging System",
        components: &[
            "kafka",
            "kafka_connect",
            "kafka_rest",
            "schema_registry",
            "jolokia",
            "prometheus",
        ],
        privatelink_ports: Some(KAFKA_PRIVATELINK_PORTS),
    },
    ServiceType {
        name: "kafka_connect",
        description: "Apache Kafka Connect - Scalable and reliable data streaming",
        components: &["kafka_connect", "jolokia", "prometheus"],
        privatelink_ports: None,
    },
    ServiceType {
        name: "mysql",
        description: "MySQL - Relational Database Management System",
        components: &["mysql", "mysqlx", "prometheus"],
        privatelink_ports: None,
    },
    ServiceType {
        name: "opensearch",
        description: "OpenSearch - Search & Analyze Data in Real Time",
        components: &["opensearch", "opensearch_dashboards", "prometheus"],
        privatelink_ports: None,
    },
    ServiceType {
        name: "clickhouse",
        description: "ClickHouse - Column-oriented data warehouse",
        components: &[
            "clickhouse",
            "clickhouse_https",
            "clickhouse_mysql",
            "clickhouse_arrowflight",
            "prometheus",
        ],
        privatelink_ports: None,
    },
    ServiceType {
        name: "valkey",
        description: "Valkey - In-memory data store",
        components: &["valkey", "prometheus"],
        privatelink_ports: None,
    },
    ServiceType {
        name: "dragonfly",
        description: "Dragonfly - In-memory data store",
        components: &["dragonfly", "prometheus"],
        privatelink_ports: None,
    },
    ServiceType {
        name: "flink",
        description: "Apache Flink - Stream processing",
        components: &["flink", "prometheus"],
        privatelink_ports: None,
    },
    ServiceType {
        name: "grafana",
        description: "Grafana - Metrics Dashboard",
        components: &["grafana"],
        privatelink_ports: None,
    },
    ServiceType {
        name: "thanos",
        description: "Thanos - Metrics storage",
        components: &["query_frontend", "receiver_routing"],
        privatelink_ports: None,
    },
];

/// The entry of a service type, `None` for one without privatelink.
pub fn service_type(name: &str) -> Option<&'static ServiceType> {
    SERVICE_TYPES.iter().find(|t| t.name == name)
}
