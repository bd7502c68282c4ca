"""The real Aiven CLI (aiven-client) runs every command of docs/wire-contract.md §4 against the
server, in the order of the Aiven guide, and reads back what it expects."""
import json

from conftest import SUB

SVC = "demo-pg"
PL_COLUMNS = ["AZURE_SERVICE_ALIAS", "AZURE_SERVICE_ID", "STATE", "USER_SUBSCRIPTION_IDS"]
CONN_COLUMNS = ["PRIVATELINK_CONNECTION_ID", "PRIVATE_ENDPOINT_ID", "STATE", "USER_IP_ADDRESS"]


def ok(result):
    assert result.returncode == 0, f"exit {result.returncode}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    return result.stdout


def header(stdout: str) -> list[str]:
    return stdout.splitlines()[0].split()


def failed_with(result, message: str, status: int):
    assert result.returncode == 1, result
    assert f"command failed: Error: {message} (status {status})" in result.stderr, result.stderr


def test_the_guide_end_to_end(server):
    out = ok(server.avn("service", "privatelink", "azure", "create", "--user-subscription-id", SUB, SVC))
    assert header(out) == PL_COLUMNS
    assert "creating" in out and SUB in out

    out = ok(server.avn("service", "privatelink", "azure", "get", SVC))
    assert header(out) == PL_COLUMNS and "creating" in out
    server.advance(60)
    got = json.loads(ok(server.avn("service", "privatelink", "azure", "get", "--json", SVC)))
    assert got[0]["state"] == "active"
    alias = got[0]["azure_service_alias"]
    assert alias.endswith(".eastus.azure.privatelinkservice")

    second = "11111111-2222-4333-8444-555555555555"
    out = ok(server.avn("service", "privatelink", "azure", "update", "--user-subscription-id", SUB,
                        "--user-subscription-id", second, SVC))
    assert second in out

    # The customer creates a private endpoint in Azure; Aiven sees it after a refresh.
    created = server.sim("create-endpoint", "--server", server.url, "--subscription-id", SUB,
                         "--resource-group", "test-privatelink", "--name", "my-endpoint", "--target", alias)
    assert created.returncode == 0, created.stderr
    endpoint = json.loads(created.stdout)
    assert endpoint["private_endpoint_id"].endswith("/privateEndpoints/my-endpoint")

    out = ok(server.avn("service", "privatelink", "azure", "connection", "list", SVC))
    assert "pending" not in out
    ok(server.avn("service", "privatelink", "azure", "refresh", SVC))
    out = ok(server.avn("service", "privatelink", "azure", "connection", "list", SVC))
    assert header(out) == CONN_COLUMNS
    assert "pending-user-approval" in out
    conns = json.loads(ok(server.avn("service", "privatelink", "azure", "connection", "list", "--json", SVC)))
    plc = conns[0]["privatelink_connection_id"]
    assert conns[0]["private_endpoint_id"] == endpoint["private_endpoint_id"]

    out = ok(server.avn("service", "privatelink", "azure", "connection", "approve", SVC, plc))
    # Single answers print every key, sorted; only `connection list` has a fixed layout.
    assert header(out) == [c.upper() for c in sorted(c.lower() for c in CONN_COLUMNS)]
    assert "user-approved" in out
    failed_with(server.avn("service", "privatelink", "azure", "connection", "approve", SVC, plc),
                "Only a connection pending user approval can be approved; this one is user-approved.", 409)

    server.advance(60)
    out = ok(server.avn("service", "privatelink", "azure", "connection", "list", SVC))
    assert "connected" in out

    bad = server.avn("service", "privatelink", "azure", "connection", "update", "--endpoint-ip-address", "010.0.0.5", SVC, plc)
    assert bad.returncode == 1 and "leading zero" in bad.stderr and "(status 400)" in bad.stderr
    missing = server.avn("service", "privatelink", "azure", "connection", "update", SVC, plc)
    assert missing.returncode == 1 and "user_ip_address is required" in missing.stderr

    out = ok(server.avn("service", "privatelink", "azure", "connection", "update", "--endpoint-ip-address",
                        endpoint["private_ip_address"], SVC, plc))
    assert endpoint["private_ip_address"] in out
    server.advance(60)
    out = ok(server.avn("service", "privatelink", "azure", "connection", "list", SVC))
    assert " active" in out

    ok(server.avn("service", "update", "-c", "privatelink_access.pgbouncer=true", SVC))
    status, svc = server.http("GET", f"/v1/project/demo-project/service/{SVC}")
    assert svc["service"]["user_config"]["privatelink_access"] == {"pgbouncer": True}
    assert svc["service"]["state"] == "REBUILDING"
    routes = [c for c in svc["service"]["components"] if c["route"] == "privatelink"]
    assert [(c["component"], c["privatelink_connection_id"]) for c in routes] == [("pgbouncer", plc)]
    assert routes[0]["host"].startswith("privatelink-1-")

    out = ok(server.avn("service", "privatelink", "azure", "delete", SVC))
    assert "deleting" in out
    server.advance(60)
    failed_with(server.avn("service", "privatelink", "azure", "get", SVC),
                f"Service {SVC} has no Azure PrivateLink; create one first.", 404)


