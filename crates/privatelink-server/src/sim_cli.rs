//! `privatelink-server sim …`: plays the customer's side in each cloud against the server's
//! simulator (plain HTTP, the server is local, no auth header):
//!
//! - `create-endpoint`: an Azure private endpoint against a privatelink's alias or resource
//!   ID, through `POST /sim/endpoints`;
//! - `create-vpc-endpoint`: an AWS interface VPC endpoint against an AWS PrivateLink's
//!   `aws_service_name`, through `POST /sim/vpc-endpoints`;
//! - `create-psc-endpoint`: a Google Cloud Private Service Connect endpoint against a
//!   service attachment, through `POST /sim/psc-endpoints`.
//!
//! Arguments are checked before any network call; every error is one sentence for stderr.

use std::time::Duration;

use privatelink_core::{AwsPrincipal, PrivateEndpointId};
use serde_json::{json, Value};

/// What the customer gives Azure.
#[derive(Debug, Clone)]
pub struct CreateEndpoint {
    /// The server, e.g. `http://127.0.0.1:8080`.
    pub server: String,
    pub subscription_id: String,
    pub resource_group: String,
    pub name: String,
    /// The privatelink's `azure_service_alias` or `azure_service_id`.
    pub target: String,
}

/// What the customer gives AWS to create an interface VPC endpoint.
#[derive(Debug, Clone)]
pub struct CreateVpcEndpoint {
    /// The server, e.g. `http://127.0.0.1:8080`.
    pub server: String,
    /// The IAM principal ARN creating the endpoint; the privatelink must allow it.
    pub principal: String,
    pub name: String,
    /// The AWS PrivateLink's `aws_service_name` (the endpoint service).
    pub service_name: String,
}

/// What the customer gives Google Cloud to create a Private Service Connect endpoint.
#[derive(Debug, Clone)]
pub struct CreatePscEndpoint {
    /// The server, e.g. `http://127.0.0.1:8080`.
    pub server: String,
    /// The customer's Google Cloud project ID.
    pub project_id: String,
    pub name: String,
    /// The service attachment the endpoint connects to.
    pub service_attachment: String,
}

/// The server as a base URL: `http://host[:port]`, nothing after it.
fn base_url(server: &str) -> Result<String, String> {
    let trimmed = server.trim_end_matches('/');
    let rest = trimmed.strip_prefix("http://").ok_or_else(|| {
        format!("--server must be an http:// URL such as http://127.0.0.1:8080, not {server:?}")
    })?;
    if rest.is_empty() || rest.contains(['/', '?', '#']) {
        return Err(format!(
            "--server must be scheme, host and port only, not {server:?}"
        ));
    }
    Ok(trimmed.to_owned())
}

/// Refuses an empty (or blank) argument, naming its flag.
fn non_empty(flag: &str, value: &str) -> Result<(), String> {
    if value.trim().is_empty() {
        Err(format!("{flag} is empty; give a value."))
    } else {
        Ok(())
    }
}

/// Keeps a pasted paragraph out of an error sentence (core's rule for every message).
fn shown(s: &str) -> String {
    privatelink_core::paste::truncate_for_message(s)
}

/// A Google Cloud project ID: 6–30 lowercase letters, digits and hyphens, starting with a
/// letter, not ending with a hyphen.
fn check_gcp_project_id(id: &str) -> Result<(), String> {
    non_empty("--project-id", id)?;
    let quoted = format!("{:?}", shown(id));
    if let Some(c) = id
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        return Err(format!(
            "--project-id {quoted} contains {c:?}; a Google Cloud project ID has only lowercase letters, digits and hyphens."
        ));
    }
    if !id.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Err(format!(
            "--project-id {quoted} must start with a lowercase letter, as every Google Cloud project ID does."
        ));
    }
    if id.ends_with('-') {
        return Err(format!(
            "--project-id {quoted} ends with a hyphen; a Google Cloud project ID ends with a letter or digit."
        ));
    }
    let len = id.len();
    if !(6..=30).contains(&len) {
        return Err(format!(
            "--project-id {quoted} has {len} characters; a Google Cloud project ID has 6 to 30."
        ));
    }
    Ok(())
}

