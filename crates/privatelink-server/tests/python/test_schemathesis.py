"""Property-based fuzz of the API from its own OpenAPI document (schemathesis): no 5xx, and
no answer that breaks the document, for every operation it describes."""
import subprocess
import sys
from pathlib import Path

from conftest import TOKEN


def test_fuzzing_the_openapi_document_finds_no_5xx_and_no_schema_violation(server, tmp_path):
    st = Path(sys.executable).with_name("schemathesis")
    result = subprocess.run(
        [str(st), "run", f"{server.url}/openapi.json",
         "--header", f"Authorization: aivenv1 {TOKEN}",
         "--checks", "not_a_server_error,response_schema_conformance,content_type_conformance,status_code_conformance",
         "--max-examples", "25", "--seed", "1", "--generation-deterministic",
         "--request-timeout", "10"],
        capture_output=True, text=True, timeout=600, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
