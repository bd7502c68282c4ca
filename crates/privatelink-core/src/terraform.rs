//! "Copy as Terraform": a service's privatelink, as the panel shows it, written as HCL for
//! the Aiven provider (`aiven/aiven` 4.x), with `import` blocks so that `terraform plan`
//! adopts what already exists instead of creating it again. One generator for the three
//! clouds; the panel's copy button and `privatelink-server export terraform` both call
//! [`terraform`].
//!
//! Only argument names of the provider's schema are written (the test suites check them
//! against `fixtures/terraform/provider-schema.json`, taken from the provider's docs). What
//! the provider cannot express becomes a `#` comment, never a made-up argument:
//! AWS `supported_regions` (the resource has no such argument); an Azure approval when the
//! service has no connection or several (the resource approves the service's only
//! connection and fails otherwise) or when that connection is already active (its create
//! waits for approval → `connected`, so it cannot adopt an active one); Google connections
//! not approved yet (the resource needs the endpoint's IP, which only the user knows); and
//! `privatelink_access`, a block of the service's own resource (which this file does not
//! manage), given as a commented snippet to merge.
//!
//! Every value is a quoted, escaped HCL string ([`quote`]), values quoted in comments too,
//! and every label comes from [`label`]: no name can end a string or a comment, or start
//! a template. Plain `String` pushes and `write!`, as this is compiled into the panel's wasm.

use std::fmt::Write;

use crate::cloud::Cloud;
use crate::service_types::service_type;
use crate::wire::{
    AwsConnection, AwsPrivatelink, AzurePrivatelink, AzurePrivatelinkConnection, ConnectionState,
    GoogleConnection, GooglePrivatelink, PrivatelinkState, Service,
};

/// The provider versions the output is written for: 4.51.0 added `psc_connection_id` to
/// `aiven_gcp_privatelink_connection_approval`; 5.0 may rename anything.
pub const PROVIDER_VERSION: &str = ">= 4.51.0, < 5.0.0";

/// What the panel shows of one cloud's privatelink: `None` when the service has none, and
/// its connections as listed (empty unless it is active).
#[derive(Debug, Clone, Copy)]
pub enum TerraformInput<'a> {
    Azure {
        privatelink: Option<&'a AzurePrivatelink>,
        connections: &'a [AzurePrivatelinkConnection],
    },
    Aws {
        privatelink: Option<&'a AwsPrivatelink>,
        connections: &'a [AwsConnection],
        /// `None` when unknown: the API takes them but never shows them.
        supported_regions: Option<&'a [String]>,
    },
    Google {
        privatelink: Option<&'a GooglePrivatelink>,
        connections: &'a [GoogleConnection],
    },
}

impl TerraformInput<'_> {
    pub fn cloud(&self) -> Cloud {
        match self {
            TerraformInput::Azure { .. } => Cloud::Azure,
            TerraformInput::Aws { .. } => Cloud::Aws,
            TerraformInput::Google { .. } => Cloud::Google,
        }
    }
}

/// The provider's privatelink resource type of a cloud.
pub fn resource_type(cloud: Cloud) -> &'static str {
    match cloud {
        Cloud::Aws => "aiven_aws_privatelink",
        Cloud::Azure => "aiven_azure_privatelink",
        Cloud::Google => "aiven_gcp_privatelink",
    }
}

/// `s` as an HCL quoted string. Besides `\` `"` and control characters (newline and the
/// like, which would end the string or the line, and bidi controls, which would make the
/// file read differently than it parses), `${` and `%{` are doubled: unescaped they start a
/// template, so a name could run an expression.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    push_quoted(&mut out, s);
    out
}

