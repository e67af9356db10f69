"""Browser tests: the real portal served by uvicorn, driven by Debian's Chromium.

Outside CI they skip with a message when Chromium is missing; in CI (``CI=true``) they
fail. Screenshots of every step land in ``test-artifacts/<test name>/``, and the portal's
own log in ``test-artifacts/portal.log``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import IN_CI, ROOT

CHROMIUM = os.environ.get("COALITION_TEST_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        message = f"Chromium is needed at {CHROMIUM} (apt-get install chromium fonts-noto-cjk)"
        if IN_CI:
            pytest.fail(message + "; CI requires it", pytrace=False)
        pytest.skip(message)
    return CHROMIUM


@dataclass(frozen=True)
class LiveServer:
    url: str
    database: Path  # the server's SQLite file, for what a test must set up or read back


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The portal on a free port over a fresh SQLite database holding the demo tenants."""
    var = tmp_path_factory.mktemp("browser-var")
    env = {
        **os.environ,
        "PICCOLO_CONF": "piccolo_conf",
        "COALITION_VAR_DIR": str(var),
        "COALITION_SQLITE_PATH": str(var / "coalition.sqlite"),
        "COALITION_DATABASE_URL": "",
        "COALITION_REDIS_URL": "",
    }
    for command in (["migrate"], ["demo"]):
        subprocess.run(  # noqa: S603
            [sys.executable, "-m", "coalition", *command],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
    port = _free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = (ARTIFACTS / "portal.log").open("wb")
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "coalition", "serve", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(url + "/", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        server.kill()
        log.close()
        raise RuntimeError(
            "the portal did not start:\n" + (ARTIFACTS / "portal.log").read_text(errors="replace")
        )
    yield LiveServer(url=url, database=var / "coalition.sqlite")
    server.terminate()
    server.wait(timeout=10)
    log.close()


@pytest.fixture
def browser(chromium_path: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def artifacts(request: pytest.FixtureRequest) -> Path:
    """Where this test keeps its screenshots (``test-artifacts/<test name>/``)."""
    folder = ARTIFACTS / request.node.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder
