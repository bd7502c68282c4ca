//! `privatelink-server export terraform`: prints a service's privatelink as Terraform for
//! scripts, the same text the panel's "Copy as Terraform" gives, from core's generator
//! ([`privatelink_core::terraform`]). It reads what the panel reads, through the API with
//! `Authorization: aivenv1 TOKEN`: the service (for its cloud, type and
//! `privatelink_access`), its cloud's privatelink (a 404 means none), and that
//! privatelink's connections when it is active (the API lists none before).
//!
//! Plain HTTP only (the server's `ureq` has no TLS). Every error is one sentence for
//! stderr; nothing is printed on stdout unless the whole export worked.

use std::fmt::Write;
use std::time::Duration;

use privatelink_core::terraform::{terraform, TerraformInput};
use privatelink_core::wire::{
    AwsConnectionList, AwsPrivatelink, AzurePrivatelink, ConnectionList, GoogleConnectionList,
    GooglePrivatelink, PrivatelinkState, ServiceEnvelope,
};
use privatelink_core::{Cloud, PrivatelinkAction};
use serde::de::DeserializeOwned;

/// What `export terraform` is given.
#[derive(Debug, Clone)]
pub struct ExportTerraform {
    /// The server, e.g. `http://127.0.0.1:8080`.
    pub server: String,
    pub token: String,
    pub project: String,
    pub service: String,
}

/// Reads the service's privatelink from the API and returns it as HCL.
pub fn export_terraform(args: &ExportTerraform) -> Result<String, String> {
    let base = base_url(&args.server)?;
    for (flag, value) in [
        ("--token", &args.token),
        ("--project", &args.project),
        ("--service", &args.service),
    ] {
        if value.trim().is_empty() {
            return Err(format!("{flag} is empty; give a value."));
        }
    }
    let api = Api {
        agent: ureq::Agent::config_builder()
            .timeout_connect(Some(Duration::from_secs(5)))
            .timeout_global(Some(Duration::from_secs(30)))
            // API errors are answers to read, not transport failures.
            .http_status_as_error(false)
            .build()
            .into(),
        prefix: format!(
            "{base}/v1/project/{}/service/{}",
            segment(&args.project),
            segment(&args.service)
        ),
        server: &args.server,
        auth: format!("aivenv1 {}", args.token),
    };
    let service = api
        .get::<ServiceEnvelope>("")?
        .ok_or_else(|| format!("Service {} does not exist (status 404)", args.service))?
        .service;
    let Some(cloud) = Cloud::of_cloud_name(&service.cloud_name) else {
        return Err(format!(
            "Service {} runs in {}, a cloud without private connectivity: there is nothing to export.",
            args.service, service.cloud_name
        ));
    };
    let path = format!("/privatelink/{}", cloud.as_str());
    let conns = format!("{path}/connections");
    // Connections are asked for when core allows listing them (an active privatelink).
    let active = |s: &PrivatelinkState| {
        PrivatelinkAction::ListConnections
            .check(cloud, Some(s))
            .is_ok()
    };
    let hcl = match cloud {
        Cloud::Azure => {
            let pl = api.get::<AzurePrivatelink>(&path)?;
            let list = match &pl {
                Some(p) if active(&p.state) => api.get::<ConnectionList>(&conns)?,
                _ => None,
            };
            let connections = list.map(|l| l.connections).unwrap_or_default();
            let input = TerraformInput::Azure {
                privatelink: pl.as_ref(),
                connections: &connections,
            };
            terraform(&args.project, &service, input)
        }
        Cloud::Aws => {
            let pl = api.get::<AwsPrivatelink>(&path)?;
            let list = match &pl {
                Some(p) if active(&p.state) => api.get::<AwsConnectionList>(&conns)?,
                _ => None,
            };
            let connections = list.map(|l| l.connections).unwrap_or_default();
            let input = TerraformInput::Aws {
                privatelink: pl.as_ref(),
                connections: &connections,
                // The API takes supported_regions but never shows them.
                supported_regions: None,
            };
            terraform(&args.project, &service, input)
        }
        Cloud::Google => {
            let pl = api.get::<GooglePrivatelink>(&path)?;
            let list = match &pl {
                Some(p) if active(&p.state) => api.get::<GoogleConnectionList>(&conns)?,
                _ => None,
            };
            let connections = list.map(|l| l.connections).unwrap_or_default();
            let input = TerraformInput::Google {
                privatelink: pl.as_ref(),
                connections: &connections,
            };
            terraform(&args.project, &service, input)
        }
    };
    Ok(hcl)
}

