//! "Copy as Terraform": golden outputs of `privatelink_core::terraform` per cloud and
//! state (in `tests/terraform/*.tf`), the escaping of hostile names, labels, and that every
//! output uses only argument names of the provider's schema
//! (`fixtures/terraform/provider-schema.json`) and imports only resources it declares.
//! The Python layer (`crates/privatelink-server/tests/python/test_terraform.py`) parses the
//! same golden files with python-hcl2, a parser kept by others.
//!
//! `UPDATE_GOLDEN=1 cargo test -p privatelink-core --test terraform` rewrites the golden
//! files; review their diff. Native only: the golden files are read from disk.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use privatelink_core::terraform::{label, quote, terraform, TerraformInput, PROVIDER_VERSION};
use privatelink_core::wire::*;
use serde_json::{json, Value};

const PROJECT: &str = "demo-project";

fn service(name: &str, service_type: &str, cloud_name: &str, access: Value) -> Service {
    serde_json::from_value(json!({
        "service_name": name, "service_type": service_type, "plan": "business-4",
        "cloud_name": cloud_name, "project_vpc_id": "vpc-1", "state": "RUNNING",
        "user_config": {"static_ips": true, "privatelink_access": access},
    }))
    .unwrap()
}

fn pg() -> Service {
    service(
        "demo-pg",
        "pg",
        "azure-eastus",
        json!({"pg": true, "pgbouncer": false}),
    )
}

fn pg_aws() -> Service {
    service("demo-pg-aws", "pg", "aws-us-east-1", json!({}))
}

fn kafka_gcp() -> Service {
    service(
        "demo-kafka-gcp",
        "kafka",
        "google-europe-west1",
        json!({"kafka": true, "schema_registry": true}),
    )
}

fn parse<T: serde::de::DeserializeOwned>(text: &str) -> T {
    serde_json::from_str(text).unwrap()
}

fn azure_pl(file: &str) -> AzurePrivatelink {
    parse(file)
}

const AZ_ACTIVE: &str = include_str!("../../../fixtures/privatelink-active.json");
const AZ_CREATING: &str = include_str!("../../../fixtures/privatelink-creating.json");
const AZ_DELETING: &str = include_str!("../../../fixtures/privatelink-deleting.json");
const AZ_CONNS: &str = include_str!("../../../fixtures/connections-each-state.json");
const AWS_ACTIVE: &str = include_str!("../../../fixtures/aws-privatelink-active.json");
const AWS_CREATING: &str = include_str!("../../../fixtures/aws-privatelink-creating.json");
const AWS_CONNS: &str = include_str!("../../../fixtures/aws-connections.json");
const GCP_ACTIVE: &str = include_str!("../../../fixtures/google-privatelink-active.json");
const GCP_CONNS: &str = include_str!("../../../fixtures/google-connections-each-state.json");
const SCHEMA: &str = include_str!("../../../fixtures/terraform/provider-schema.json");

/// The Azure connections of the fixture, in its order: pending, user-approved, connected,
/// active.
fn az_conns() -> Vec<AzurePrivatelinkConnection> {
    parse::<ConnectionList>(AZ_CONNS).connections
}

/// The Google connections of the fixture: pending, user-approved, active.
fn gcp_conns() -> Vec<GoogleConnection> {
    parse::<GoogleConnectionList>(GCP_CONNS).connections
}

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/terraform")
}

/// Checks `text` against `tests/terraform/{name}.tf` (rewrites it with `UPDATE_GOLDEN`),
/// and against the schema and the HCL rules every output must keep.
fn golden(name: &str, text: &str) {
    check_output(text);
    let path = golden_dir().join(format!("{name}.tf"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(golden_dir()).unwrap();
        std::fs::write(&path, text).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "{} is missing; run with UPDATE_GOLDEN=1 to write it:\n{text}",
            path.display()
        )
    });
    assert_eq!(
        text, want,
        "{name}.tf differs (UPDATE_GOLDEN=1 rewrites it)"
    );
}

