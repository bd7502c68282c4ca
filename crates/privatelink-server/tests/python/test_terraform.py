"""`privatelink-server export terraform` against a real server, on each cloud's demo service
(demo-pg on Azure, demo-pg-aws on AWS, demo-kafka-gcp on Google Cloud) through the states the
panel shows. Every output, and every golden file of core's generator
(crates/privatelink-core/tests/terraform/*.tf, hostile names included), is parsed with
python-hcl2, a parser this project does not keep, and checked against the provider's schema
(fixtures/terraform/provider-schema.json): only its argument names, every required one, and
import blocks of declared resources with IDs in the provider's import format."""
import json
import os
import subprocess
from pathlib import Path

import hcl2
import pytest

from conftest import SUB, TOKEN

ROOT = Path(__file__).resolve().parents[4]
SCHEMA = json.loads((ROOT / "fixtures/terraform/provider-schema.json").read_text())["resources"]
GOLDEN = sorted((ROOT / "crates/privatelink-core/tests/terraform").glob("*.tf"))
PROJECT = "demo-project"
PRINCIPAL = "arn:aws:iam::012345678901:root"
V1 = f"/v1/project/{PROJECT}/service"

OPTIONS = hcl2.SerializationOptions(with_comments=False, explicit_blocks=False, strip_string_quotes=True)


def export(server, svc: str, token: str = TOKEN, project: str = PROJECT) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ.get("PATH", "")}  # no AIVEN_AUTH_TOKEN: the flag is what counts
    return subprocess.run(
        [server.binary, "export", "terraform", "--server", server.url, "--token", token,
         "--project", project, "--service", svc],
        capture_output=True, text=True, timeout=60, env=env,
    )


def parse(text: str) -> dict:
    """The HCL as python-hcl2 reads it, checked against the schema; returns
    {"resources": {"type.label": {arg: value}}, "imports": {"type.label": id}}."""
    doc = hcl2.loads(text, serialization_options=OPTIONS)
    aiven = doc["terraform"][0]["required_providers"][0]["aiven"]
    assert aiven == {"source": "aiven/aiven", "version": ">= 4.51.0, < 5.0.0"}, aiven
    resources = {}
    for block in doc.get("resource", []):
        for ty, labelled in block.items():
            assert ty in SCHEMA, f"{ty} is not a resource of the schema fixture"
            allowed = set(SCHEMA[ty]["required"]) | set(SCHEMA[ty]["optional"])
            for label, args in labelled.items():
                assert set(args) <= allowed, (ty, set(args) - allowed)
                assert set(SCHEMA[ty]["required"]) <= set(args), (ty, label, args)
                assert f"{ty}.{label}" not in resources
                resources[f"{ty}.{label}"] = args
    imports = {}
    for imp in doc.get("import", []):
        to = imp["to"].removeprefix("${").removesuffix("}")
        assert to in resources, f"import of undeclared {to}"
        ty = to.split(".")[0]
        parts = len(SCHEMA[ty]["import_id"].split("/"))
        imports[to] = imp["id"]
        assert len(imp["id"].split("/")) >= parts, imp
    assert set(doc) <= {"terraform", "resource", "import"}, set(doc)
    return {"resources": resources, "imports": imports}


def ok(result) -> str:
    assert result.returncode == 0, f"exit {result.returncode}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    assert result.stderr == "", result.stderr
    return result.stdout


def call(server, method: str, path: str, body=None):
    status, answer = server.http(method, path, body)
    assert 200 <= status < 300, (method, path, status, answer)
    return answer


