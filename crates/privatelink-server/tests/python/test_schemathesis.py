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


def _schemas_with_patterns(node):
    """Every schema object of the document that has a `pattern`."""
    if isinstance(node, dict):
        if "pattern" in node:
            yield node
        for v in node.values():
            yield from _schemas_with_patterns(v)
    elif isinstance(node, list):
        for v in node:
            yield from _schemas_with_patterns(v)


def test_every_id_pattern_of_the_document_matches_the_examples_core_accepts(server):
    """The patterns are core's constants and their `x-examples` are values core's exact
    validators accept (a core test runs them): as regular expressions, the patterns must
    accept the same values, or a generated client and the server disagree."""
    import json
    import re
    import urllib.request

    with urllib.request.urlopen(f"{server.url}/openapi.json") as r:
        doc = json.load(r)
    schemas = list(_schemas_with_patterns(doc))
    patterns = {s["pattern"] for s in schemas}
    assert len(patterns) >= 4, patterns  # connection ID, subscription, principal, region
    for s in schemas:
        examples = s.get("x-examples")
        assert examples, f"pattern without examples: {s['pattern']}"
        for e in examples:
            assert re.fullmatch(s["pattern"], e), (s["pattern"], e)
            assert len(e) <= s.get("maxLength", len(e))
