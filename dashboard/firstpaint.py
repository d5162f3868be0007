"""The front page's first coloured map, as a picture, until plotly.js has drawn the live one (issue "A date step
as fast as the screen": first coloured map against a blank Dash page, ``bench/map_step.py``).

Plotly's first SVG draw of 3,143 county paths is one main-thread task of about half a second, after Dash's
scripts, layout and callbacks. The front page's map never varies between readers — the whole country on the last
date, in English or Spanish — so a picture of exactly that figure, drawn by plotly.js itself in headless Chromium,
is committed beside the code and shown in the map's place from the layout's first render until the live map's
paths are in the page (assets/firstload.js, ``sc-first-paint``). A link to any other view never shows it.

- ``python3 -m dashboard.firstpaint`` draws the pictures (WebP, at the page's own graph size: a 1366 px wide
  screen at 1x and 2x, a 390 px phone at 2x) into ``assets/firstpaint/`` with ``manifest.json``, which records a
  digest of the figure each was drawn from (:func:`digest`). Run it after the geodata layer or the map's figure
  changes (``tests/test_first_paint.py`` fails until then).
- :func:`picture` gives the layout's ``<picture>``, or ``None`` when the committed picture was drawn from another
  figure than the one the page now draws: a stale picture would show numbers the layer no longer has, so the
  page then simply waits for the live map (and the start-up log says so).
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import sys
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from dash import html
from plotly.utils import PlotlyJSONEncoder

from dashboard import figures, i18n
from dashboard.data import Dataset
from dashboard.viewstate import Bounds

DIR = Path(__file__).resolve().parent.parent / "assets" / "firstpaint"
MANIFEST = DIR / "manifest.json"
#: Screens the pictures are drawn on: (window width, window height, pixel densities). The page's phone layout
#: (assets/style.css) starts at 600 px and below; wider screens get the wide picture, scaled to fit.
SHOTS = {"wide": (1366, 900, (1, 2)), "phone": (390, 844, (2,))}
PHONE_MEDIA = "(max-width: 600px)"
#: The screens whose map box is the size a picture was drawn at (within the 2% assets/firstload.js allows): only
#: they preload it. The page is at most 1280 px wide (assets/style.css), so from about 1280 px the map
#: box is the wide picture's (within 2%); a phone's box follows its width, so only 383-397 px is the phone's.
PRELOAD_MEDIA = {"phone": "(min-width: 383px) and (max-width: 397px)", "wide": "(min-width: 1280px)"}

log = logging.getLogger(__name__)


def digest(ds: Dataset, bounds: Bounds, lang: str) -> str:
    """sha256 (hex, 16 digits) of the front page's map figure in ``lang`` (:func:`figures.page_map` of the default
    view): what a committed picture must have been drawn from."""
    with i18n.language(lang):
        fig, _outlines = figures.page_map(ds, replace(bounds.default(), lang=lang))
    text = json.dumps(fig, cls=PlotlyJSONEncoder, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def file_name(lang: str, shot: str, density: int) -> str:
    return f"map-{lang}-{shot}-{density}x.webp"


@lru_cache(maxsize=1)
def manifest() -> dict:
    """``manifest.json``: per language, the figure digest and each shot's graph size in CSS px; ``{}`` if absent."""
    try:
        return json.loads(MANIFEST.read_text())
    except (OSError, ValueError):
        return {}


def url(name: str) -> str:
    """The picture's address under ``/assets``, stamped with its modification time as Dash stamps its own assets
    (``?m=``), so dashboard/static.py serves it immutable and a redrawn picture gets a new address."""
    return f"/assets/firstpaint/{name}?m={(DIR / name).stat().st_mtime}"


def current(ds: Dataset, bounds: Bounds, lang: str) -> bool:
    """Whether ``lang``'s committed pictures exist and were drawn from the figure the page draws now."""
    entry = manifest().get(lang, {})
    names = [file_name(lang, shot, d) for shot, (_w, _h, ds_) in SHOTS.items() for d in ds_]
    if entry.get("digest") != digest(ds, bounds, lang) or not all((DIR / n).is_file() for n in names):
        log.warning("first-paint picture (%s) is missing or stale: run python3 -m dashboard.firstpaint", lang)
        return False
    return True


@lru_cache(maxsize=4)  # the front page's index asks on every load: the files are stamped once per process
def sources(lang: str) -> dict[str, str]:
    """The ``<picture>``'s sources: ``phone`` and ``wide`` as ``srcset`` values."""
    return {
        shot: ", ".join(f"{url(file_name(lang, shot, d))} {d}x" for d in densities)
        for shot, (_w, _h, densities) in SHOTS.items()
    }


def preload_links(lang: str) -> list[str]:
    """``<link rel="preload" as="image">`` for the front page's picture, for the screens it fits
    (:data:`PRELOAD_MEDIA`): elsewhere it is not shown, so not fetched ahead."""
    srcs = sources(lang)
    return [
        f'<link rel="preload" as="image" imagesrcset="{srcs[shot]}" media="{PRELOAD_MEDIA[shot]}" fetchpriority="high">'
        for shot in SHOTS
    ]


def picture(ds: Dataset, bounds: Bounds, lang: str) -> html.Picture | None:
    """The front page's map as a picture for the layout (hidden unless ``sc-first-paint``: assets/style.css), or
    ``None`` when it is missing or stale. Decorative: the live map and its text alternatives say what it shows."""
    if not current(ds, bounds, lang):
        return None
    srcs = sources(lang)
    sizes = {f"data-{shot}": "x".join(map(str, manifest()[lang][shot])) for shot in SHOTS}
    return html.Picture(
        id="first-paint",
        **sizes,  # the graph size each was drawn at: assets/firstload.js shows it only in a box of that size
        children=[
            # the sources as data-srcset: the layout is every page's, and only the front page's script makes them
            # srcset (assets/firstload.js), so no other page downloads a picture it never shows
            html.Source(media=PHONE_MEDIA, **{"data-srcset": srcs["phone"]}),
            html.Img(alt="", **{"data-srcset": srcs["wide"], "aria-hidden": "true"}),
        ],
    )


# ---------------------------------------------------------------------------------------------------------
# python3 -m dashboard.firstpaint

_DRAW_SCRIPT = """
var done = arguments[arguments.length - 1], density = arguments[0];
function go() {
  var gd = document.querySelector("#map .js-plotly-plot");
  if (!gd || !gd._fullLayout || !document.querySelector("#map g.trace.choropleth path")) {
    setTimeout(go, 100); return;
  }
  var r = gd.getBoundingClientRect(), w = Math.round(r.width), h = Math.round(r.height);
  Plotly.toImage(gd, {format: "webp", width: w, height: h, scale: density})
    .then(function (u) { done({url: u, width: w, height: h}); })
    .catch(function (e) { done({error: String(e && e.message || e)}); });
}
go();
"""


def draw() -> dict:
    """Draw every language's pictures with the app served in-process and headless Chromium; write them and the
    manifest. Raises :class:`dashboard.export.ExportError` (no browser, or plotly.js failed)."""
    from dashboard.app import app, bounds_for  # the app as gunicorn serves it (built on import)
    from dashboard.export import ExportError, check_fonts, chromium, serve

    check_fonts()
    ds = app.server.config["SC_DATASET"]
    bounds = bounds_for(ds)
    out: dict = {}
    images: dict[str, bytes] = {}
    with serve(app.server) as base, chromium() as driver:
        driver.set_script_timeout(60)
        for lang in i18n.LANGS:
            out[lang] = {"digest": digest(ds, bounds, lang)}
            for shot, (width, height, densities) in SHOTS.items():
                # as the screen lays the page out (a phone: no scroll bar taking width from the page)
                metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": shot == "phone"}
                driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
                driver.get(base + ("/" if lang == i18n.DEFAULT_LANG else f"/?lang={lang}"))
                for density in densities:
                    got = driver.execute_async_script(_DRAW_SCRIPT, density)
                    if "url" not in got:
                        raise ExportError(f"plotly.js could not draw the {lang} {shot} picture: {got.get('error')}")
                    images[file_name(lang, shot, density)] = base64.b64decode(got["url"].split(",", 1)[1])
                out[lang][shot] = [got["width"], got["height"]]
    DIR.mkdir(parents=True, exist_ok=True)  # only once every picture is drawn: a failure writes nothing
    for name, data in images.items():
        (DIR / name).write_bytes(data)
    MANIFEST.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    manifest.cache_clear()
    sources.cache_clear()
    return out


def main() -> int:
    from dashboard.export import ExportError

    try:
        made = draw()
    except ExportError as exc:
        print(f"error: {exc}; nothing was written.", file=sys.stderr)
        return exc.code
    for lang, entry in made.items():
        sizes = ", ".join(f"{shot} {w}x{h}" for shot, (w, h) in ((k, v) for k, v in entry.items() if k != "digest"))
        print(f"wrote {lang}: {sizes} (figure {entry['digest']}) to {DIR}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
