"""The real Aiven CLI (aiven-client 4.18) runs the AWS PrivateLink and Google Private Service
Connect commands of docs/multicloud.md §1 against the server, in the order of Aiven's guides
(§4.1, §4.2), and reads back what it prints."""
import ast
import json
import re

AWS_PL_COLUMNS = ["AWS_SERVICE_ID", "AWS_SERVICE_NAME", "PRINCIPALS", "STATE"]
AWS_CONN_COLUMNS = ["DNS_NAME", "PRIVATELINK_CONNECTION_ID", "STATE", "VPC_ENDPOINT_ID"]
GOOGLE_PL_COLUMNS = ["GOOGLE_SERVICE_ATTACHMENT", "STATE"]
GOOGLE_CONN_COLUMNS = ["PRIVATELINK_CONNECTION_ID", "PSC_CONNECTION_ID", "STATE", "USER_IP_ADDRESS"]

PRINCIPAL = "arn:aws:iam::012345678901:root"
OTHER_PRINCIPAL = "arn:aws:iam::210987654321:role/app"
STRANGER = "arn:aws:iam::999999999999:root"
ATTACHMENT = re.compile(r"^projects/[^/]+/regions/europe-west1/serviceAttachments/[^/]+$")


def ok(result):
    assert result.returncode == 0, f"exit {result.returncode}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    return result.stdout


def header(stdout: str) -> list[str]:
    return stdout.splitlines()[0].split()


def failed(result, status: int | None = None) -> str:
    """avn's way of failing on an API error: exit 1, `command failed: Error: <message> (status N)`."""
    assert result.returncode == 1, f"exit {result.returncode}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    assert "command failed: Error: " in result.stderr, result.stderr
    if status is not None:
        assert f"(status {status})" in result.stderr, result.stderr
    return result.stderr


def make_service(server, name: str, service_type: str, cloud_name: str, vpc: str | None = "vpc-1"):
    status, body = server.http("POST", "/sim/services", {
        "project": "demo-project", "service_name": name, "service_type": service_type,
        "cloud_name": cloud_name, "project_vpc_id": vpc, "static_ips": False,
    })
    assert status == 201, body


def aws(server, *args: str):
    return server.avn("service", "privatelink", "aws", *args)


def google(server, *args: str):
    return server.avn("service", "privatelink", "google", *args)


def google_connections(server, svc: str) -> list[dict]:
    """`google connection list --json` prints the raw dict repr first, then the JSON list."""
    out = ok(google(server, "connection", "list", "--json", svc))
    first, rest = out.split("\n", 1)
    conns = json.loads(rest)
    assert ast.literal_eval(first) == {"connections": conns}
    return conns


def privatelink_components(server, svc: str) -> list[dict]:
    got = json.loads(ok(server.avn("service", "get", "--json", svc)))
    return [c for c in got["components"] if c["route"] == "privatelink"]


def test_aws_the_guide_end_to_end_without_refresh_or_approval(server):
    svc = "mc-aws-pg"
    make_service(server, svc, "pg", "aws-us-east-1")

    out = ok(aws(server, "create", "--principal", PRINCIPAL, svc))
    assert header(out) == AWS_PL_COLUMNS
    assert out.splitlines()[2].split() == ["null", "null", PRINCIPAL, "creating"]
    got = json.loads(ok(aws(server, "get", "--json", svc)))
    assert got == [{"aws_service_id": None, "aws_service_name": None, "principals": [PRINCIPAL], "state": "creating"}]

    server.advance(60)
    out = ok(aws(server, "get", svc))
    assert header(out) == AWS_PL_COLUMNS and "active" in out
    got = json.loads(ok(aws(server, "get", "--json", svc)))[0]
    assert got["state"] == "active"
    assert got["aws_service_id"].startswith("vpce-svc-")
    assert got["aws_service_name"] == f"com.amazonaws.vpce.us-east-1.{got['aws_service_id']}"

    # Update replaces the list (the guide: repeat the entries you keep).
    out = ok(aws(server, "update", "--principal", PRINCIPAL, "--principal", OTHER_PRINCIPAL, svc))
    assert header(out) == AWS_PL_COLUMNS
    assert f"{PRINCIPAL}, {OTHER_PRINCIPAL}" in out

    # No endpoint yet: an empty list prints nothing at all.
    assert ok(aws(server, "connection", "list", svc)) == ""

    created = server.sim("create-vpc-endpoint", "--server", server.url, "--principal", OTHER_PRINCIPAL,
                         "--name", "my-endpoint", "--service-name", got["aws_service_name"])
    assert created.returncode == 0, created.stderr
    endpoint = json.loads(created.stdout)

    # AWS tells Aiven by itself: no refresh, no approval. The endpoint is listed once it is
    # available (the server's default connect delay, 3 s), `active` after the DNS delay.
    server.advance(3)
    out = ok(aws(server, "connection", "list", svc))
    assert header(out) == AWS_CONN_COLUMNS
    assert "connected" in out and endpoint["vpc_endpoint_id"] in out
    conns = json.loads(ok(aws(server, "connection", "list", "--json", svc)))
    assert len(conns) == 1
    conn = conns[0]
    assert (conn["vpc_endpoint_id"], conn["dns_name"], conn["state"]) == \
        (endpoint["vpc_endpoint_id"], endpoint["dns_name"], "connected")
    plc = conn["privatelink_connection_id"]
    assert plc.startswith("plc")

    server.advance(60)
    conns = json.loads(ok(aws(server, "connection", "list", "--json", svc)))
    assert [(c["privatelink_connection_id"], c["state"]) for c in conns] == [(plc, "active")]

    # The BYOC fallback: refresh is accepted and avn prints nothing for it.
    assert ok(aws(server, "refresh", svc)) == ""

    ok(server.avn("service", "update", "-c", "privatelink_access.pg=true", svc))
    routes = privatelink_components(server, svc)
    assert [(c["component"], c["privatelink_connection_id"]) for c in routes] == [("pg", plc)]
    assert routes[0]["host"].startswith("privatelink-1-")

    out = ok(aws(server, "delete", svc))
    assert header(out) == AWS_PL_COLUMNS and "deleting" in out
    server.advance(60)
    failed(aws(server, "get", svc), 404)