/// POSTs `body` as JSON to `{server}{path}` and returns the server's 201 answer. The error
/// is a sentence: a bad `--server` (before any network call), an unreachable server, an
/// answer that is not JSON, or the API's message and status.
fn post_sim(server: &str, path: &str, body: &Value) -> Result<Value, String> {
    let url = format!("{}{path}", base_url(server)?);
    let body = body.to_string();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(Some(Duration::from_secs(5)))
        .timeout_global(Some(Duration::from_secs(30)))
        // API errors are answers to read, not transport failures.
        .http_status_as_error(false)
        .build()
        .into();
    let mut res = agent
        .post(&url)
        .header("content-type", "application/json")
        .send(body.as_bytes())
        .map_err(|e| format!("cannot reach the server at {server}: {e}"))?;
    let status = res.status().as_u16();
    let text = res
        .body_mut()
        .read_to_string()
        .map_err(|e| format!("no answer from {server}: {e}"))?;
    let value: Value = serde_json::from_str(&text)
        .map_err(|_| format!("unexpected answer (status {status}): {text}"))?;
    if status != 201 {
        let msg = value["message"].as_str().unwrap_or("request failed");
        return Err(format!("{msg} (status {status})"));
    }
    Ok(value)
}

/// Creates the endpoint and returns the server's answer (`private_endpoint_id`,
/// `private_ip_address`, …). The error is a sentence for stderr: a bad argument (checked
/// before any network call), an unreachable server, or the API's message and status.
pub fn create_endpoint(args: &CreateEndpoint) -> Result<Value, String> {
    let id = PrivateEndpointId::new(&args.subscription_id, &args.resource_group, &args.name)
        .map_err(|e| e.to_string())?;
    let body = json!({
        "subscription_id": id.subscription_id.as_str(),
        "resource_group": args.resource_group,
        "name": args.name,
        "target": args.target,
    });
    post_sim(&args.server, "/sim/endpoints", &body)
}

/// The checks `create_vpc_endpoint` makes before any network call.
fn check_vpc_endpoint(args: &CreateVpcEndpoint) -> Result<(), String> {
    AwsPrincipal::parse_exact(&args.principal).map_err(|e| format!("--principal: {e}"))?;
    non_empty("--name", &args.name)?;
    non_empty("--service-name", &args.service_name)
}

/// Creates an AWS interface VPC endpoint against an endpoint service (an AWS
/// PrivateLink's `aws_service_name`) and returns the server's answer (`vpc_endpoint_id`,
/// `dns_name`, `service_name`, `principal`, `name`, `project`, `service`). Errors as
/// [`create_endpoint`]'s: 404 when no active endpoint service has that name, 403 when the
/// principal is not allowed.
pub fn create_vpc_endpoint(args: &CreateVpcEndpoint) -> Result<Value, String> {
    check_vpc_endpoint(args)?;
    let body = json!({
        "principal": args.principal,
        "name": args.name,
        "service_name": args.service_name,
    });
    post_sim(&args.server, "/sim/vpc-endpoints", &body)
}

/// The checks `create_psc_endpoint` makes before any network call.
fn check_psc_endpoint(args: &CreatePscEndpoint) -> Result<(), String> {
    check_gcp_project_id(&args.project_id)?;
    non_empty("--name", &args.name)?;
    non_empty("--service-attachment", &args.service_attachment)
}