/// One quoted string of HCL, decoded: the escapes `\\ \" \n \r \t \uNNNN \UNNNNNNNN`, and
/// `$${` / `%%{` for a literal `${` / `%{`. Panics on what HCL would read as a template
/// (`${`, `%{`), a line break, or an unknown escape. `s` starts after the opening quote;
/// returns the value and the rest after the closing quote.
fn hcl_string(s: &str) -> (String, &str) {
    let mut out = String::new();
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        match c {
            '"' => return (out, &s[i + 1..]),
            '\n' | '\r' => panic!("a line break inside a string: {s:?}"),
            '\\' => {
                let (_, e) = it.next().expect("an escape at the end");
                match e {
                    '\\' => out.push('\\'),
                    '"' => out.push('"'),
                    'n' => out.push('\n'),
                    'r' => out.push('\r'),
                    't' => out.push('\t'),
                    'u' | 'U' => {
                        let n = if e == 'u' { 4 } else { 8 };
                        let hex: String = (0..n).map(|_| it.next().unwrap().1).collect();
                        out.push(char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap());
                    }
                    other => panic!("unknown escape \\{other} in {s:?}"),
                }
            }
            '$' | '%' => {
                let rest = &s[i + 1..];
                if rest.starts_with(c) && rest[1..].starts_with('{') {
                    // The doubled form: a literal `${` or `%{`.
                    it.next();
                    it.next();
                    out.push(c);
                    out.push('{');
                } else if rest.starts_with('{') {
                    panic!("a template sequence {c}{{ in {s:?}");
                } else {
                    out.push(c);
                }
            }
            c => out.push(c),
        }
    }
    panic!("an unterminated string: {s:?}")
}

/// Tokens of an HCL file as far as these outputs use them: every string decoded, comments
/// dropped, and the code outside both. Panics if the code holds anything but identifiers,
/// numbers-as-labels, `{ } [ ] = , .` and whitespace: a name that escaped its string or
/// comment would show up there.
fn lex(text: &str) -> (Vec<String>, String) {
    let (mut strings, mut code) = (Vec::new(), String::new());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        match c {
            '"' => {
                let (s, r) = hcl_string(&rest[1..]);
                strings.push(s);
                code.push_str("\"\"");
                rest = r;
            }
            '#' => {
                // A comment runs to the end of the line; the values it quotes must still be
                // whole strings, so a quoted name cannot hide a line break.
                let end = rest.find('\n').unwrap_or(rest.len());
                let mut line = &rest[1..end];
                while let Some(q) = line.find('"') {
                    let (s, r) = hcl_string(&line[q + 1..]);
                    strings.push(s);
                    line = r;
                }
                rest = &rest[end..];
            }
            c => {
                assert!(
                    c.is_ascii_alphanumeric() || "_{}[]=,. \n".contains(c),
                    "unexpected {c:?} in code:\n{text}"
                );
                code.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    (strings, code)
}

/// The provider's schema of the five resources, from the fixture.
struct Schema {
    /// type → (required, optional).
    resources: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)>,
}

fn schema() -> Schema {
    let v: Value = serde_json::from_str(SCHEMA).unwrap();
    assert!(v["source"]
        .as_str()
        .unwrap()
        .contains("terraform-provider-aiven"));
    let names = |a: &Value| -> BTreeSet<String> {
        a.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect()
    };
    let resources = v["resources"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, r)| (k.clone(), (names(&r["required"]), names(&r["optional"]))))
        .collect();
    Schema { resources }
}

/// `resource "T" "L" {` blocks: (type, label, argument names), read line by line (the
/// generator writes one argument per line, two spaces in).
fn resources(text: &str) -> Vec<(String, String, Vec<String>)> {
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(head) = line.strip_prefix("resource \"") else {
            continue;
        };
        let (ty, rest) = head.split_once('"').unwrap();
        let lbl = rest.trim().trim_start_matches('"');
        let lbl = lbl.split_once('"').unwrap().0.to_owned();
        let mut args = Vec::new();
        for l in lines.by_ref() {
            if l == "}" {
                break;
            }
            if let Some(a) = l.strip_prefix("  ") {
                if !a.starts_with([' ', '#', ']']) {
                    args.push(a.split_once(" =").unwrap().0.trim().to_owned());
                }
            }
        }
        out.push((ty.to_owned(), lbl, args));
    }
    out
}

/// `import { to = T.L  id = "…" }` blocks: (to, decoded id).
fn imports(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line != "import {" {
            continue;
        }
        let to = lines.next().unwrap().strip_prefix("  to = ").unwrap();
        let id = lines.next().unwrap().strip_prefix("  id = \"").unwrap();
        out.push((to.to_owned(), hcl_string(id).0));
        assert_eq!(lines.next(), Some("}"));
    }
    out
}