def test_aws_create_without_principal_exits_1_and_creates_nothing(server):
    svc = "mc-aws-noprincipal"
    make_service(server, svc, "pg", "aws-us-east-1")
    # avn sends {"principals": null} when no --principal is given.
    err = failed(aws(server, "create", svc), 400)
    assert "principals" in err.lower()
    failed(aws(server, "get", svc), 404)


def test_aws_create_with_a_short_account_id_says_12_digits(server):
    svc = "mc-aws-badarn"
    make_service(server, svc, "pg", "aws-us-east-1")
    err = failed(aws(server, "create", "--principal", "arn:aws:iam::123:root", svc), 400)
    assert "exactly 12 digits" in err


def test_aws_update_without_principal_keeps_the_list(server):
    svc = "mc-aws-keep"
    make_service(server, svc, "kafka", "aws-us-east-1")
    ok(aws(server, "create", "--principal", PRINCIPAL, "--principal", OTHER_PRINCIPAL, svc))
    server.advance(60)
    got = json.loads(ok(aws(server, "update", "--json", svc)))
    assert got[0]["principals"] == [PRINCIPAL, OTHER_PRINCIPAL]
    got = json.loads(ok(aws(server, "update", "--json", "--principal", OTHER_PRINCIPAL, svc)))
    assert got[0]["principals"] == [OTHER_PRINCIPAL]
    got = json.loads(ok(aws(server, "get", "--json", svc)))
    assert got[0]["principals"] == [OTHER_PRINCIPAL]


def test_aws_supported_regions_are_accepted_but_never_echoed(server):
    svc = "mc-aws-regions"
    make_service(server, svc, "pg", "aws-us-east-1")
    out = ok(aws(server, "create", "--principal", PRINCIPAL, "--supported-regions", "us-west-2,eu-west-1", svc))
    assert header(out) == AWS_PL_COLUMNS
    server.advance(60)
    got = json.loads(ok(aws(server, "update", "--json", "--supported-regions", "us-west-2", svc)))
    assert sorted(got[0]) == ["aws_service_id", "aws_service_name", "principals", "state"]
    assert got[0]["principals"] == [PRINCIPAL]


def test_aws_endpoint_from_a_principal_not_allowed_fails_and_is_never_listed(server):
    svc = "mc-aws-stranger"
    make_service(server, svc, "pg", "aws-us-east-1")
    ok(aws(server, "create", "--principal", PRINCIPAL, svc))
    server.advance(60)
    name = json.loads(ok(aws(server, "get", "--json", svc)))[0]["aws_service_name"]
    refused = server.sim("create-vpc-endpoint", "--server", server.url, "--principal", STRANGER,
                         "--name", "stranger-endpoint", "--service-name", name)
    assert refused.returncode == 1, refused
    assert refused.stdout == "" and refused.stderr.strip()
    server.advance(60)
    assert json.loads(ok(aws(server, "connection", "list", "--json", svc))) == []


def test_aws_get_of_an_unknown_service_exits_1_with_does_not_exist(server):
    err = failed(aws(server, "get", "mc-nope"), 404)
    assert "Service mc-nope does not exist" in err


