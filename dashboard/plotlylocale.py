"""plotly.js in the reader's language: its own Spanish locale (toolbar tooltips, its month names) and the numbers.

- The locale file is plotly.js's own ``dist/plotly-locale-es.js`` of the vendored version, kept verbatim in
  ``assets/vendor/`` (MIT, as plotly.js: ``LICENSE-plotly.js.txt``) and served from this origin at a URL
  fingerprinted by its content, immutable, like plotly.js itself (:data:`URLS`; the route is in
  :mod:`dashboard.embeds`). The Spanish page and Spanish embeds load it after plotly.js (:func:`script_tag`); it
  registers itself with ``Plotly.register``.
- :func:`config` is the figure config's ``locale`` (``{"locale": "es"}`` in Spanish, nothing in English).
- :data:`SEPARATORS` — plotly's Spanish locale groups thousands with a space and writes a decimal comma, as Spain
  does; the page writes numbers as U.S. Spanish does (Babel's ``es_US``: "3,143", "55.1%"), so every figure sets
  ``layout.separators`` to that, and a chart's axis reads as its caption does.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from plotly.offline import get_plotlyjs_version

from dashboard import i18n, static

VENDOR = Path(__file__).resolve().parent.parent / "assets" / "vendor"
#: The languages plotly.js has a locale file for here, and the file (plotly.js's own, of the vendored version).
FILES = {"es": VENDOR / f"plotly-locale-es-{get_plotlyjs_version()}.js"}
URLS = {
    lang: f"/vendor/{path.name.removesuffix('.js')}.{hashlib.sha256(path.read_bytes()).hexdigest()[:12]}.js"
    for lang, path in FILES.items()
}
#: Decimal point, then thousands separator: U.S. Spanish writes numbers as U.S. English does (``es_US``).
SEPARATORS = ".,"


def config() -> dict:
    """The figure config's locale for the current language (empty in English: plotly's default)."""
    lang = i18n.current()
    return {"locale": lang} if lang in FILES else {}


def script_tag() -> str:
    """``<script>`` for the current language's plotly locale (empty in English)."""
    url = URLS.get(i18n.current())
    return f'<script src="{url}"></script>' if url else ""


@lru_cache(maxsize=len(FILES))
def body(lang: str) -> static.Body:
    return static.Body(FILES[lang].read_bytes(), "text/javascript")
