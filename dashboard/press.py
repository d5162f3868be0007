"""For the press: the image-export composition — a chart with its caption drawn in.

- :func:`overlay` -> the layout additions that draw a :class:`~dashboard.captions.Caption` into an image (title,
  subtitle, credit, white background, margins); :func:`compose` merges them into a figure (mirrored by
  ``compose`` in ``assets/press.js``);
- :func:`captioned_map` / :func:`captioned_timeline` -> the finished figure for an image;
- :func:`image_spec` -> what the browser needs to export a chart (overlay, file name, sizes).

The words themselves come from :mod:`dashboard.captions`; the embed pages and routes live in :mod:`dashboard.embeds`.
"""

from __future__ import annotations

import hashlib
from html import escape
from pathlib import Path

import plotly
from plotly.offline import get_plotlyjs_version

from dashboard import figures, i18n, plotlylocale, timeline
from dashboard.captions import Caption, caption, scope_coverage, scope_name
from dashboard.data import Dataset
from dashboard.i18n import N_, _
from dashboard.viewstate import View

CHARTS = ("map", "timeline")


# plotly.js for the embeds: the geo partial bundle vendored for the main page when present (choropleth + scatter,
# a third of the size), else the full build that ships with the plotly package. Same version either way.
_VENDORED = Path(__file__).resolve().parent.parent / "assets" / "vendor" / f"plotly-geo-{get_plotlyjs_version()}.min.js"
PLOTLY_JS = (
    _VENDORED if _VENDORED.is_file() else Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
)
#: Fingerprinted by content, so it is served immutable (dashboard/static.py) to the page and the embeds alike.
_PLOTLY_HASH = hashlib.sha256(PLOTLY_JS.read_bytes()).hexdigest()[:12]
PLOTLY_URL = f"/vendor/{PLOTLY_JS.name.removesuffix('.min.js')}.{_PLOTLY_HASH}.min.js"

# Publication sizes: (CSS width, CSS height, scale). "print" is the landscape layout drawn at twice the pixel
# density — 2400 x 1600 px — so its text sits exactly where it does at 1200 x 800.
SIZES: dict[str, tuple[int, int, int]] = {
    "landscape": (1200, 800, 1),
    "square": (1080, 1080, 1),
    "print": (1200, 800, 2),
}
SIZE_LABELS = {"landscape": "1200 × 800", "square": "1080 × 1080", "print": N_("2400 × 1600 (print)")}

#: What ``assets/press.js`` and ``assets/embed.js`` say, as ``data-msg-*`` attributes of the element that says it
#: (the export status box, the embed's chart), written by the server in the page's language. ``{format}``,
#: ``{width}``, ``{height}``, ``{status}`` and ``{error}`` are filled in the browser.
MESSAGES = {
    "loading": N_("The chart is still loading; try again in a moment."),
    "preparing": N_("Preparing the image…"),
    "saved": N_("Saved {format}, {width} × {height} px."),
    "failed": N_("The image could not be made: {error}"),
    "no-caption": N_("the caption could not be loaded ({status})"),
    "not-drawn": N_("The chart could not be drawn."),
}


def message_attrs() -> dict[str, str]:
    """``{"data-msg-loading": …}``: the browser's messages in the current language (see :data:`MESSAGES`)."""
    return {f"data-msg-{key}": _(text) for key, text in MESSAGES.items()}


# ---------------------------------------------------------------------------------------------------------
# The caption drawn into a figure (images)


def _plot_text(text: str) -> str:
    """Data text made safe for plotly's small HTML subset (only our own <b>/<br> tags are markup)."""
    return escape(text, quote=False)


#: The activation colour bar in an image: down the right side, above the legend (on screen it runs across the top of
#: the map to leave a phone its width; in a captioned image there the title needs that room).
IMAGE_COLORBAR = {"orientation": "v", "x": 1.0, "xanchor": "left", "y": 1, "yanchor": "top", "len": 0.6,
                  "thickness": 14, "ticklabeloverflow": "hide past div"}  # fmt: skip


#: The longest credit kept on one line of an image (13 px type across a 1200 px image).
CREDIT_WIDTH = 160