/// What every output must be: lexically safe HCL, the terraform block, only arguments of
/// the schema with every required one present, imports of declared resources only, and
/// one trailing newline.
fn check_output(text: &str) {
    let (strings, _) = lex(text);
    assert!(strings.iter().any(|s| s == PROVIDER_VERSION), "{text}");
    assert!(
        text.contains("\n      source  = \"aiven/aiven\"\n"),
        "{text}"
    );
    assert!(text.ends_with("\n") && !text.ends_with("\n\n"), "{text:?}");
    let schema = schema();
    let declared: Vec<String> = resources(text)
        .into_iter()
        .map(|(ty, lbl, args)| {
            let (req, opt) = schema
                .resources
                .get(&ty)
                .unwrap_or_else(|| panic!("{ty} is not in the schema fixture"));
            for a in &args {
                assert!(
                    req.contains(a) || opt.contains(a),
                    "{ty} has no argument {a}:\n{text}"
                );
            }
            for r in req {
                assert!(args.contains(r), "{ty}.{lbl} lacks required {r}:\n{text}");
            }
            let ok_label = lbl
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                && !lbl.starts_with(|c: char| c.is_ascii_digit());
            assert!(ok_label, "label {lbl:?}");
            format!("{ty}.{lbl}")
        })
        .collect();
    let unique: BTreeSet<&String> = declared.iter().collect();
    assert_eq!(unique.len(), declared.len(), "a label twice:\n{text}");
    for (to, _) in imports(text) {
        assert!(declared.contains(&to), "import of undeclared {to}:\n{text}");
    }
}

// ---------------------------------------------------------------- Azure

#[test]
fn azure_none() {
    let out = terraform(
        PROJECT,
        &pg(),
        TerraformInput::Azure {
            privatelink: None,
            connections: &[],
        },
    );
    assert!(imports(&out).is_empty(), "nothing exists to import");
    golden("azure-none", &out);
}

#[test]
fn azure_creating() {
    let pl = azure_pl(AZ_CREATING);
    let out = terraform(
        PROJECT,
        &pg(),
        TerraformInput::Azure {
            privatelink: Some(&pl),
            connections: &[],
        },
    );
    assert_eq!(
        imports(&out),
        [(
            "aiven_azure_privatelink.demo_pg".to_owned(),
            "demo-project/demo-pg".to_owned()
        )]
    );
    assert!(!out.contains("connection_approval\" \""));
    golden("azure-creating", &out);
}

#[test]
fn azure_deleting_imports_nothing() {
    let pl = azure_pl(AZ_DELETING);
    let out = terraform(
        PROJECT,
        &pg(),
        TerraformInput::Azure {
            privatelink: Some(&pl),
            connections: &[],
        },
    );
    assert!(resources(&out).is_empty() && imports(&out).is_empty());
    golden("azure-deleting", &out);
}

#[test]
fn azure_active_without_connections() {
    let pl = azure_pl(AZ_ACTIVE);
    let out = terraform(
        PROJECT,
        &pg(),
        TerraformInput::Azure {
            privatelink: Some(&pl),
            connections: &[],
        },
    );
    assert_eq!(resources(&out).len(), 1);
    golden("azure-active-0", &out);
}

#[test]
fn azure_active_with_one_pending_connection_gets_an_approval_without_import() {
    let pl = azure_pl(AZ_ACTIVE);
    let conns = &az_conns()[..1];
    let out = terraform(
        PROJECT,
        &pg(),
        TerraformInput::Azure {
            privatelink: Some(&pl),
            connections: conns,
        },
    );
    let r = resources(&out);
    assert_eq!(r.len(), 2);
    assert_eq!(r[1].0, "aiven_azure_privatelink_connection_approval");
    assert_eq!(r[1].2, ["project", "service_name"], "no IP known yet");
    assert_eq!(imports(&out).len(), 1, "only the privatelink is imported");
    golden("azure-active-1-pending", &out);
}

#[test]
fn azure_one_connected_connection_with_an_ip_sets_it() {
    let pl = azure_pl(AZ_ACTIVE);
    let mut c = az_conns()[2].clone();
    c.user_ip_address = Some("10.0.0.4".parse().unwrap());
    let out = terraform(
        PROJECT,
        &pg(),
        TerraformInput::Azure {
            privatelink: Some(&pl),
            connections: &[c],
        },
    );
    assert!(
        out.contains("  endpoint_ip_address = \"10.0.0.4\"\n"),
        "{out}"
    );
    golden("azure-active-1-connected", &out);
}

