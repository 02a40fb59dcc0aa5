"""``newsprism serve`` as a real process: it answers, and beyond localhost writes need the token."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_up(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError("server did not start")


@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0"])
def test_serve_command(tmp_path: Path, host: str) -> None:
    port = free_port()
    env = {**os.environ, "NEWSPRISM_DATA_DIR": str(tmp_path / "data"), "NEWSPRISM_CONFIG": ""}
    env.pop("NEWSPRISM_CONFIG")
    cmd = [
        sys.executable,
        "-m",
        "newsprism",
        "--db",
        str(tmp_path / "n.db"),
        "serve",
        "--host",
        host,
        "--port",
        str(port),
    ]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_up(base + "/static/style.css", proc)
        front = httpx.get(base + "/")
        assert front.status_code == 200 and "No stories yet" in front.text
        assert "script-src 'self'" in front.headers["content-security-policy"]
        report = {"kind": "analysis", "message": "x"}
        anon = httpx.post(base + "/api/stories/1/reports", json=report)
        token_file = tmp_path / "data" / "serve-token"
        if host == "127.0.0.1":
            assert anon.status_code == 404  # no token asked; story 1 does not exist
            assert not token_file.exists()
        else:
            assert anon.status_code == 401
            token = token_file.read_text().strip()
            signed = httpx.post(
                base + "/api/stories/1/reports", json=report, headers={"Authorization": f"Bearer {token}"}
            )
            assert signed.status_code == 404
    finally:
        proc.terminate()
        proc.wait(10)
    out = proc.stdout.read().decode() if proc.stdout else ""
    assert f":{port}/" in out  # says which address to open
