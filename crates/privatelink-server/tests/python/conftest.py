"""Fixtures for the Python test layer: a real privatelink-server on a free port (binary from
PRIVATELINK_SERVER_BIN, fresh data dir, test controls and a manual clock), and helpers that
run the real `avn` CLI against it and move the simulated clock."""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

TOKEN = "avn-test-token"
SUB = "8eefec94-5d63-40c9-983c-03ab083b411d"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, binary: str, url: str, home: Path, data: Path):
        self.binary = binary
        self.url = url
        self.home = home
        self.data = data

    def http(self, method: str, path: str, body=None, token: str | None = TOKEN):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if token:
            req.add_header("Authorization", f"aivenv1 {token}")
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, json.loads(r.read() or b"{}")
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"{}")

    def advance(self, seconds: float) -> None:
        # A test control: it takes the server's demo token only.
        status, body = self.http("POST", "/sim/clock/advance", {"seconds": seconds})
        assert status == 200, body

    def avn(self, *args: str, token: str = TOKEN) -> subprocess.CompletedProcess:
        """Runs the real avn CLI against this server, with no user config read."""
        avn = Path(sys.executable).with_name("avn")
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(self.home),
            "AIVEN_CONFIG_DIR": str(self.home / "aiven"),
            "AIVEN_WEB_URL": self.url,
            "AIVEN_AUTH_TOKEN": token,
            "AIVEN_PROJECT": "demo-project",
        }
        return subprocess.run([str(avn), *args], env=env, capture_output=True, text=True, timeout=60)

    def member_add(self, email: str, role: str) -> str:
        """Adds a member of demo-project with `member add` (the server keeps running) and
        returns their token, the command's last line."""
        done = subprocess.run([self.binary, "member", "add", "--data-dir", str(self.data),
                               "--project", "demo-project", "--email", email, "--role", role],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip().splitlines()[-1]

    def sim(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([self.binary, "sim", *args], capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    binary = os.environ.get("PRIVATELINK_SERVER_BIN")
    if not binary:
        pytest.fail("set PRIVATELINK_SERVER_BIN to the privatelink-server binary (cargo xtask test does)")
    port = _free_port()
    data = tmp_path_factory.mktemp("data")
    home = tmp_path_factory.mktemp("home")
    proc = subprocess.Popen(
        [binary, "serve", "--listen", f"127.0.0.1:{port}", "--data-dir", str(data),
         "--demo-token", TOKEN, "--test-controls", "--manual-clock", "--panel-dir", str(data / "no-panel")],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while True:
        try:
            urllib.request.urlopen(url + "/openapi.json", timeout=1).read()
            break
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                pytest.fail(f"privatelink-server did not start on {url}")
            time.sleep(0.1)
    yield Server(binary, url, home, data)
    proc.terminate()
    proc.wait(timeout=10)