def overlay(cap: Caption, chart: str = "map", release: str = "") -> dict:
    """Layout additions that draw a caption into an image: title + date line on top, credit (naming the data
    ``release``, so a printed chart can be traced) at the bottom, and the colour bar's place (``colorbar``).

    Merged into a figure by :func:`compose` (and by ``compose`` in ``assets/press.js`` for the live page)."""
    credit_line = _plot_text(cap.credit + (f" · {_('Release')} {release}" if release else ""))
    if len(credit_line) > CREDIT_WIDTH:  # two lines, the map's name and release on the second (a Spanish credit
        data, *rest = credit_line.rsplit(" · ", 2)  # ran past a 1200 px image's edge on one)
        credit_line = data + "<br>" + " · ".join(rest)
    subtitle = _plot_text(cap.dateline) + (f"<br>{_plot_text(cap.note)}".replace("\n", "<br>") if cap.note else "")
    top = 96 + 20 * (cap.note.count("\n") + 1 if cap.note else 0)
    bottom = 64 + 18 * credit_line.count("<br>")
    return {
        "layout": {
            "title": {
                "text": f"<b>{_plot_text(cap.title)}</b>",
                "subtitle": {"text": subtitle, "font": {"size": 15, "color": "#333333"}},
                "font": {"size": 23, "color": "#111111"},
                "x": 0,
                "xref": "paper",
                "xanchor": "left",
                "y": 1,
                "yref": "container",
                "yanchor": "top",
                "pad": {"t": 18},
                "automargin": False,
            },
            "margin": {"t": top, "b": bottom, "l": 72 if chart == "timeline" else 28, "r": 28, "autoexpand": True},
            "paper_bgcolor": "#ffffff",
            "plot_bgcolor": "#ffffff",
            "showlegend": True,
            "dragmode": False,
            **({"legend": _image_legend(cap)} if chart == "map" else {}),
        },
        "colorbar": IMAGE_COLORBAR if chart == "map" else {},
        "annotations": [
            {
                "text": credit_line,
                "name": "credit",
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 0,
                "xanchor": "left",
                "yanchor": "bottom",
                "yshift": -(bottom - 12),
                "showarrow": False,
                "align": "left",
                "font": {"size": 13, "color": "#444444"},
            }
        ],
    }


def _image_legend(cap: Caption) -> dict:
    """The map's legend in an image: beside the map on the right (under the colour bar, if any), where the title
    and credit cannot cover it; on screen it sits under the map (dashboard/measures.py:legend_layout)."""
    return {
        "orientation": "v",
        "x": 1.0,
        "xanchor": "left",
        "y": 0,
        "yanchor": "bottom",
        "title": {"text": cap.legend, "side": "top"},
        "itemclick": False,
        "itemdoubleclick": False,
        "font": {"size": 13},
    }


def compose(figure: dict, extra: dict) -> dict:
    """``figure`` with an :func:`overlay` merged in: layout keys replaced, annotations appended, the first trace's
    colour bar (if it shows one) placed as ``extra["colorbar"]`` says."""
    lay = {**figure.get("layout", {}), **extra["layout"]}
    lay["annotations"] = list(figure.get("layout", {}).get("annotations", [])) + list(extra["annotations"])
    data = list(figure.get("data", []))
    if data and data[0].get("showscale") and extra.get("colorbar"):
        bar = {**data[0].get("colorbar", {}), **extra["colorbar"]}
        bar["title"] = {**data[0].get("colorbar", {}).get("title", {}), "side": "top"}
        data[0] = {**data[0], "colorbar": bar}
    return {**figure, "layout": lay, "data": data}


def _timeline(ds: Dataset, view: View) -> dict:
    with i18n.language(view.lang):
        return timeline.timeline_figure(
            ds, scope_coverage(ds, view.state).reset_index(), view, scope_name(ds, view.state)
        )


def chart_figure(ds: Dataset, view: View, chart: str) -> dict:
    return figures.map_figure(ds, view) if chart == "map" else _timeline(ds, view)


def captioned_map(ds: Dataset, view: View) -> dict:
    """The map with title, date, legend (colour bar) and credit drawn in: the image the page and CLI export."""
    return compose(figures.map_figure(ds, view), overlay(caption(ds, view, "map"), "map", ds.release_id))


def captioned_timeline(ds: Dataset, view: View) -> dict:
    """The coverage timeline with title, date, legend and credit drawn in."""
    return compose(_timeline(ds, view), overlay(caption(ds, view, "timeline"), "timeline", ds.release_id))


def filename(view: View, chart: str) -> str:
    measure = f"-{view.measure}" if chart == "map" and view.measure != "activation" else ""
    return f"secure-communities-{chart}{measure}-{(view.state or 'us').lower()}-{view.date.isoformat()}"


def plot_config() -> dict:
    return {
        "topojsonURL": figures.TOPOJSON_URL,
        "displaylogo": False,
        "responsive": True,
        "scrollZoom": False,
        "displayModeBar": False,
        **plotlylocale.config(),
    }


def image_spec(ds: Dataset, view: View, chart: str) -> dict:
    """What the browser needs to export ``chart`` for ``view``: the caption overlay, file name and sizes."""
    cap = caption(ds, view, chart)
    return {
        "overlay": overlay(cap, chart, ds.release_id),
        "alt": cap.alt,
        "filename": filename(view, chart),
        "sizes": SIZES,
        "config": {"topojsonURL": figures.TOPOJSON_URL, **plotlylocale.config()},
    }
