//! `privatelink-server sim create-endpoint`: plays the customer creating a private endpoint in
//! Azure against a privatelink's alias or resource ID, through the server's
//! `POST /sim/endpoints` (plain HTTP, the server is local).

use std::time::Duration;

use privatelink_core::PrivateEndpointId;
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

/// Creates the endpoint and returns the server's answer (`private_endpoint_id`,
/// `private_ip_address`, …). The error is a sentence for stderr: a bad argument (checked
/// before any network call), an unreachable server, or the API's message and status.
pub fn create_endpoint(args: &CreateEndpoint) -> Result<Value, String> {
    let id = PrivateEndpointId::new(&args.subscription_id, &args.resource_group, &args.name)
        .map_err(|e| e.to_string())?;
    let url = format!("{}/sim/endpoints", base_url(&args.server)?);
    let body = json!({
        "subscription_id": id.subscription_id.as_str(),
        "resource_group": args.resource_group,
        "name": args.name,
        "target": args.target,
    })
    .to_string();
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
        .map_err(|e| format!("cannot reach the server at {}: {e}", args.server))?;
    let status = res.status().as_u16();
    let text = res
        .body_mut()
        .read_to_string()
        .map_err(|e| format!("no answer from {}: {e}", args.server))?;
    let value: Value = serde_json::from_str(&text)
        .map_err(|_| format!("unexpected answer (status {status}): {text}"))?;
    if status != 201 {
        let msg = value["message"].as_str().unwrap_or("request failed");
        return Err(format!("{msg} (status {status})"));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
