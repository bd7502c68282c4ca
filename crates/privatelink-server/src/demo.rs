//! Demo data on first start: `demo-project` with `demo-pg` and `demo-kafka` (Azure, in a
//! project VPC, static IPs: ready for PrivateLink), `demo-pg-public` (static IPs but no
//! VPC, so the preflight shows why it cannot have one), `demo-pg-aws` (AWS, in a VPC) and
//! `demo-kafka-gcp` (Google Cloud, in a VPC), and a token for the project. A database
//! seeded by an earlier version gets the services it lacks.

use privatelink_core::service_types::{service_type, ServiceType};
use serde_json::json;

use crate::error::{ApiResult, AppError};
use crate::model::ServiceRecord;
use crate::store::{token_hash, Store, Tx};

pub const DEMO_PROJECT: &str = "demo-project";
const DEMO_VPC: &str = "1007a317-aa9a-4f5e-a5fb-0a3b9fd5e2a3";

/// The demo services: name, service type (from the core's table), cloud and project VPC.
const DEMO_SERVICES: &[(&str, &str, &str, Option<&str>)] = &[
    ("demo-pg", "pg", "azure-eastus", Some(DEMO_VPC)),
    ("demo-kafka", "kafka", "azure-eastus", Some(DEMO_VPC)),
    ("demo-pg-public", "pg", "azure-eastus", None),
    ("demo-pg-aws", "pg", "aws-us-east-1", Some(DEMO_VPC)),
    (
        "demo-kafka-gcp",
        "kafka",
        "google-europe-west1",
        Some(DEMO_VPC),
    ),
];

/// A service record as first created, with a port block of its own.
pub fn new_service(
    tx: &Tx<'_>,
    project: &str,
    name: &str,
    service_type: &ServiceType,
    cloud: &str,
    vpc: Option<&str>,
    static_ips: bool,
) -> ApiResult<ServiceRecord> {
    let n = tx.service_count()?;
    let base_port = 10000 + ((n as u32 * 2000) % 50000) as u16;
    Ok(ServiceRecord::new(
        project,
        name,
        service_type,
        cloud,
        vpc,
        static_ips,
        base_port,
    ))
}

/// The meta key holding the demo token's hash.
pub const DEMO_TOKEN_HASH: &str = "demo_token_hash";

/// Seeds once, and makes `token` (a fresh random one when `None`) the demo token: it gets
/// the previous demo token's projects (the demo project and every project the simulator
/// made) and the previous demo token is revoked. Only hashes are stored. Returns the demo
/// token and its hash.
pub fn seed(store: &Store, token: Option<&str>, now: i64) -> Result<(String, String), AppError> {
    let token = token.map_or_else(|| crate::random_hex(24), str::to_owned);
    let hash = token_hash(&token);
    store.write_blocking(move |tx| {
        // Each demo service once; one the user deleted from an older seed is not made again.
        let seeded: Vec<String> = match tx.meta("seeded")? {
            None => vec![],
            Some(v) => serde_json::from_str::<Vec<String>>(&v)
                // `true`: seeded by a version that had only the Azure services.
                .unwrap_or_else(|_| DEMO_SERVICES[..3].iter().map(|d| d.0.to_owned()).collect()),
        };
        for (name, ty, cloud, vpc) in DEMO_SERVICES {
            if seeded.iter().any(|s| s == name) {
                continue;
            }
            let ty = service_type(ty)
                .ok_or_else(|| AppError::internal(format!("no service type {ty}")))?;
            if tx.service(DEMO_PROJECT, name)?.is_none() {
                let s = new_service(tx, DEMO_PROJECT, name, ty, cloud, *vpc, true)?.created_at(now);
                tx.put_service(&s)?;
            }
        }
        tx.stamp_service_times(now)?;
        let all: Vec<&str> = DEMO_SERVICES.iter().map(|d| d.0).collect();
        tx.set_meta("seeded", &json!(all).to_string())?;
        let mut projects = tx.token_hash_projects(&hash)?.unwrap_or_default();
        if let Some(old) = tx.meta(DEMO_TOKEN_HASH)? {
            for p in tx.token_hash_projects(&old)?.unwrap_or_default() {
                if !projects.contains(&p) {
                    projects.push(p);
                }
            }
            if old != hash {
                tx.delete_token_hash(&old)?;
            }
        }
        if !projects.iter().any(|p| p == DEMO_PROJECT) {
            projects.push(DEMO_PROJECT.to_owned());
        }
        tx.put_token_hash(&hash, &projects)?;
        tx.set_meta(DEMO_TOKEN_HASH, &hash)?;
        Ok((token, hash))
    })
}
