//! Whether a service can have an Azure PrivateLink: it runs in an Azure cloud, sits in a
//! project VPC and uses static IPs. The panel shows each check with its reason; the server
//! refuses a create with a message naming every check that fails.

use crate::wire::Service;

/// One precondition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Check {
    AzureCloud,
    ProjectVpc,
    StaticIps,
}

impl Check {
    /// Short label for a checklist.
    pub fn label(self) -> &'static str {
        match self {
            Check::AzureCloud => "Runs in an Azure cloud",
            Check::ProjectVpc => "Is in a project VPC",
            Check::StaticIps => "Uses static IP addresses",
        }
    }
}

/// The outcome of one check: `Err` carries the sentence explaining what to change.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CheckResult {
    pub check: Check,
    pub outcome: Result<(), String>,
}

/// Runs every check against a service.
pub fn preflight(service: &Service) -> Vec<CheckResult> {
    let name = &service.service_name;
    vec![
        CheckResult {
            check: Check::AzureCloud,
            outcome: if service.cloud_name.starts_with("azure-") {
                Ok(())
            } else {
                Err(format!(
                    "Service {name} runs in {}, not an Azure cloud (azure-*); Azure PrivateLink needs the service in Azure.",
                    service.cloud_name
                ))
            },
        },
        CheckResult {
            check: Check::ProjectVpc,
            outcome: if service
                .project_vpc_id
                .as_deref()
                .is_some_and(|v| !v.is_empty())
            {
                Ok(())
            } else {
                Err(format!(
                    "Service {name} is not in a project VPC; move it into a project VPC in its Azure region first."
                ))
            },
        },
        CheckResult {
            check: Check::StaticIps,
            outcome: if service.static_ips() {
                Ok(())
            } else {
                Err(format!(
                    "Service {name} does not use static IP addresses; set user_config.static_ips to true first."
                ))
            },
        },
    ]
}

/// `Ok` when every check passes, else one message naming every failed check.
pub fn preflight_error(service: &Service) -> Result<(), String> {
    let failures: Vec<String> = preflight(service)
        .into_iter()
        .filter_map(|r| r.outcome.err())
        .collect();
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "Cannot create an Azure PrivateLink: {}",
            failures.join(" ")
        ))
    }
}
