"""``python -m dashboard.export``: the captioned map or timeline of a view as a PNG or SVG, for batch work.

    python -m dashboard.export --date 2011-02-01 [--state TX] [--county 48201] [--compare 06037,04013]
        [--mode cohort|status] [--measure activation|detainers|rate|custody|citizen] [--chart map|timeline]
        [--size landscape|square|print] [--lang en|es] --format png|svg --out FILE

The image is the one the page's export buttons make: the app is served in-process on 127.0.0.1 (a free port),
headless Chromium loads the embed view (``/embed/map?…``), and ``Plotly.toImage`` draws the captioned figure
(``dashboard/press.py``) at the exact publication size — 1200 x 800, 1080 x 1080, or 2400 x 1600 for print.
``--lang es`` draws every word of the image (title, date line, legend, credit) in Spanish.
Chromium runs only here, never in a request path. Every refusal is one line on stderr that ends "nothing was
written" (it says what is wrong, never what a page would show instead), and a non-zero exit: 2 for a bad
argument (date, state, county, measure, size, path), 1 when the browser or rendering fails, 3 for bad data.

:func:`serve` and :func:`chromium` are also what the browser tests use.
"""

from __future__ import annotations

import argparse
import base64
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlencode

# Without these flags Chromium on a bare server hangs on network look-ups (updates, sync) or /dev/shm.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-extensions",
)
RENDER_TIMEOUT = 60  # seconds for the page to draw and the image to be made
SIZES = ("landscape", "square", "print")  # mirrors dashboard.press.SIZES (checked in tests/test_export.py)

_RENDER_SCRIPT = """
var done = arguments[arguments.length - 1];
var size = arguments[0], format = arguments[1];
function go() {
  if (document.documentElement.getAttribute("data-sc-error")) {
    done({error: document.documentElement.getAttribute("data-sc-error")}); return;
  }
  if (document.documentElement.getAttribute("data-sc-ready") !== "true" || !window.scPress || !window.scEmbed) {
    setTimeout(go, 50); return;
  }
  window.scPress.image(window.scEmbed.figure, window.scEmbed, size, format)
    .then(function (url) { done({url: url}); })
    .catch(function (err) { done({error: String(err && err.message || err)}); });
}
go();
"""