def test_aws_create_on_an_azure_service_names_its_cloud_and_the_azure_path(server):
    svc = "mc-azure-pg"
    make_service(server, svc, "pg", "azure-eastus")
    err = failed(aws(server, "create", "--principal", PRINCIPAL, svc))
    assert "azure-eastus" in err and "privatelink/azure" in err


def test_google_create_on_an_aws_service_names_its_cloud_and_the_aws_path(server):
    svc = "mc-aws-for-google"
    make_service(server, svc, "kafka", "aws-us-east-1")
    err = failed(google(server, "create", svc))
    assert "aws-us-east-1" in err and "privatelink/aws" in err


def test_google_the_guide_end_to_end_with_refresh_and_approval(server):
    svc = "mc-gcp-kafka"
    make_service(server, svc, "kafka", "google-europe-west1")

    out = ok(google(server, "create", svc))
    assert header(out) == GOOGLE_PL_COLUMNS
    assert out.splitlines()[2].split() == ["null", "creating"]
    got = json.loads(ok(google(server, "get", "--json", svc)))
    assert got == [{"google_service_attachment": None, "state": "creating"}]
    failed(google(server, "create", svc), 409)

    server.advance(60)
    out = ok(google(server, "get", svc))
    assert header(out) == GOOGLE_PL_COLUMNS and "active" in out
    got = json.loads(ok(google(server, "get", "--json", svc)))[0]
    assert got["state"] == "active"
    attachment = got["google_service_attachment"]
    assert ATTACHMENT.match(attachment), attachment

    created = server.sim("create-psc-endpoint", "--server", server.url, "--project-id", "my-gcp-project",
                         "--name", "my-psc-endpoint", "--service-attachment", attachment)
    assert created.returncode == 0, created.stderr
    endpoint = json.loads(created.stdout)
    psc, ip = endpoint["psc_connection_id"], endpoint["ip_address"]

    # Google sends no notification: nothing is listed before a refresh.
    assert ok(google(server, "connection", "list", svc)).strip() == "{'connections': []}"
    ok(google(server, "refresh", svc))

    out = ok(google(server, "connection", "list", svc))
    lines = out.splitlines()
    assert lines[0].startswith("{'connections': [{")
    assert lines[1].split() == GOOGLE_CONN_COLUMNS
    row = lines[3].split()
    assert row[0].startswith("plc") and row[1:] == [str(psc), "pending-user-approval", "null"]
    conns = google_connections(server, svc)
    assert len(conns) == 1
    assert (conns[0]["psc_connection_id"], conns[0]["state"], conns[0]["user_ip_address"]) == \
        (psc, "pending-user-approval", None)
    plc = conns[0]["privatelink_connection_id"]
    assert plc == row[0]

    bad = google(server, "connection", "approve", svc, "--privatelink-connection-id", plc,
                 "--user-ip-address", "10.0.0.256")
    failed(bad, 400)
    assert google_connections(server, svc)[0]["state"] == "pending-user-approval"

    out = ok(google(server, "connection", "approve", svc, "--privatelink-connection-id", plc,
                    "--user-ip-address", ip))
    # Single answers print every key, sorted: here the same four columns as the list.
    assert header(out) == GOOGLE_CONN_COLUMNS
    assert out.splitlines()[2].split() == [plc, str(psc), "user-approved", ip]
    failed(google(server, "connection", "approve", svc, "--privatelink-connection-id", plc,
                  "--user-ip-address", ip), 409)

    # Connected after the server's default connect delay (3 s), active after the DNS delay.
    server.advance(3)
    assert [(c["state"], c["user_ip_address"]) for c in google_connections(server, svc)] == [("connected", ip)]
    server.advance(60)
    assert [(c["state"], c["user_ip_address"]) for c in google_connections(server, svc)] == [("active", ip)]

    ok(server.avn("service", "update", "-c", "privatelink_access.kafka=true", svc))
    routes = privatelink_components(server, svc)
    assert [(c["component"], c["privatelink_connection_id"]) for c in routes] == [("kafka", plc)]
    assert routes[0]["host"].startswith("privatelink-1-")

    out = ok(google(server, "delete", svc))
    assert header(out) == GOOGLE_PL_COLUMNS and "deleting" in out
    server.advance(60)
    failed(google(server, "get", svc), 404)


def test_availability_lists_aws_azure_and_google_clouds(server):
    out = ok(server.avn("service", "privatelink", "availability"))
    assert header(out) == ["CLOUD_NAME", "PRICE_USD"]
    clouds = [line.split()[0] for line in out.splitlines()[2:] if line.strip()]
    for prefix in ("aws-", "azure-", "google-"):
        assert any(c.startswith(prefix) for c in clouds), (prefix, clouds)
