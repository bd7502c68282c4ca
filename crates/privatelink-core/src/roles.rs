//! Project members' roles and the permissions Aiven's API checks (Aiven's permission model,
//! docs/hosts-and-permissions.md): every privatelink operation of every cloud, the reads
//! included, needs `service:configuration:write`, which `admin` and `operator` have and
//! `developer` and `read_only` do not; reading a service needs `project:services:read`;
//! changing it (`privatelink_access`) needs `project:services:write` or
//! `service:configuration:write`. The server enforces these per route; the panel reads a
//! refusal's `error_code`.

use std::fmt;

/// A project member's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Admin,
    Operator,
    Developer,
    ReadOnly,
}

/// A permission an operation needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    ProjectServicesRead,
    ProjectServicesWrite,
    ServiceConfigurationWrite,
}

/// The `error_code` of a refusal for want of a permission.
pub const PERMISSION_DENIED: &str = "permission_denied";

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Operator, Role::Developer, Role::ReadOnly];

    /// As the API and the command line write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Operator => "operator",
            Role::Developer => "developer",
            Role::ReadOnly => "read_only",
        }
    }

    pub fn parse(s: &str) -> Result<Role, String> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "\"{s}\" is not a role; roles are admin, operator, developer and read_only."
                )
            })
    }

    /// Whether the role has `p`.
    pub fn grants(self, p: Permission) -> bool {
        match (self, p) {
            (Role::Admin | Role::Operator, _) => true,
            (Role::Developer | Role::ReadOnly, Permission::ProjectServicesRead) => true,
            (
                Role::Developer | Role::ReadOnly,
                Permission::ProjectServicesWrite | Permission::ServiceConfigurationWrite,
            ) => false,
        }
    }

    /// Whether the role has one of `any` (an empty list needs nothing).
    pub fn grants_any(self, any: &[Permission]) -> bool {
        any.is_empty() || any.iter().any(|p| self.grants(*p))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Permission {
    pub fn as_str(self) -> &'static str {
        match self {
            Permission::ProjectServicesRead => "project:services:read",
            Permission::ProjectServicesWrite => "project:services:write",
            Permission::ServiceConfigurationWrite => "service:configuration:write",
        }
    }
}

/// `a or b` of permissions, for a sentence.
pub fn permissions_text(any: &[Permission]) -> String {
    any.iter()
        .map(|p| p.as_str())
        .collect::<Vec<_>>()
        .join(" or ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_admin_and_operator_may_touch_private_links_and_everyone_may_read_a_service() {
        use Permission::*;
        for r in Role::ALL {
            let writes = matches!(r, Role::Admin | Role::Operator);
            assert_eq!(r.grants(ServiceConfigurationWrite), writes, "{r}");
            assert_eq!(
                r.grants_any(&[ProjectServicesWrite, ServiceConfigurationWrite]),
                writes
            );
            assert!(r.grants(ProjectServicesRead), "{r}");
            assert_eq!(Role::parse(r.as_str()), Ok(r));
        }
        assert!(Role::parse("owner").is_err());
    }
}