struct Api<'a> {
    agent: ureq::Agent,
    /// `{server}/v1/project/{p}/service/{s}`.
    prefix: String,
    server: &'a str,
    auth: String,
}

impl Api<'_> {
    /// GETs `{prefix}{path}`: `Ok(None)` on a 404, the parsed body on a 200, and otherwise
    /// a sentence: unreachable, the API's message and status, or an unexpected body.
    fn get<T: DeserializeOwned>(&self, path: &str) -> Result<Option<T>, String> {
        let server = self.server;
        let mut res = self
            .agent
            .get(&format!("{}{path}", self.prefix))
            .header("authorization", &self.auth)
            .call()
            .map_err(|e| format!("cannot reach the server at {server}: {e}"))?;
        let status = res.status().as_u16();
        let text = res
            .body_mut()
            .read_to_string()
            .map_err(|e| format!("no answer from {server}: {e}"))?;
        match status {
            200 => serde_json::from_str(&text)
                .map(Some)
                .map_err(|e| format!("unexpected answer from GET …/service/…{path}: {e}")),
            404 => Ok(None),
            _ => {
                let msg = serde_json::from_str::<serde_json::Value>(&text)
                    .ok()
                    .and_then(|v| v["message"].as_str().map(str::to_owned))
                    .unwrap_or_else(|| "request failed".to_owned());
                Err(format!("{msg} (status {status})"))
            }
        }
    }
}

/// The server as a base URL: `http://host[:port]`, nothing after it.
fn base_url(server: &str) -> Result<&str, String> {
    let trimmed = server.trim_end_matches('/');
    match trimmed.strip_prefix("http://") {
        Some(rest) if !rest.is_empty() && !rest.contains(['/', '?', '#']) => Ok(trimmed),
        _ => Err(format!(
            "--server must be an http:// URL of scheme, host and port only, such as http://127.0.0.1:8080, not {server:?}"
        )),
    }
}

/// A path segment, percent-encoded: a name with `/`, `?` or `#` cannot reach another route.
fn segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(server: &str, token: &str, project: &str, service: &str) -> ExportTerraform {
        ExportTerraform {
            server: server.into(),
            token: token.into(),
            project: project.into(),
            service: service.into(),
        }
    }

    #[test]
    fn arguments_are_checked_before_the_network() {
        // Nothing listens on port 9: a check that let the call through would say
        // "cannot reach" instead.
        let err = export_terraform(&args("https://x", "t", "p", "s")).unwrap_err();
        assert!(err.starts_with("--server must be an http:// URL"), "{err}");
        let err = export_terraform(&args("http://127.0.0.1:9/v1", "t", "p", "s")).unwrap_err();
        assert!(err.starts_with("--server must be"), "{err}");
        let err = export_terraform(&args("http://127.0.0.1:9", " ", "p", "s")).unwrap_err();
        assert_eq!(err, "--token is empty; give a value.");
        let err = export_terraform(&args("http://127.0.0.1:9", "t", "p", "")).unwrap_err();
        assert_eq!(err, "--service is empty; give a value.");
        let err = export_terraform(&args("http://127.0.0.1:9", "t", "p", "s")).unwrap_err();
        assert!(err.starts_with("cannot reach the server"), "{err}");
    }

    #[test]
    fn names_are_one_path_segment_each() {
        assert_eq!(segment("demo-pg_1.x~"), "demo-pg_1.x~");
        assert_eq!(segment("a/b?c#d e"), "a%2Fb%3Fc%23d%20e");
        assert_eq!(segment("é"), "%C3%A9");
        assert_eq!(base_url("http://h:1/"), Ok("http://h:1"));
    }
}