fn push_quoted(out: &mut String, s: &str) {
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control()
                || matches!(c, '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}') =>
            {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A resource label from a name: ASCII letters (lowercased), digits and `_`, anything
/// else as `_`, and a leading `_` when it would start with a digit or be empty (labels
/// start with a letter or `_`).
pub fn label(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 1);
    if name.chars().next().is_none_or(|c| c.is_ascii_digit()) {
        out.push('_');
    }
    for c in name.chars() {
        out.push(if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else {
            '_'
        });
    }
    out
}

/// The HCL of `service`'s privatelink in `project`, as `input` describes it.
pub fn terraform(project: &str, service: &Service, input: TerraformInput<'_>) -> String {
    let cloud = input.cloud();
    let mut g = Gen {
        out: String::with_capacity(2048),
        project,
        service: &service.service_name,
        label: label(&service.service_name),
    };
    let o = &mut g.out;
    let _ = writeln!(
        o,
        "# Terraform for the {} of service {} in project {}.",
        cloud.product(),
        quote(g.service),
        quote(project)
    );
    // `required_version`: import blocks came with Terraform 1.5; older versions reject them.
    o.push_str(
        "# Import blocks (Terraform 1.5 or later) adopt what already exists instead of creating it.\n\
         terraform {\n  required_version = \">= 1.5.0\"\n  required_providers {\n    aiven = {\n      \
         source  = \"aiven/aiven\"\n      version = ",
    );
    push_quoted(o, PROVIDER_VERSION);
    o.push_str("\n    }\n  }\n}\n\n");

    match input {
        TerraformInput::Azure {
            privatelink,
            connections,
        } => {
            let list =
                privatelink.map(|p| list(p.user_subscription_ids.iter().map(|s| s.as_str())));
            let list = list
                .unwrap_or_else(|| placeholder("the Azure subscription IDs allowed to connect"));
            if g.privatelink(
                cloud,
                privatelink.map(|p| &p.state),
                Some(("user_subscription_ids", list)),
            ) {
                g.azure_approval(connections);
            }
        }
        TerraformInput::Aws {
            privatelink,
            connections,
            supported_regions,
        } => {
            let list = privatelink.map(|p| list(p.principals.iter().map(|s| s.as_str())));
            let list = list.unwrap_or_else(|| {
                placeholder("the IAM principal ARNs allowed to connect (at least one)")
            });
            let active = g.privatelink(
                cloud,
                privatelink.map(|p| &p.state),
                Some(("principals", list)),
            );
            g.aws_notes(supported_regions, active.then_some(connections));
        }
        TerraformInput::Google {
            privatelink,
            connections,
        } => {
            if g.privatelink(cloud, privatelink.map(|p| &p.state), None) {
                g.google_approvals(connections);
            }
        }
    }
    g.access(service);
    let mut out = g.out;
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// A multi-line HCL list of quoted strings.
fn list<'s>(items: impl Iterator<Item = &'s str>) -> String {
    let mut out = String::from("[\n");
    for s in items {
        out.push_str("    ");
        push_quoted(&mut out, s);
        out.push_str(",\n");
    }
    out.push_str("  ]");
    out
}

/// An empty list holding a comment on what to fill in: valid HCL, and no made-up value.
fn placeholder(what: &str) -> String {
    format!("[\n    # {what}\n  ]")
}

struct Gen<'a> {
    out: String,
    project: &'a str,
    service: &'a str,
    label: String,
}

impl Gen<'_> {
    /// `text` as `#` lines, one per line of it (an empty last line is a blank line after
    /// them). Values in it are quoted, so a line break can only be the generator's own;
    /// splitting on every break keeps even an unquoted one inside the comment.
    fn comment(&mut self, text: &str) {
        let (text, blank) = match text.strip_suffix('\n') {
            Some(t) => (t, "\n"),
            None => (text, ""),
        };
        for line in text.split(['\n', '\r']) {
            let _ = writeln!(self.out, "# {line}");
        }
        self.out.push_str(blank);
    }

    /// `resource "TYPE" "LABEL" { … }`. Single-line values are aligned as `terraform fmt`
    /// aligns them; a multi-line one comes last, unaligned, as fmt leaves it.
    fn resource(&mut self, ty: &str, label: &str, args: &[(&str, String)]) {
        let w = args
            .iter()
            .filter(|(_, v)| !v.contains('\n'))
            .map(|(k, _)| k.len())
            .max()
            .unwrap_or(0);
        let _ = writeln!(self.out, "resource \"{ty}\" \"{label}\" {{");
        for (k, v) in args {
            let w = if v.contains('\n') { 0 } else { w };
            let _ = writeln!(self.out, "  {k:<w$} = {v}");
        }
        self.out.push_str("}\n\n");
    }

    fn import(&mut self, ty: &str, label: &str, id: &str) {
        let _ = write!(self.out, "import {{\n  to = {ty}.{label}\n  id = ");
        push_quoted(&mut self.out, id);
        self.out.push_str("\n}\n\n");
    }

    /// `project` and `service_name` of a resource that hangs off the privatelink: references,
    /// so Terraform orders them after it without a `depends_on`.
    fn refs(&self, cloud: Cloud) -> [(&'static str, String); 2] {
        let base = format!("{}.{}", resource_type(cloud), self.label);
        [
            ("project", format!("{base}.project")),
            ("service_name", format!("{base}.service_name")),
        ]
    }

    /// The privatelink resource, with its import when it exists. Returns whether it is
    /// active, the only state in which its connections mean anything.
    fn privatelink(
        &mut self,
        cloud: Cloud,
        state: Option<&PrivatelinkState>,
        list: Option<(&'static str, String)>,
    ) -> bool {
        let (ty, product) = (resource_type(cloud), cloud.product());
        let service = quote(self.service);
        match state {
            None => self.comment(&format!(
                "Service {service} has no {product} yet: applying this creates one."
            )),
            // Importing what is about to disappear would only fail on the next plan.
            Some(PrivatelinkState::Deleting) => {
                self.comment(&format!(
                    "The {product} of service {service} is being deleted: there is nothing to import.\n"
                ));
                return false;
            }
            Some(PrivatelinkState::Active) => {}
            Some(s) => self.comment(&format!(
                "The {product} is {}: its connections can be handled once it is active.",
                quote(s.as_str())
            )),
        }
        let mut args = vec![
            ("project", quote(self.project)),
            ("service_name", quote(self.service)),
        ];
        args.extend(list);
        let label = self.label.clone();
        self.resource(ty, &label, &args);
        if state.is_some() {
            self.import(ty, &label, &format!("{}/{}", self.project, self.service));
        }
        state == Some(&PrivatelinkState::Active)
    }

    fn azure_approval(&mut self, connections: &[AzurePrivatelinkConnection]) {
        const TY: &str = "aiven_azure_privatelink_connection_approval";
        let c = match connections {
            [] => {
                self.comment(&format!(
                    "No private endpoint has connected yet, so no {TY} is written.\n\
                     Add one once your endpoint exists: it approves the service's only connection.\n"
                ));
                return;
            }
            [c] => c,
            _ => {
                let _ = writeln!(
                    self.out,
                    "# This service has {} connections, so no {TY} is written:\n\
                     # it approves the service's only connection and fails with more than one.\n\
                     # Handle them in the panel or with avn:",
                    connections.len()
                );
                for c in connections {
                    self.comment(&format!(
                        "  {} {}, endpoint {}",
                        quote(c.privatelink_connection_id.as_str()),
                        quote(c.state.as_str()),
                        quote(&c.private_endpoint_id)
                    ));
                }
                self.out.push('\n');
                return;
            }
        };
        let id = quote(c.privatelink_connection_id.as_str());
        let state = quote(c.state.as_str());
        match &c.state {
            ConnectionState::PendingUserApproval
            | ConnectionState::UserApproved
            | ConnectionState::Connected => {}
            ConnectionState::Active | ConnectionState::Unknown(_) => {
                self.comment(&format!(
                    "Connection {id} is {state}, so no {TY} is written: its create\n\
                     waits for an approved connection to connect, and cannot adopt this one.\n"
                ));
                return;
            }
        }
        self.comment(&format!(
            "Connection {id} is {state} (endpoint {}).\n\
             Applying this approves it if it is pending, waits until it is connected, then sets\n\
             the endpoint's IP. No import block: the resource's read needs the connection ID\n\
             that only its create stores.",
            quote(&c.private_endpoint_id)
        ));
        let mut args = Vec::from(self.refs(Cloud::Azure));
        match &c.user_ip_address {
            Some(ip) => args.push(("endpoint_ip_address", quote(&ip.to_string()))),
            None => self.comment(
                "Add endpoint_ip_address, your private endpoint's IP: the connection becomes\n\
                 active only once it has one.",
            ),
        }
        let label = self.label.clone();
        self.resource(TY, &label, &args);
    }

    fn google_approvals(&mut self, connections: &[GoogleConnection]) {
        const TY: &str = "aiven_gcp_privatelink_connection_approval";
        if connections.is_empty() {
            self.comment(&format!(
                "No Private Service Connect connection yet, so no {TY} is written.\n"
            ));
        }
        let mut used: Vec<String> = Vec::new();
        for c in connections {
            let psc = quote(&c.psc_connection_id);
            let ip = match (&c.state, &c.user_ip_address) {
                (
                    ConnectionState::UserApproved
                    | ConnectionState::Connected
                    | ConnectionState::Active,
                    Some(ip),
                ) => ip.to_string(),
                // The resource needs the endpoint's IP, which only the user knows.
                (s, _) => {
                    self.comment(&format!(
                        "Connection {} (PSC connection {psc}) is {}: approve it with your\n\
                         endpoint's IP in the panel, or add an {TY} with that\n\
                         psc_connection_id and your endpoint's IP as user_ip_address.\n",
                        quote(c.privatelink_connection_id.as_str()),
                        quote(s.as_str())
                    ));
                    continue;
                }
            };
            let mut l = label(&format!("{}_{}", self.service, c.psc_connection_id));
            if used.contains(&l) {
                let _ = write!(l, "_{}", used.len());
            }
            let mut args = Vec::from(self.refs(Cloud::Google));
            args.push(("psc_connection_id", psc));
            args.push(("user_ip_address", quote(&ip)));
            self.resource(TY, &l, &args);
            let id = format!("{}/{}/{}", self.project, self.service, c.psc_connection_id);
            self.import(TY, &l, &id);
            used.push(l);
        }
    }

    /// What AWS has that the provider cannot hold: the supported regions (`None` when
    /// unknown) and the connections (`None` unless the privatelink is active).
    fn aws_notes(&mut self, regions: Option<&[String]>, connections: Option<&[AwsConnection]>) {
        let start = self.out.len();
        match regions {
            Some([]) => {}
            Some(regions) => {
                let mut quoted = String::new();
                for r in regions {
                    if !quoted.is_empty() {
                        quoted.push_str(", ");
                    }
                    push_quoted(&mut quoted, r);
                }
                self.comment(&format!(
                    "supported_regions {quoted}: aiven_aws_privatelink has no argument\n\
                     for them, so Terraform leaves them as they are; change them with avn\n\
                     (--supported-regions)."
                ));
            }
            None => self.comment(
                "supported_regions: the API never shows them and aiven_aws_privatelink has no\n\
                 argument for them, so any set with avn (--supported-regions) stay as they are.",
            ),
        }
        if let Some(connections) = connections {
            self.comment(&format!(
                "AWS accepts VPC endpoints of allowed principals by itself, and the provider has\n\
                 no connection resource. VPC endpoints connected now: {}",
                connections.len()
            ));
            for c in connections {
                self.comment(&format!(
                    "  {} {}, DNS name {}",
                    quote(&c.vpc_endpoint_id),
                    quote(c.state.as_str()),
                    quote(&c.dns_name)
                ));
            }
        }
        if self.out.len() > start {
            self.out.push('\n');
        }
    }

    /// `privatelink_access` as a commented block to merge into the service's own resource.
    fn access(&mut self, service: &Service) {
        let Some(t) = service_type(&service.service_type) else {
            self.comment(&format!(
                "Service type {} has no privatelink_access settings.",
                quote(&service.service_type)
            ));
            return;
        };
        let on = service.privatelink_access();
        let w = t.components.iter().map(|k| k.len()).max().unwrap_or(0);
        self.comment("privatelink_access belongs to the service's own resource, which this file does not manage.");
        self.comment(&format!(
            "Merge these switches into your aiven_{} resource of {}:",
            t.name,
            quote(self.service)
        ));
        self.out.push_str("#\n");
        let _ = writeln!(
            self.out,
            "#   {}_user_config {{\n#     privatelink_access {{",
            t.name
        );
        for k in t.components {
            let v = on.get(*k).copied().unwrap_or(false);
            let _ = writeln!(self.out, "#       {k:<w$} = {v}");
        }
        self.out.push_str("#     }\n#   }\n");
    }
}