#[test]
fn azure_one_active_connection_is_not_adopted() {
    let pl = azure_pl(AZ_ACTIVE);
    let conns = &az_conns()[3..];
    let out = terraform(
        PROJECT,
        &pg(),
        TerraformInput::Azure {
            privatelink: Some(&pl),
            connections: conns,
        },
    );
    assert_eq!(resources(&out).len(), 1);
    assert!(out.contains("cannot adopt"), "{out}");
    golden("azure-active-1-active", &out);
}

#[test]
fn azure_several_connections_are_listed_in_comments_only() {
    let pl = azure_pl(AZ_ACTIVE);
    let conns = az_conns();
    let out = terraform(
        PROJECT,
        &pg(),
        TerraformInput::Azure {
            privatelink: Some(&pl),
            connections: &conns,
        },
    );
    assert_eq!(resources(&out).len(), 1);
    for c in &conns {
        assert!(out.contains(c.privatelink_connection_id.as_str()));
    }
    golden("azure-active-several", &out);
}

// ---------------------------------------------------------------- AWS

#[test]
fn aws_none() {
    let out = terraform(
        PROJECT,
        &pg_aws(),
        TerraformInput::Aws {
            privatelink: None,
            connections: &[],
            supported_regions: Some(&[]),
        },
    );
    assert!(imports(&out).is_empty());
    golden("aws-none", &out);
}

#[test]
fn aws_creating_with_unknown_regions() {
    let pl: AwsPrivatelink = parse(AWS_CREATING);
    let out = terraform(
        PROJECT,
        &pg_aws(),
        TerraformInput::Aws {
            privatelink: Some(&pl),
            connections: &[],
            supported_regions: None,
        },
    );
    assert!(out.contains("# supported_regions: the API never shows them"));
    golden("aws-creating", &out);
}

#[test]
fn aws_active_with_regions_and_a_connection() {
    let pl: AwsPrivatelink = parse(AWS_ACTIVE);
    let conns = parse::<AwsConnectionList>(AWS_CONNS).connections;
    let regions = ["us-west-2".to_owned(), "eu-west-1".to_owned()];
    let out = terraform(
        PROJECT,
        &pg_aws(),
        TerraformInput::Aws {
            privatelink: Some(&pl),
            connections: &conns,
            supported_regions: Some(&regions),
        },
    );
    let r = resources(&out);
    assert_eq!(r.len(), 1, "AWS has no connection resource");
    assert_eq!(r[0].2, ["project", "service_name", "principals"]);
    assert!(!out.contains("\n  supported_regions"), "never an argument");
    assert!(out.contains("# supported_regions \"us-west-2\", \"eu-west-1\": "));
    assert!(out.contains(&conns[0].vpc_endpoint_id));
    assert_eq!(
        imports(&out),
        [(
            "aiven_aws_privatelink.demo_pg_aws".to_owned(),
            "demo-project/demo-pg-aws".to_owned()
        )]
    );
    golden("aws-active-regions", &out);
}

#[test]
fn aws_active_without_connections() {
    let pl: AwsPrivatelink = parse(AWS_ACTIVE);
    let out = terraform(
        PROJECT,
        &pg_aws(),
        TerraformInput::Aws {
            privatelink: Some(&pl),
            connections: &[],
            supported_regions: Some(&[]),
        },
    );
    assert!(!out.contains("supported_regions"));
    golden("aws-active-0", &out);
}

// ---------------------------------------------------------------- Google

#[test]
fn google_none() {
    let out = terraform(
        PROJECT,
        &kafka_gcp(),
        TerraformInput::Google {
            privatelink: None,
            connections: &[],
        },
    );
    assert_eq!(resources(&out).len(), 1);
    assert!(imports(&out).is_empty());
    golden("google-none", &out);
}

#[test]
fn google_creating() {
    let pl: GooglePrivatelink =
        serde_json::from_value(json!({"google_service_attachment": null, "state": "creating"}))
            .unwrap();
    let out = terraform(
        PROJECT,
        &kafka_gcp(),
        TerraformInput::Google {
            privatelink: Some(&pl),
            connections: &[],
        },
    );
    golden("google-creating", &out);
}

#[test]
fn google_active_without_connections() {
    let pl: GooglePrivatelink = parse(GCP_ACTIVE);
    let out = terraform(
        PROJECT,
        &kafka_gcp(),
        TerraformInput::Google {
            privatelink: Some(&pl),
            connections: &[],
        },
    );
    golden("google-active-0", &out);
}

