"""What the browser benchmarks share: gunicorn servers on free loopback ports and a headless Chromium.

``bench/perf.py`` (bytes, server latency, playback vs the naive app) and ``bench/map_step.py`` (main-thread cost
of a date step, first coloured map) import from here; run from anywhere.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    name: str
    target: str  # gunicorn app spec
    ready_path: str
    extra: list[str] = field(default_factory=list)
    port: int = 0
    proc: subprocess.Popen | None = None
    log: Path | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, logdir: Path) -> None:
        self.port = free_port()
        self.log = logdir / f"{self.name}.log"
        env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(self.port), "WEB_CONCURRENCY": "2"}
        cmd = [sys.executable, "-m", "gunicorn", *self.extra, self.target]
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                         start_new_session=True)  # fmt: skip

    def wait_ready(self, timeout: float = 90) -> float:
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited ({self.proc.returncode}); see {self.log}:\n"
                                   + self.log.read_text()[-2000:])  # fmt: skip
            try:
                if requests.get(self.base + self.ready_path, timeout=2).status_code == 200 and len(self.workers()) >= 2:
                    return time.perf_counter() - t0
            except requests.RequestException:
                pass
            time.sleep(0.25)
        raise RuntimeError(f"{self.name} not ready after {timeout:.0f} s; see {self.log}")

    def warm_up(self) -> None:
        """The page, its layout and dependencies, sequentially on fresh connections, so each worker serves "/" alone
        first: a fresh gthread worker hit by concurrent first requests can answer 500 to the JS bundles (see
        bench/README.md, "cold worker race")."""
        for _ in range(12):
            requests.get(self.base + "/", timeout=30)
        for path in ("/_dash-layout", "/_dash-dependencies"):
            requests.get(self.base + path, timeout=30)

    def workers(self) -> list[psutil.Process]:
        try:
            return psutil.Process(self.proc.pid).children()
        except psutil.Error:
            return []

    def memory(self) -> list[tuple[float, float]]:
        """(RSS, USS) in MB per worker. USS = pages private to the worker (preload_app shares the rest)."""
        out = []
        for w in self.workers():
            try:
                m = w.memory_full_info()
                out.append((m.rss / MB, m.uss / MB))
            except psutil.Error:
                pass
        return out

    def stop(self) -> None:
        if not self.proc or self.proc.poll() is not None:
            return
        kids = self.workers()
        self.proc.terminate()  # gunicorn: graceful shutdown of master and workers
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)  # our own session, started above
            self.proc.wait(5)
        for k in kids:
            try:
                k.wait(5)
            except psutil.TimeoutExpired:
                k.kill()
            except psutil.Error:
                pass


def chromium(profile: Path, args: list[str], probe: str | None = None):
    """Headless Chromium (Debian's, through chromedriver) in a fresh profile; ``probe`` runs in every page before
    any of its own scripts."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in args:
        opts.add_argument(a)
    opts.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.set_script_timeout(60)
    if probe:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": probe})
    driver.execute_cdp_cmd("Network.enable", {})
    return driver
