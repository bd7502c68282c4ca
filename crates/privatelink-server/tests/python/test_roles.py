"""Project members with a role, as Aiven has them, tried with the real avn: a read_only
member (added with `privatelink-server member add` while the server runs) may read the
service but no private link of any cloud; an operator may do everything; a refusal is
Aiven's 403 body with error_code permission_denied."""
import json
import subprocess
import time

from conftest import SUB


def ok(result):
    assert result.returncode == 0, f"exit {result.returncode}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    return result.stdout


def refused(result):
    assert result.returncode == 1, result
    assert "(status 403)" in result.stderr, result.stderr
    assert "Permission denied:" in result.stderr and "read_only" in result.stderr, result.stderr
    assert "service:configuration:write" in result.stderr, result.stderr


def test_a_read_only_member_reads_the_service_and_is_refused_every_private_link(server):
    token = server.member_add("reader@example.com", "read_only")
    assert len(token) >= 32
    got = json.loads(ok(server.avn("service", "get", "--json", "demo-pg", token=token)))
    assert got["service_name"] == "demo-pg"
    ok(server.avn("service", "list", token=token))
    refused(server.avn("service", "privatelink", "azure", "get", "demo-pg", token=token))
    refused(server.avn("service", "privatelink", "aws", "get", "demo-pg-aws", token=token))
    refused(server.avn("service", "privatelink", "google", "connection", "list", "demo-kafka-gcp", token=token))
    # The body is Aiven's: message and errors[] with the code.
    status, body = server.http("GET", "/v1/project/demo-project/service/demo-pg/privatelink/azure", token=token)
    assert status == 403 and body["errors"][0]["error_code"] == "permission_denied", body
    # A change of the service needs a write permission too.
    result = server.avn("service", "update", "-c", "privatelink_access.pg=true", "demo-pg", token=token)
    assert result.returncode == 1, result
    assert "update failed: Permission denied:" in result.stderr, result.stderr


def test_an_operator_does_everything_and_a_new_role_replaces_the_old_token(server):
    token = server.member_add("ops@example.com", "operator")
    ok(server.avn("service", "privatelink", "azure", "create", "--user-subscription-id", SUB, "demo-pg", token=token))
    ok(server.avn("service", "privatelink", "azure", "get", "demo-pg", token=token))
    ok(server.avn("service", "privatelink", "aws", "create", "--principal", "arn:aws:iam::123456789012:root",
                  "demo-pg-aws", token=token))
    ok(server.avn("service", "privatelink", "google", "create", "demo-kafka-gcp", token=token))
    server.advance(600)
    ok(server.avn("service", "privatelink", "google", "connection", "list", "demo-kafka-gcp", token=token))
    # The same member made read_only: a new token, and the old one stops working.
    demoted = server.member_add("ops@example.com", "read_only")
    assert demoted != token
    # The running server keeps a token it has seen for at most a second (its read cache).
    time.sleep(1.2)
    old = server.avn("service", "get", "demo-pg", token=token)
    assert old.returncode == 1 and "(status 401)" in old.stderr, old.stderr
    refused(server.avn("service", "privatelink", "azure", "get", "demo-pg", token=demoted))


def test_member_add_refuses_an_unknown_role_with_a_clear_error(server):
    done = subprocess.run([server.binary, "member", "add", "--data-dir", str(server.data), "--project",
                           "demo-project", "--email", "x@example.com", "--role", "owner"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "is not a role" in done.stderr and done.stdout == "", done