class ExportError(Exception):
    """A one-line reason for the user; ``code`` is the exit status."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


# ---------------------------------------------------------------------------------------------------------
# A server and a browser (shared with the tests)


@contextmanager
def serve(wsgi_app, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve ``wsgi_app`` with werkzeug on ``host`` and a free port in a daemon thread; yield the base URL."""
    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request on stderr
    server = make_server(host, 0, wsgi_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="sc-export-server", daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def browser_binaries() -> tuple[str, str]:
    """Chromium and chromedriver: ``SC_CHROMIUM`` / ``SC_CHROMEDRIVER``, else Debian's, else the PATH."""
    chromium = os.environ.get("SC_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    driver = os.environ.get("SC_CHROMEDRIVER") or shutil.which("chromedriver")
    if not chromium or not driver:
        raise ExportError(
            f"Chromium and chromedriver are needed (found chromium={chromium!r}, chromedriver={driver!r}): "
            "apt-get install chromium chromium-driver, or set SC_CHROMIUM / SC_CHROMEDRIVER"
        )
    return chromium, driver


@contextmanager
def chromium(window: tuple[int, int] = (1280, 1000), downloads: Path | None = None) -> Iterator[object]:
    """Headless Chromium under selenium with a fresh profile (removed afterwards)."""
    from selenium import webdriver
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.service import Service

    binary, driver_path = browser_binaries()
    profile = tempfile.mkdtemp(prefix="sc-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={window[0]},{window[1]}"):
        options.add_argument(flag)
    if downloads is not None:
        options.add_experimental_option(
            "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
        )
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        driver = webdriver.Chrome(service=Service(driver_path), options=options)
    except WebDriverException as exc:
        shutil.rmtree(profile, ignore_errors=True)
        raise ExportError(f"could not start Chromium: {str(exc.msg or exc).splitlines()[0]}") from None
    try:
        if downloads is not None:
            driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


# ---------------------------------------------------------------------------------------------------------
# The command


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, no usage dump
        raise ExportError(f"{message} (see --help)", 2)


def _parser() -> argparse.ArgumentParser:
    from dashboard.i18n import LANGS
    from dashboard.viewstate import MEASURES  # the URL's names (dashboard/measures.py defines them)

    p = _Parser(
        prog="python -m dashboard.export",
        description="Export the captioned map or timeline of a view as PNG or SVG (title, date, legend, credit).",
    )
    p.add_argument("--date", help="YYYY-MM-DD, within the rollout (default: its last day, 2013-01-22)")
    p.add_argument("--state", help="USPS code, e.g. TX: zoom to one state")
    p.add_argument("--county", help="5-digit FIPS code to outline, e.g. 48201")
    p.add_argument("--compare", help="comma-separated FIPS codes to mark, e.g. 06037,04013")
    p.add_argument("--mode", choices=("cohort", "status"), help="colour by activation date (default) or status")
    p.add_argument(
        "--measure",
        choices=MEASURES,
        help="what the map shows (default: activation; the others are TRAC/NPR detainer totals, see the README)",
    )
    p.add_argument("--chart", choices=("map", "timeline"), default="map", help="what to draw (default: map)")
    p.add_argument(
        "--size",
        choices=SIZES,
        default="landscape",
        help="landscape 1200x800 (default), square 1080x1080, print 2400x1600",
    )
    p.add_argument("--lang", choices=LANGS, help="language of the image's words: en (default) or es (Spanish)")
    p.add_argument("--format", choices=("png", "svg"), help="image format (default: from --out's extension)")
    p.add_argument("--out", required=True, help="file to write (parent directory must exist)")
    return p


def _query(args: argparse.Namespace) -> dict[str, list[str]]:
    query = {}
    for key in ("date", "state", "county", "compare", "mode", "measure", "lang"):
        value = getattr(args, key)
        if value is not None:
            query[key] = [value]
    return query


def _check_out(out: str, fmt: str | None) -> tuple[Path, str]:
    path = Path(out).expanduser()
    if path.is_dir():
        raise ExportError(f"--out {out!r} is a directory; give a file name", 2)
    suffix = path.suffix.lower().lstrip(".")
    if fmt is None:
        if suffix not in ("png", "svg"):
            raise ExportError(f"give --format png|svg (cannot tell from the name {out!r})", 2)
        fmt = suffix
    elif suffix in ("png", "svg") and suffix != fmt:
        raise ExportError(f"--out {out!r} does not match --format {fmt}", 2)
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise ExportError(f"cannot write {out!r}: directory {str(parent)!r} does not exist", 2)
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise ExportError(f"cannot write {out!r}: permission denied", 2)
    return path, fmt


def _decode(url: str) -> bytes:
    head, _, body = url.partition(",")
    if ";base64" in head:
        return base64.b64decode(body)
    return unquote(body).encode("utf-8")


def check_fonts() -> None:
    """Refuse before rendering when fontconfig (which Chromium draws text with) knows no font: the image would
    have no text at all, so no title, date or credit. Skipped where fontconfig's ``fc-list`` is not installed."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return
    found = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True, timeout=30, check=False).stdout
    if not found.strip():
        raise ExportError(
            "no usable font: Chromium would draw the image without any text; install one "
            "(Debian: apt-get install fonts-dejavu-core)"
        )


def render(wsgi_app, base_query: dict[str, list[str]], chart: str, size: str, fmt: str) -> bytes:
    """Serve ``wsgi_app``, load its embed of ``chart`` in headless Chromium, and return the image bytes."""
    from selenium.common.exceptions import WebDriverException

    check_fonts()
    with serve(wsgi_app) as base, chromium() as driver:
        try:
            driver.set_script_timeout(RENDER_TIMEOUT)
            driver.get(f"{base}/embed/{chart}?{urlencode(base_query, doseq=True)}")
            result = driver.execute_async_script(_RENDER_SCRIPT, size, fmt)
        except WebDriverException as exc:
            raise ExportError(f"rendering failed in Chromium: {str(exc.msg or exc).splitlines()[0]}") from None
    if not isinstance(result, dict) or "url" not in result:
        raise ExportError(f"rendering failed: {(result or {}).get('error', 'no image')}")
    return _decode(result["url"])


def run(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    out, fmt = _check_out(args.out, args.format)

    from dashboard import viewstate
    from dashboard.app import app, bounds_for  # loads and validates geodata/ (exits 3 with one line if broken)

    bounds = bounds_for(app.server.config["SC_DATASET"])
    # Refusals are worded in English, like the rest of the command (--lang is the image's language only), and say
    # what is wrong, not what a page would show instead ("; showing ..."): nothing is drawn.
    checked = viewstate.parse({k: v for k, v in _query(args).items() if k != "lang"}, bounds)
    if checked.notices:
        raise ExportError(viewstate.refusal(checked.notices[0]), 2)
    parsed = viewstate.parse(_query(args), bounds)
    for line in parsed.info:
        print(f"note: {line}", file=sys.stderr)
    image = render(app.server, _query(args) | {"date": [parsed.view.date.isoformat()]}, args.chart, args.size, fmt)
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    try:
        tmp.write_bytes(image)
        tmp.replace(out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"cannot write {str(out)!r}: {exc.strerror or exc}", 2) from None
    print(f"wrote {out} ({fmt.upper()}, {len(image):,} bytes)", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return run(argv)
    except ExportError as exc:
        print(f"error: {refused(str(exc))}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print(f"error: {refused('interrupted')}", file=sys.stderr)
        return 130


def refused(reason: str) -> str:
    """Every refusal's one line: the reason, then that no file was written (no image is made on any error)."""
    return f"{reason.strip().rstrip('.')}; nothing was written."


if __name__ == "__main__":
    raise SystemExit(main())
