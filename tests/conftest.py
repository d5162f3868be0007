"""Shared pytest fixtures.

Sections:
  1. Paths (ETL-generic): the repository, the committed geodata/ layer and the shared raw data directory.
  (Browser fixtures for the dashboard go in their own section below.)
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dashboard.export import CHROMIUM_FLAGS as EXPORT_CHROMIUM_FLAGS

# ---------------------------------------------------------------------------------------------------------
# 1. Paths

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository checkout (the directory holding etl/ and geodata/)."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def geodata_dir(repo_root: Path) -> Path:
    """The committed geodata/ layer."""
    return repo_root / "geodata"


@pytest.fixture(scope="session")
def data_dir(repo_root: Path) -> Path:
    """The shared raw data (raw/<files> + published_figures.csv): $SC_DATA_DIR, else ../shared/data.

    Missing data is a failure, not a skip: CI always has it, and a silently skipped ETL suite proves nothing.
    """
    path = Path(os.environ.get("SC_DATA_DIR") or repo_root.parent / "shared" / "data").resolve()
    if not (path / "raw").is_dir() or not (path / "published_figures.csv").is_file():
        pytest.fail(
            f"shared data directory not found at {path} (expected raw/ and published_figures.csv); "
            "set SC_DATA_DIR to the directory that holds them",
            pytrace=False,
        )
    return path


# ---------------------------------------------------------------------------------------------------------
# 2. Browser (tests/test_browser.py, marked ``browser``): the real app served on 127.0.0.1 (free port) by a
#    werkzeug server in a daemon thread, driven by Debian's headless Chromium through chromedriver. One server
#    and one browser per test module; every test navigates afresh. A missing chromium or chromedriver is a
#    failure, not a skip (CI installs both; a silently skipped browser suite proves nothing).

# The flags Chromium needs on a bare CI box (one list, owned by the export command), plus a window size.
CHROMIUM_FLAGS = (*EXPORT_CHROMIUM_FLAGS, "--window-size=1280,1000")

# Runs before any page script: dialogs are recorded instead of shown (a test asserts there were none), and every
# fetch/XHR is recorded with its request body, so a test can see which Dash callbacks went to the server.
BROWSER_INIT_SCRIPT = """
(function () {
  window.__scDialogs = [];
  ['alert', 'confirm', 'prompt'].forEach(function (k) {
    window[k] = function (msg) {
      window.__scDialogs.push(k + ': ' + String(msg));
      return k === 'confirm' ? false : null;
    };
  });
  window.__scRequests = [];
  if (window.performance && performance.setResourceTimingBufferSize) { performance.setResourceTimingBufferSize(10000); }
  var fetch0 = window.fetch;
  window.fetch = function (input, init) {
    var url = typeof input === 'string' ? input : (input && input.url) || String(input);
    var body = init && typeof init.body === 'string' ? init.body : null;
    window.__scRequests.push({kind: 'fetch', url: String(new URL(url, location.href)), body: body});
    return fetch0.apply(this, arguments);
  };
  var open0 = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    window.__scRequests.push({kind: 'xhr', url: String(new URL(url, location.href)), body: null});
    return open0.apply(this, arguments);
  };
})();
"""


def _browser_binaries() -> tuple[str, str]:
    import shutil

    chromium = os.environ.get("SC_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    driver = os.environ.get("SC_CHROMEDRIVER") or shutil.which("chromedriver")
    if not chromium or not driver:
        pytest.fail(
            f"browser tests need Chromium and chromedriver (found chromium={chromium!r}, chromedriver={driver!r}): "
            "apt-get install chromium chromium-driver, or set SC_CHROMIUM / SC_CHROMEDRIVER",
            pytrace=False,
        )
    return chromium, driver


class LiveServer:
    """A WSGI app served by werkzeug on 127.0.0.1 and a free port, in a daemon thread."""

    def __init__(self, wsgi_app) -> None:
        import threading

        from werkzeug.serving import make_server

        self._server = make_server("127.0.0.1", 0, wsgi_app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="sc-live-server", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser_app():
    """A fresh dashboard on the committed geodata/, with the Dash dev-tools UI on (so a front-end or callback
    error shows its badge; that UI ships only in the dev bundles) but no hot reload and no version check, so no
    request leaves 127.0.0.1."""
    from dashboard.app import create_app

    app = create_app()
    app.enable_dev_tools(
        debug=False,
        dev_tools_ui=True,
        dev_tools_props_check=True,
        dev_tools_serve_dev_bundles=True,
        dev_tools_hot_reload=False,
        dev_tools_disable_version_check=True,
        dev_tools_silence_routes_logging=True,
    )
    return app


@pytest.fixture(scope="module")
def browser_server(browser_app):
    """The app's Flask server on http://127.0.0.1:<free port> (``.url``)."""
    server = LiveServer(browser_app.server)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def chromium_driver(tmp_path_factory):
    """Headless Chromium (selenium WebDriver) with a fresh profile; console logged, dialogs and requests recorded."""
    chromium, driver_path = _browser_binaries()
    from selenium import webdriver
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        driver = webdriver.Chrome(service=Service(driver_path), options=options)
    except WebDriverException as exc:
        pytest.fail(f"could not start headless Chromium ({chromium}) through {driver_path}: {exc.msg}", pytrace=False)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": BROWSER_INIT_SCRIPT})
    yield driver
    driver.quit()


# ---------------------------------------------------------------------------------------------------------
# 3. Dashboard, no browser (tests/test_viewstate.py, test_coverage.py, test_figures.py, test_jurisdiction.py,
#    test_cards.py, test_downloads_and_routes.py). Session-scoped: the layer is read-only once loaded, so every
#    test may share one copy. `counties_csv` is read straight from geodata/counties.csv with plain pandas (not
#    through etl.contract or dashboard.data) so tests can check the dashboard's numbers against a second reading.


@pytest.fixture(scope="session")
def dataset():
    """The dashboard's loaded, validated geodata layer (`dashboard.data.load()`)."""
    from dashboard import data

    return data.load()


@pytest.fixture(scope="session")
def bounds(dataset):
    """What a view may refer to, built as the app builds it (`Bounds.from_dataset`, with the county matcher)."""
    from dashboard import viewstate

    return viewstate.Bounds.from_dataset(dataset)


@pytest.fixture(scope="session")
def county_names(dataset):
    """The one county matcher (etl.names) over the committed layer."""
    from etl.names import CountyNames

    return CountyNames.from_counties(dataset.counties)


@pytest.fixture(scope="session")
def counties_csv(geodata_dir: Path):
    """geodata/counties.csv read independently: codes as text, activation dates parsed, numbers as read."""
    import pandas as pd

    df = pd.read_csv(
        geodata_dir / "counties.csv",
        dtype={"fips": str, "state_fips": str, "neighbors": str},
        keep_default_na=False,
        na_values=[""],
    )
    df["activation_date"] = pd.to_datetime(df["activation_date"])
    return df


@pytest.fixture(scope="session")
def client():
    """A Flask test client on a freshly created dashboard app (committed geodata/)."""
    from dashboard.app import create_app

    return create_app().server.test_client()