#[test]
fn google_pending_connection_is_a_comment() {
    let pl: GooglePrivatelink = parse(GCP_ACTIVE);
    let conns = &gcp_conns()[..1];
    let out = terraform(
        PROJECT,
        &kafka_gcp(),
        TerraformInput::Google {
            privatelink: Some(&pl),
            connections: conns,
        },
    );
    assert_eq!(resources(&out).len(), 1);
    assert!(out.contains("PSC connection \"12870921937223780\") is \"pending-user-approval\": "));
    golden("google-active-pending", &out);
}

#[test]
fn google_approved_connections_get_an_approval_and_a_three_part_import_each() {
    let pl: GooglePrivatelink = parse(GCP_ACTIVE);
    let conns = gcp_conns();
    let out = terraform(
        PROJECT,
        &kafka_gcp(),
        TerraformInput::Google {
            privatelink: Some(&pl),
            connections: &conns,
        },
    );
    let r = resources(&out);
    assert_eq!(
        r.len(),
        3,
        "the privatelink and the two approved connections"
    );
    for (ty, _, args) in &r[1..] {
        assert_eq!(ty, "aiven_gcp_privatelink_connection_approval");
        assert_eq!(
            args,
            &[
                "project",
                "service_name",
                "psc_connection_id",
                "user_ip_address"
            ]
        );
    }
    assert_eq!(
        imports(&out),
        [
            (
                "aiven_gcp_privatelink.demo_kafka_gcp".to_owned(),
                "demo-project/demo-kafka-gcp".to_owned()
            ),
            (
                "aiven_gcp_privatelink_connection_approval.demo_kafka_gcp_12870921937223781"
                    .to_owned(),
                "demo-project/demo-kafka-gcp/12870921937223781".to_owned()
            ),
            (
                "aiven_gcp_privatelink_connection_approval.demo_kafka_gcp_12870921937223782"
                    .to_owned(),
                "demo-project/demo-kafka-gcp/12870921937223782".to_owned()
            ),
        ]
    );
    assert!(
        out.contains("  user_ip_address   = \"10.0.0.100\"\n"),
        "{out}"
    );
    golden("google-active-approved", &out);
}

// ---------------------------------------------------------------- access, labels, escaping

#[test]
fn the_access_snippet_lists_every_switch_of_the_type_commented_out() {
    let out = terraform(
        PROJECT,
        &kafka_gcp(),
        TerraformInput::Google {
            privatelink: None,
            connections: &[],
        },
    );
    let snippet: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.contains("kafka_user_config {"))
        .collect();
    assert_eq!(
        snippet,
        [
            "#   kafka_user_config {",
            "#     privatelink_access {",
            "#       kafka           = true",
            "#       kafka_connect   = false",
            "#       kafka_rest      = false",
            "#       schema_registry = true",
            "#       jolokia         = false",
            "#       prometheus      = false",
            "#     }",
            "#   }",
        ]
    );
    assert!(out.contains("your aiven_kafka resource of \"demo-kafka-gcp\""));
}

#[test]
fn a_service_type_without_privatelink_gets_a_comment_not_a_snippet() {
    let svc = service("odd", "cassandra", "google-europe-west1", json!({}));
    let out = terraform(
        PROJECT,
        &svc,
        TerraformInput::Google {
            privatelink: None,
            connections: &[],
        },
    );
    assert!(out.ends_with("# Service type \"cassandra\" has no privatelink_access settings.\n"));
    check_output(&out);
}

#[test]
fn labels_are_lowercase_ascii_words_not_starting_with_a_digit() {
    for (name, want) in [
        ("demo-pg", "demo_pg"),
        ("Demo.PG", "demo_pg"),
        ("pg_1", "pg_1"),
        ("1pg", "_1pg"),
        ("", "_"),
        ("-x", "_x"),
        ("é", "_"),
        ("a b\n\"c\"", "a_b__c_"),
        ("${x}", "__x_"),
    ] {
        assert_eq!(label(name), want, "{name:?}");
    }
}

