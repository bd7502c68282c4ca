//! Demo data on first start: `demo-project` with `demo-pg` and `demo-kafka` (Azure, in a
//! project VPC, static IPs: ready for PrivateLink) and `demo-pg-public` (static IPs but no
//! VPC, so the preflight shows why it cannot have one), and a token for the project.

use serde_json::{json, Map, Value};

use crate::error::ApiResult;
use crate::model::ServiceRecord;
use crate::store::{Store, Tx};

pub const DEMO_PROJECT: &str = "demo-project";
const DEMO_VPC: &str = "1007a317-aa9a-4f5e-a5fb-0a3b9fd5e2a3";

/// A service record as first created: no privatelink, no `privatelink_access` enabled.
pub fn new_service(
    tx: &Tx<'_>,
    project: &str,
    name: &str,
    service_type: &str,
    cloud: &str,
    vpc: Option<&str>,
    static_ips: bool,
) -> ApiResult<ServiceRecord> {
    let n = tx.service_count()?;
    let mut user_config = Map::new();
    user_config.insert("static_ips".into(), Value::Bool(static_ips));
    Ok(ServiceRecord {
        project: project.to_owned(),
        service_name: name.to_owned(),
        service_type: service_type.to_owned(),
        plan: "business-4".to_owned(),
        cloud_name: cloud.to_owned(),
        project_vpc_id: vpc.map(str::to_owned),
        user_config,
        base_port: 10000 + ((n as u32 * 2000) % 50000) as u16,
        rebuild_until_ms: None,
        privatelink: None,
    })
}

/// Seeds once, and makes sure the given token (or the stored one) can use the demo
/// project. Returns the demo token.
pub fn seed(store: &Store, token: Option<&str>) -> Result<String, crate::error::AppError> {
    store.tx(|tx| {
        if tx.meta("seeded")?.is_none() {
            for (name, ty, vpc) in [
                ("demo-pg", "pg", Some(DEMO_VPC)),
                ("demo-kafka", "kafka", Some(DEMO_VPC)),
                ("demo-pg-public", "pg", None),
            ] {
                let s = new_service(tx, DEMO_PROJECT, name, ty, "azure-eastus", vpc, true)?;
                tx.put_service(&s)?;
            }
            tx.set_meta("seeded", &json!(true).to_string())?;
        }
        let token = match (token, tx.meta("demo_token")?) {
            (Some(t), _) => t.to_owned(),
            (None, Some(t)) => t,
            (None, None) => crate::random_hex(24),
        };
        tx.set_meta("demo_token", &token)?;
        let mut projects = tx.token_projects(&token)?.unwrap_or_default();
        if !projects.iter().any(|p| p == DEMO_PROJECT) {
            projects.push(DEMO_PROJECT.to_owned());
        }
        tx.put_token(&token, &projects)?;
        Ok(token)
    })
}
