//! Whether a service can have a privatelink of a given cloud: it runs in that cloud and
//! sits in a project VPC; where the cloud needs it (Azure) it uses static IPs; the service
//! type is one the cloud's product supports (AWS excludes a few). The panel shows each
//! check with its reason; the server refuses a create with a message naming every check
//! that fails. One entry point, [`preflight`], for every cloud.

use crate::cloud::Cloud;
use crate::wire::Service;

/// One precondition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Check {
    /// The service runs in this cloud.
    Cloud(Cloud),
    ProjectVpc,
    StaticIps,
    /// The cloud's product is offered for the service's type.
    ServiceType(Cloud),
}

impl Check {
    /// Short label for a checklist.
    pub fn label(self) -> String {
        match self {
            Check::Cloud(c) => format!("Runs in {}", c.name()),
            Check::ProjectVpc => "Is in a project VPC".into(),
            Check::StaticIps => "Uses static IP addresses".into(),
            Check::ServiceType(c) => format!("Is a service type {} supports", c.product()),
        }
    }
}

/// The outcome of one check: `Err` carries the sentence explaining what to change.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CheckResult {
    pub check: Check,
    pub outcome: Result<(), String>,
}

/// Every check of `cloud`'s privatelink against a service, in the order a person fixes
/// them: the cloud, the project VPC, static IPs where the cloud needs them, and the
/// service type where the cloud excludes some.
pub fn preflight(cloud: Cloud, service: &Service) -> Vec<CheckResult> {
    let name = &service.service_name;
    let mut checks = vec![
        CheckResult {
            check: Check::Cloud(cloud),
            outcome: match cloud.mismatch(service) {
                None => Ok(()),
                Some(why) => Err(why),
            },
        },
        CheckResult {
            check: Check::ProjectVpc,
            outcome: if in_project_vpc(service) {
                Ok(())
            } else {
                Err(format!(
                    "Service {name} is not in a project VPC; {} needs the service in a project VPC in its region.",
                    cloud.product()
                ))
            },
        },
    ];
    if cloud.needs_static_ips() {
        checks.push(CheckResult {
            check: Check::StaticIps,
            outcome: if service.static_ips() {
                Ok(())
            } else {
                Err(format!(
                    "Service {name} does not use static IP addresses; set user_config.static_ips to true first."
                ))
            },
        });
    }
    let excluded = cloud.unsupported_service_types();
    if !excluded.is_empty() {
        let found = excluded.iter().find(|(t, _)| *t == service.service_type);
        checks.push(CheckResult {
            check: Check::ServiceType(cloud),
            outcome: match found {
                None => Ok(()),
                Some((_, product)) => Err(format!(
                    "Service {name} is {product}, for which Aiven does not offer {}.",
                    cloud.product()
                )),
            },
        });
    }
    checks
}

/// `Ok` when every check of [`preflight`] passes, else one message naming every failure
/// (the server's 409 for a create, the panel's reason to offer none).
pub fn preflight_error(cloud: Cloud, service: &Service) -> Result<(), String> {
    let failures: Vec<String> = preflight(cloud, service)
        .into_iter()
        .filter_map(|r| r.outcome.err())
        .collect();
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "Cannot create the {}: {}",
            cloud.product(),
            failures.join(" ")
        ))
    }
}

/// Whether the service sits in a project VPC (every cloud needs it).
fn in_project_vpc(service: &Service) -> bool {
    service
        .project_vpc_id
        .as_deref()
        .is_some_and(|v| !v.is_empty())
}
