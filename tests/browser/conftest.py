"""Browser tests: the real portal served by uvicorn, driven by Debian's Chromium.

Outside CI they skip with a message when Chromium is missing; in CI (``CI=true``) they
fail. Screenshots of every step land in ``test-artifacts/<test name>/``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
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


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
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
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "coalition", "serve", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
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
        raise RuntimeError("the portal did not start:\n" + server.stdout.read().decode())  # type: ignore[union-attr]
    os.environ["COALITION_BROWSER_VAR"] = str(var)
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def browser_page(chromium_path: str, request: pytest.FixtureRequest) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=LAUNCH_ARGS)
        context = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN")
        page = context.new_page()
        page.artifacts = ARTIFACTS / request.node.name  # type: ignore[attr-defined]
        page.artifacts.mkdir(parents=True, exist_ok=True)  # type: ignore[attr-defined]
        yield page
        browser.close()