/// Creates a Google Cloud Private Service Connect endpoint against a service attachment
/// and returns the server's answer (`psc_connection_id`, `ip_address`, `name`,
/// `project_id`, `service_attachment`, `project`, `service`). Errors as
/// [`create_endpoint`]'s.
pub fn create_psc_endpoint(args: &CreatePscEndpoint) -> Result<Value, String> {
    check_psc_endpoint(args)?;
    let body = json!({
        "project_id": args.project_id,
        "name": args.name,
        "service_attachment": args.service_attachment,
    });
    post_sim(&args.server, "/sim/psc-endpoints", &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A server nothing listens on: a check that let a call through would fail with
    /// "cannot reach", not the sentence the test expects.
    const NOWHERE: &str = "http://127.0.0.1:9";

    fn vpc(principal: &str, name: &str, service_name: &str) -> CreateVpcEndpoint {
        CreateVpcEndpoint {
            server: NOWHERE.into(),
            principal: principal.into(),
            name: name.into(),
            service_name: service_name.into(),
        }
    }

    fn psc(project_id: &str, name: &str, service_attachment: &str) -> CreatePscEndpoint {
        CreatePscEndpoint {
            server: NOWHERE.into(),
            project_id: project_id.into(),
            name: name.into(),
            service_attachment: service_attachment.into(),
        }
    }

    const ARN: &str = "arn:aws:iam::123456789012:root";
    const SERVICE: &str = "com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0";
    const ATTACHMENT: &str = "projects/aiven-prod/regions/europe-west1/serviceAttachments/pg-1";

    #[test]
    fn the_server_must_be_a_plain_http_origin() {
        assert_eq!(
            base_url("http://127.0.0.1:8080/").unwrap(),
            "http://127.0.0.1:8080"
        );
        assert_eq!(base_url("http://localhost").unwrap(), "http://localhost");
        for bad in [
            "127.0.0.1:8080",
            "https://x",
            "http://",
            "http://x/v1",
            "http://x?a",
        ] {
            assert!(base_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_vpc_endpoint_with_good_arguments_passes_the_checks() {
        assert_eq!(check_vpc_endpoint(&vpc(ARN, "my-vpce", SERVICE)), Ok(()));
        let role = "arn:aws-us-gov:iam::123456789012:role/ops/deployer";
        assert_eq!(check_vpc_endpoint(&vpc(role, "my-vpce", SERVICE)), Ok(()));
    }

    #[test]
    fn a_vpc_endpoint_refuses_a_bad_principal_before_the_network() {
        for bad in [
            "",
            "123456789012",
            "arn:aws:iam::12345:root",
            "arn:aws:s3:::bucket",
            "arn:aws:iam::123456789012:group/admins",
            // The wire takes the exact form: no forgiving of pasted whitespace.
            " arn:aws:iam::123456789012:root",
        ] {
            let err = create_vpc_endpoint(&vpc(bad, "my-vpce", SERVICE)).unwrap_err();
            assert!(err.starts_with("--principal: "), "{bad:?}: {err}");
        }
    }

    #[test]
    fn a_vpc_endpoint_refuses_an_empty_name_or_service_name_before_the_network() {
        let err = create_vpc_endpoint(&vpc(ARN, "", SERVICE)).unwrap_err();
        assert_eq!(err, "--name is empty; give a value.");
        let err = create_vpc_endpoint(&vpc(ARN, "  ", SERVICE)).unwrap_err();
        assert_eq!(err, "--name is empty; give a value.");
        let err = create_vpc_endpoint(&vpc(ARN, "my-vpce", "")).unwrap_err();
        assert_eq!(err, "--service-name is empty; give a value.");
    }

    #[test]
    fn a_vpc_endpoint_checks_the_server_before_the_network() {
        let mut args = vpc(ARN, "my-vpce", SERVICE);
        args.server = "https://127.0.0.1:9".into();
        let err = create_vpc_endpoint(&args).unwrap_err();
        assert!(err.starts_with("--server must be an http:// URL"), "{err}");
    }

    #[test]
    fn google_project_ids_follow_googles_rule() {
        let thirty = "a".repeat(30);
        let thirty_one = "a".repeat(31);
        for good in ["my-project", "abcdef", "a1-b2-c3", thirty.as_str()] {
            assert_eq!(check_gcp_project_id(good), Ok(()), "{good}");
        }
        for (bad, says) in [
            ("", "is empty"),
            ("My-Project", "contains 'M'"),
            ("my_project", "contains '_'"),
            ("my project", "contains ' '"),
            ("1project", "must start with a lowercase letter"),
            ("-project", "must start with a lowercase letter"),
            ("project-", "ends with a hyphen"),
            ("abcde", "has 5 characters"),
            (thirty_one.as_str(), "has 31 characters"),
        ] {
            let err = check_gcp_project_id(bad).unwrap_err();
            assert!(err.contains(says), "{bad:?}: {err}");
            assert!(err.starts_with("--project-id "), "{bad:?}: {err}");
        }
    }

    #[test]
    fn a_psc_endpoint_refuses_a_bad_project_id_before_the_network() {
        let err = create_psc_endpoint(&psc("My_Project", "my-psc", ATTACHMENT)).unwrap_err();
        assert!(
            err.starts_with("--project-id \"My_Project\" contains"),
            "{err}"
        );
        let err = create_psc_endpoint(&psc("", "my-psc", ATTACHMENT)).unwrap_err();
        assert_eq!(err, "--project-id is empty; give a value.");
    }

    #[test]
    fn a_psc_endpoint_refuses_an_empty_name_or_attachment_before_the_network() {
        assert_eq!(
            check_psc_endpoint(&psc("my-project", "my-psc", ATTACHMENT)),
            Ok(())
        );
        let err = create_psc_endpoint(&psc("my-project", "", ATTACHMENT)).unwrap_err();
        assert_eq!(err, "--name is empty; give a value.");
        let err = create_psc_endpoint(&psc("my-project", "my-psc", " ")).unwrap_err();
        assert_eq!(err, "--service-attachment is empty; give a value.");
    }

    #[test]
    fn a_long_pasted_project_id_is_cut_short_in_the_error() {
        let pasted = "x".repeat(500);
        let err = check_gcp_project_id(&pasted).unwrap_err();
        assert!(err.contains('…') && err.len() < 200, "{err}");
    }
}