#[test]
fn quote_escapes_what_hcl_would_read_otherwise() {
    for (raw, want) in [
        ("plain", r#""plain""#),
        (r#"a"b\c"#, r#""a\"b\\c""#),
        ("a\nb\rc\td", r#""a\nb\rc\td""#),
        ("${x}", r#""$${x}""#),
        ("%{if}", r#""%%{if}""#),
        ("$${x}", r#""$$${x}""#),
        ("$ { %", r#""$ { %""#),
        ("\u{7}\u{7f}\u{85}", r#""\u0007\u007f\u0085""#),
        ("\u{202e}rtl\u{2066}", r#""\u202ertl\u2066""#),
        ("ünï", r#""ünï""#),
    ] {
        let q = quote(raw);
        assert_eq!(q, want, "{raw:?}");
        assert_eq!(hcl_string(&q[1..]), (raw.to_owned(), ""), "{raw:?}");
    }
}

/// Names an attacker could choose (the service name, the project, the endpoint IDs
/// the API echoes, the regions the panel was given) cannot break out of a string or a
/// comment, and come back unchanged when the HCL is read.
#[test]
fn hostile_names_stay_inside_their_strings_and_comments() {
    let evil = "x\"\n} resource \"null\" \"y\" { ${file(\"/etc/passwd\")} %{ if true }\\\u{202e}#";
    let project = "p\"\n# ${var.x}";
    let svc = service(evil, "pg", "azure-eastus", json!({"pg": true}));

    let pl = azure_pl(AZ_ACTIVE);
    let mut c = az_conns()[0].clone();
    c.private_endpoint_id = evil.to_owned();
    let azure = terraform(
        project,
        &svc,
        TerraformInput::Azure {
            privatelink: Some(&pl),
            connections: std::slice::from_ref(&c),
        },
    );
    let (strings, code) = lex(&azure);
    // Two resources, both the provider's: the name's `resource "null"` stayed in strings
    // (in the code it is only part of a label, between `_`).
    assert_eq!(code.matches("\nresource ").count(), 2, "{azure}");
    assert!(resources(&azure)
        .iter()
        .all(|r| r.0.starts_with("aiven_azure_")));
    assert!(strings.iter().any(|s| s == evil));
    assert!(strings.iter().any(|s| s == project));
    assert!(strings.iter().any(|s| *s == format!("{project}/{evil}")));
    assert_eq!(label(evil), resources(&azure)[0].1);
    golden("hostile-azure", &azure);

    // A state the API may add later is echoed as it came: quoted too.
    let mut several = vec![c.clone(), c];
    several[1].state = ConnectionState::Unknown(evil.to_owned());
    let azure = terraform(
        project,
        &svc,
        TerraformInput::Azure {
            privatelink: Some(&pl),
            connections: &several,
        },
    );
    let (strings, _) = lex(&azure);
    assert_eq!(strings.iter().filter(|s| *s == evil).count(), 6, "{azure}");
    golden("hostile-azure-several", &azure);

    let gpl: GooglePrivatelink = parse(GCP_ACTIVE);
    let mut g = gcp_conns();
    g[1].psc_connection_id = evil.to_owned();
    // The same label twice (both reduce to the service's label): the second gets a suffix.
    g[2].psc_connection_id = evil.replace('"', "'");
    let google = terraform(
        project,
        &svc,
        TerraformInput::Google {
            privatelink: Some(&gpl),
            connections: &g,
        },
    );
    let (strings, _) = lex(&google);
    assert!(strings
        .iter()
        .any(|s| *s == format!("{project}/{evil}/{evil}")));
    golden("hostile-google", &google);

    let apl: AwsPrivatelink = parse(AWS_ACTIVE);
    let mut a = parse::<AwsConnectionList>(AWS_CONNS).connections;
    a[0].vpc_endpoint_id = evil.to_owned();
    a[0].dns_name = evil.to_owned();
    a[0].state = ConnectionState::Unknown(evil.to_owned());
    let regions = [evil.to_owned()];
    let aws = terraform(
        project,
        &svc,
        TerraformInput::Aws {
            privatelink: Some(&apl),
            connections: &a,
            supported_regions: Some(&regions),
        },
    );
    let (strings, _) = lex(&aws);
    assert_eq!(strings.iter().filter(|s| *s == evil).count(), 7, "{aws}");
    golden("hostile-aws", &aws);
}

/// Every golden file is one a test above writes: none is left over from a removed test.
#[test]
fn no_stale_golden_files() {
    let names: BTreeSet<String> = std::fs::read_dir(golden_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    let src = include_str!("terraform.rs");
    for n in &names {
        let stem = n.strip_suffix(".tf").expect("only .tf files");
        assert!(
            src.contains(&format!("golden(\"{stem}\"")),
            "{n} is written by no test"
        );
    }
}