@pytest.mark.parametrize("path", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_every_golden_file_parses_and_keeps_to_the_schema(path):
    got = parse(path.read_text())
    if path.stem.startswith("hostile"):
        # The hostile name holds `} resource "null" "y" {`, `${file(…)}` and `%{ if … }`:
        # it stayed inside its strings, and python-hcl2 (which leaves the doubled `$${`
        # and `%%{` as they are) reads no template in it.
        assert all(r.startswith("aiven_") for r in got["resources"]), got["resources"]
        names = [a["service_name"] for a in got["resources"].values() if not a["service_name"].startswith("${")]
        assert names, got
        for n in names:
            assert n.startswith('x"\n} resource "null" "y" { $${file(') and "%%{ if true }" in n, n


def test_golden_files_are_there():
    stems = {p.stem for p in GOLDEN}
    for cloud in ("azure", "aws", "google"):
        assert f"{cloud}-none" in stems and any(s.startswith(f"{cloud}-active") for s in stems)


def test_azure_none_creating_pending_active(server):
    svc = "demo-pg"
    got = parse(ok(export(server, svc)))
    assert got == {
        "resources": {"aiven_azure_privatelink.demo_pg": {
            "project": PROJECT, "service_name": svc, "user_subscription_ids": []}},
        "imports": {},
    }

    call(server, "POST", f"{V1}/{svc}/privatelink/azure", {"user_subscription_ids": [SUB]})
    out = ok(export(server, svc))
    assert '"creating"' in out
    got = parse(out)
    assert got["resources"]["aiven_azure_privatelink.demo_pg"]["user_subscription_ids"] == [SUB]
    assert got["imports"] == {"aiven_azure_privatelink.demo_pg": f"{PROJECT}/{svc}"}

    server.advance(60)
    alias = call(server, "GET", f"{V1}/{svc}/privatelink/azure")["azure_service_alias"]
    out = ok(export(server, svc))
    assert "No private endpoint has connected yet" in out
    assert len(parse(out)["resources"]) == 1

    created = server.sim("create-endpoint", "--server", server.url, "--subscription-id", SUB,
                         "--resource-group", "tf-rg", "--name", "tf-endpoint", "--target", alias)
    assert created.returncode == 0, created.stderr
    ip = json.loads(created.stdout)["private_ip_address"]
    call(server, "POST", f"{V1}/{svc}/privatelink/azure/refresh", {})
    got = parse(ok(export(server, svc)))
    approval = got["resources"]["aiven_azure_privatelink_connection_approval.demo_pg"]
    assert approval == {"project": "${aiven_azure_privatelink.demo_pg.project}",
                        "service_name": "${aiven_azure_privatelink.demo_pg.service_name}"}
    assert list(got["imports"]) == ["aiven_azure_privatelink.demo_pg"], "an approval has no import"

    plc = call(server, "GET", f"{V1}/{svc}/privatelink/azure/connections")["connections"][0]["privatelink_connection_id"]
    call(server, "POST", f"{V1}/{svc}/privatelink/azure/connections/{plc}/approve", {})
    server.advance(60)
    call(server, "PUT", f"{V1}/{svc}/privatelink/azure/connections/{plc}", {"user_ip_address": ip})
    got = parse(ok(export(server, svc)))
    assert got["resources"]["aiven_azure_privatelink_connection_approval.demo_pg"]["endpoint_ip_address"] == ip

    server.advance(60)
    call(server, "PUT", f"{V1}/{svc}", {"user_config": {"privatelink_access": {"pgbouncer": True}}})
    out = ok(export(server, svc))
    assert '"active", so no aiven_azure_privatelink_connection_approval is written' in out
    assert list(parse(out)["resources"]) == ["aiven_azure_privatelink.demo_pg"]
    assert "#   pg_user_config {\n#     privatelink_access {\n#       pg         = false\n" \
           "#       pgbouncer  = true\n" in out


def test_aws_principals_and_regions_as_a_comment(server):
    svc = "demo-pg-aws"
    call(server, "POST", f"{V1}/{svc}/privatelink/aws",
         {"principals": [PRINCIPAL], "supported_regions": ["us-west-2"]})
    server.advance(60)
    pl = call(server, "GET", f"{V1}/{svc}/privatelink/aws")
    created = server.sim("create-vpc-endpoint", "--server", server.url, "--principal", PRINCIPAL,
                         "--name", "tf-vpce", "--service-name", pl["aws_service_name"])
    assert created.returncode == 0, created.stderr
    vpce = json.loads(created.stdout)["vpc_endpoint_id"]
    server.advance(60)

    out = ok(export(server, svc))
    got = parse(out)
    assert got == {
        "resources": {"aiven_aws_privatelink.demo_pg_aws": {
            "project": PROJECT, "service_name": svc, "principals": [PRINCIPAL]}},
        "imports": {"aiven_aws_privatelink.demo_pg_aws": f"{PROJECT}/{svc}"},
    }
    # The API never shows the regions, so the export can only say so.
    assert "# supported_regions: the API never shows them" in out
    assert f'"{vpce}" "active"' in out


def test_google_pending_then_approved_with_a_three_part_import(server):
    svc = "demo-kafka-gcp"
    call(server, "POST", f"{V1}/{svc}/privatelink/google", {})
    server.advance(60)
    attachment = call(server, "GET", f"{V1}/{svc}/privatelink/google")["google_service_attachment"]
    created = server.sim("create-psc-endpoint", "--server", server.url, "--project-id", "my-gcp-project",
                         "--name", "tf-psc", "--service-attachment", attachment)
    assert created.returncode == 0, created.stderr
    endpoint = json.loads(created.stdout)
    psc, ip = str(endpoint["psc_connection_id"]), endpoint["ip_address"]
    call(server, "POST", f"{V1}/{svc}/privatelink/google/refresh", {})

    out = ok(export(server, svc))
    assert f'(PSC connection "{psc}") is "pending-user-approval"' in out
    assert list(parse(out)["resources"]) == ["aiven_gcp_privatelink.demo_kafka_gcp"]

    plc = call(server, "GET", f"{V1}/{svc}/privatelink/google/connections")["connections"][0]["privatelink_connection_id"]
    call(server, "POST", f"{V1}/{svc}/privatelink/google/connections/{plc}/approve", {"user_ip_address": ip})
    got = parse(ok(export(server, svc)))
    key = f"aiven_gcp_privatelink_connection_approval.demo_kafka_gcp_{psc}"
    assert got["resources"][key] == {
        "project": "${aiven_gcp_privatelink.demo_kafka_gcp.project}",
        "service_name": "${aiven_gcp_privatelink.demo_kafka_gcp.service_name}",
        "psc_connection_id": psc,
        "user_ip_address": ip,
    }
    assert got["imports"] == {
        "aiven_gcp_privatelink.demo_kafka_gcp": f"{PROJECT}/{svc}",
        key: f"{PROJECT}/{svc}/{psc}",
    }


def test_errors_go_to_stderr_with_exit_1(server):
    missing = export(server, "tf-nope")
    assert missing.returncode == 1 and missing.stdout == ""
    assert "Service tf-nope does not exist (status 404)" in missing.stderr, missing.stderr

    denied = export(server, "demo-pg", token="not-a-token")
    assert denied.returncode == 1 and denied.stdout == ""
    assert "(status 401)" in denied.stderr, denied.stderr

    down = subprocess.run([server.binary, "export", "terraform", "--server", "http://127.0.0.1:9",
                           "--token", TOKEN, "--project", PROJECT, "--service", "demo-pg"],
                          capture_output=True, text=True, timeout=60, env={"PATH": os.environ.get("PATH", "")})
    assert down.returncode == 1 and "cannot reach the server" in down.stderr and down.stdout == ""

    usage = subprocess.run([server.binary, "export", "terraform", "--server", server.url],
                           capture_output=True, text=True, timeout=60, env={"PATH": os.environ.get("PATH", "")})
    assert usage.returncode == 2
