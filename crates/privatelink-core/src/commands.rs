//! The command lines the panel offers to copy: each `avn` action in the exact flag shapes
//! avn 4.18 takes for its cloud (Azure's connection ID is positional, Google's approve
//! takes flags only, AWS repeats `--principal`), and the cloud-side step the customer runs
//! (`aws ec2 create-vpc-endpoint`, `gcloud compute forwarding-rules create`). Written once
//! here so the shapes are tested against docs/multicloud.md's tables (§1), not re-typed per view.
//!
//! Values are inserted as they are: every one of them (project, service, IDs, ARNs, regions,
//! IPs) is checked by core's validators or comes from the API, and none can hold a space or
//! quote.

use std::fmt::Display;

use crate::cloud::Cloud;

/// The project and service a command acts on.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub project: &'a str,
    pub service: &'a str,
}

fn privatelink(cloud: Cloud, verb: &str, t: Target<'_>, flags: &str) -> String {
    format!(
        "avn service privatelink {cloud} {verb} --project {}{flags} {}",
        t.project, t.service
    )
}

fn repeated<T: Display>(flag: &str, values: &[T]) -> String {
    values.iter().map(|v| format!(" {flag} {v}")).collect()
}

/// `avn service update` switching components onto (or off) the private route, one
/// `-c privatelink_access.<component>=<bool>` per change (every cloud alike).
pub fn access_update(t: Target<'_>, changes: &[crate::access::AccessChange]) -> String {
    let flags: String = changes
        .iter()
        .map(|ch| format!(" -c privatelink_access.{}={}", ch.key, ch.enabled))
        .collect();
    format!(
        "avn service update --project {}{flags} {}",
        t.project, t.service
    )
}

/// `azure create`/`azure update` with the whole subscription allowlist.
pub fn azure_allowlist<T: Display>(verb: &str, t: Target<'_>, subscriptions: &[T]) -> String {
    privatelink(
        Cloud::Azure,
        verb,
        t,
        &repeated("--user-subscription-id", subscriptions),
    )
}

/// `azure connection approve SVC PLC`: the connection ID positional.
pub fn azure_approve(t: Target<'_>, connection_id: &str) -> String {
    format!(
        "avn service privatelink azure connection approve --project {} {} {connection_id}",
        t.project, t.service
    )
}

/// `azure connection update --endpoint-ip-address IP SVC PLC`.
pub fn azure_set_ip(t: Target<'_>, connection_id: &str, ip: &str) -> String {
    format!(
        "avn service privatelink azure connection update --project {} --endpoint-ip-address {ip} {} {connection_id}",
        t.project, t.service
    )
}

/// `aws create`/`aws update`: one `--principal` per ARN (an update repeats the ones kept:
/// the API replaces the list), and `--supported-regions r1,r2` when any are given.
pub fn aws_principals<T: Display>(
    verb: &str,
    t: Target<'_>,
    principals: &[T],
    regions: &[String],
) -> String {
    let mut flags = repeated("--principal", principals);
    if !regions.is_empty() {
        flags.push_str(" --supported-regions ");
        flags.push_str(&regions.join(","));
    }
    privatelink(Cloud::Aws, verb, t, &flags)
}

/// `google create SVC`: no options.
pub fn google_create(t: Target<'_>) -> String {
    privatelink(Cloud::Google, "create", t, "")
}

/// `google connection approve` with both values as the required flags.
pub fn google_approve(t: Target<'_>, connection_id: &str, ip: &str) -> String {
    format!(
        "avn service privatelink google connection approve --project {} --privatelink-connection-id {connection_id} --user-ip-address {ip} {}",
        t.project, t.service
    )
}

/// The customer's side on AWS: an interface VPC endpoint to the service name. The VPC,
/// subnets and security groups are the customer's own, left as placeholders to fill in.
pub fn aws_create_vpc_endpoint(aws_service_name: &str) -> String {
    format!(
        "aws ec2 create-vpc-endpoint --vpc-endpoint-type Interface --vpc-id <vpc-id> --subnet-ids <subnet-id> --security-group-ids <security-group-id> --service-name {aws_service_name}"
    )
}

/// The customer's side on Google Cloud: a Private Service Connect endpoint (a forwarding
/// rule) targeting the service attachment, in the attachment's region (read from its path,
/// `projects/P/regions/R/serviceAttachments/N`).
pub fn gcloud_create_endpoint(service_attachment: &str) -> String {
    let region = attachment_region(service_attachment).unwrap_or("<region>");
    format!(
        "gcloud compute forwarding-rules create <endpoint-name> --region={region} --network=<network> --address=<reserved-address-name> --target-service-attachment={service_attachment}"
    )
}

/// The region segment of a service attachment's path, if it has one.
pub fn attachment_region(service_attachment: &str) -> Option<&str> {
    let mut parts = service_attachment.split('/');
    while let Some(p) = parts.next() {
        if p == "regions" {
            return parts.next().filter(|r| !r.is_empty());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: Target<'static> = Target {
        project: "demo-project",
        service: "demo-pg",
    };

    #[test]
    fn azure_commands_take_the_connection_id_positionally() {
        assert_eq!(
            azure_approve(T, "plc1"),
            "avn service privatelink azure connection approve --project demo-project demo-pg plc1"
        );
        assert_eq!(
            azure_set_ip(T, "plc1", "10.0.0.4"),
            "avn service privatelink azure connection update --project demo-project --endpoint-ip-address 10.0.0.4 demo-pg plc1"
        );
        assert_eq!(
            azure_allowlist("create", T, &["a", "b"]),
            "avn service privatelink azure create --project demo-project --user-subscription-id a --user-subscription-id b demo-pg"
        );
    }

    #[test]
    fn aws_repeats_principal_and_joins_regions_with_commas() {
        assert_eq!(
            aws_principals("update", T, &["arn:aws:iam::123456789012:root", "arn:aws:iam::210987654321:role/x"], &["eu-west-1".into(), "us-east-2".into()]),
            "avn service privatelink aws update --project demo-project --principal arn:aws:iam::123456789012:root --principal arn:aws:iam::210987654321:role/x --supported-regions eu-west-1,us-east-2 demo-pg"
        );
        assert_eq!(
            aws_principals::<&str>("create", T, &[], &[]),
            "avn service privatelink aws create --project demo-project demo-pg"
        );
    }

    #[test]
    fn google_approve_uses_the_required_flags() {
        assert_eq!(
            google_approve(T, "plc2", "10.1.2.3"),
            "avn service privatelink google connection approve --project demo-project --privatelink-connection-id plc2 --user-ip-address 10.1.2.3 demo-pg"
        );
        assert_eq!(
            google_create(T),
            "avn service privatelink google create --project demo-project demo-pg"
        );
    }

    #[test]
    fn cloud_side_snippets_name_the_service_and_the_attachment_region() {
        assert!(
            aws_create_vpc_endpoint("com.amazonaws.vpce.us-east-1.vpce-svc-0abc")
                .ends_with("--service-name com.amazonaws.vpce.us-east-1.vpce-svc-0abc")
        );
        let g =
            gcloud_create_endpoint("projects/aiven-p/regions/europe-west1/serviceAttachments/sa-1");
        assert!(g.contains("--region=europe-west1 "), "{g}");
        assert!(g.ends_with(
            "--target-service-attachment=projects/aiven-p/regions/europe-west1/serviceAttachments/sa-1"
        ));
        assert_eq!(attachment_region("no-region-here"), None);
        assert_eq!(attachment_region("projects/p/regions/"), None);
        assert!(gcloud_create_endpoint("odd").contains("--region=<region>"));
    }
}