def test_create_refused_by_preconditions_exits_1_with_the_message(server):
    result = server.avn("service", "privatelink", "azure", "create", "--user-subscription-id", SUB, "demo-pg-public")
    failed_with(result, "Cannot create the Azure PrivateLink: Service demo-pg-public is not in a project VPC; "
                        "Azure PrivateLink needs the service in a project VPC in its region.", 409)


def test_unknown_service_exits_1_with_does_not_exist(server):
    failed_with(server.avn("service", "privatelink", "azure", "get", "nope"), "Service nope does not exist", 404)


def test_invalid_subscription_exits_1_with_a_sentence(server):
    result = server.avn("service", "privatelink", "azure", "create", "--user-subscription-id", "banana", "demo-kafka")
    assert result.returncode == 1
    assert "Subscription 1:" in result.stderr and "(status 400)" in result.stderr


def test_a_subscription_id_in_capitals_is_refused_with_its_exact_spelling(server):
    # The API takes IDs exactly as sent, as Aiven's does; tidying a paste is the client's job.
    result = server.avn("service", "privatelink", "azure", "create", "--user-subscription-id", SUB.upper(), "demo-kafka")
    failed_with(result, f'Invalid request body: Subscription 1: "{SUB.upper()}" must be written exactly as {SUB}: '
                        "lowercase, without braces or surrounding spaces.", 400)


def test_an_endpoint_ip_with_a_trailing_newline_is_refused(server):
    status, body = server.http("PUT", "/v1/project/demo-project/service/demo-kafka/privatelink/azure/connections/plc00000000000",
                               {"user_ip_address": "10.0.0.5\n"})
    assert status == 400, body
    assert "spaces or line breaks" in body["message"]


def test_unknown_access_key_is_refused(server):
    result = server.avn("service", "update", "-c", "privatelink_access.kafka=true", "demo-pg")
    assert result.returncode != 0
    assert "kafka" in result.stderr


def test_sim_create_endpoint_reports_bad_arguments_and_unreachable_servers(server):
    bad = server.sim("create-endpoint", "--server", server.url, "--subscription-id", "nope",
                     "--resource-group", "rg", "--name", "pe", "--target", "x")
    assert bad.returncode == 1 and "error:" in bad.stderr and bad.stdout == ""
    down = server.sim("create-endpoint", "--server", "http://127.0.0.1:9", "--subscription-id", SUB,
                      "--resource-group", "rg", "--name", "pe", "--target", "x")
    assert down.returncode == 1 and "cannot reach the server" in down.stderr
    missing = server.sim("create-endpoint", "--server", server.url)
    assert missing.returncode == 2


SERVICE_COLUMNS = ["SERVICE_NAME", "SERVICE_TYPE", "STATE", "CLOUD_NAME", "PLAN", "CREATE_TIME", "UPDATE_TIME",
                   "NOTIFICATIONS"]


def test_avn_service_get_and_list_print_their_tables_and_json(server):
    """avn's own service commands, as a new user tries them: the service table (it prints
    create_time, update_time and notifications) and the project's service list."""
    out = ok(server.avn("service", "get", SVC))
    assert header(out) == SERVICE_COLUMNS
    # Under the header, avn draws a line of "=" per column.
    row = out.splitlines()[2].split()
    assert [row[0], row[1], row[3], row[4]] == [SVC, "pg", "azure-eastus", "business-4"], out
    assert row[2] in ("RUNNING", "REBUILDING"), out
    got = json.loads(ok(server.avn("service", "get", "--json", SVC)))
    created, updated = got["create_time"], got["update_time"]
    assert created.endswith("Z") and updated >= created, got

    out = ok(server.avn("service", "list"))
    assert header(out) == SERVICE_COLUMNS
    names = [line.split()[0] for line in out.splitlines()[2:] if line.strip()]
    for name in ["demo-kafka", "demo-kafka-gcp", "demo-pg", "demo-pg-aws", "demo-pg-public"]:
        assert name in names, out
    listed = json.loads(ok(server.avn("service", "list", "--json")))
    assert {s["service_name"] for s in listed} >= set(names)
    pg = next(s for s in listed if s["service_name"] == SVC)
    assert pg["create_time"] == created, pg

    # A change is the service's last update: update_time moves on, create_time stays.
    server.advance(2)
    ok(server.avn("service", "update", "-c", "privatelink_access.pgbouncer=true", SVC))
    again = json.loads(ok(server.avn("service", "get", "--json", SVC)))
    assert again["create_time"] == created and again["update_time"] > updated, again
