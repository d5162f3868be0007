"""The copy-paste embed code: a responsive iframe plus the listener that resizes it (``assets/embed-host.js``).

One writer for the page's "Embed" box (``assets/links.js`` fills the template of :func:`page_templates`) and
for the ``html`` of an oEmbed answer (:mod:`dashboard.oembed`), so both are the same code. The embed posts its
height (pym.js and AMP ``embed-size`` messages, ``assets/embed-size.js``); the listener, served from this origin,
sets the iframe's height from messages of the iframe's own window and origin.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from dashboard.i18n import N_, _

HOST_SCRIPT = "/assets/embed-host.js"
#: Width an oEmbed answer reports when the consumer sets no ``maxwidth`` (the iframe itself is 100% wide).
DEFAULT_WIDTH = 640


@dataclass(frozen=True)
class Kind:
    """One kind of embed: its path (a county's FIPS follows ``/embed/county/``), starting height and title."""

    path: str
    height: int  # px before the embed reports its own height (what a host without scripts keeps)
    title: str  # a message id: the iframe's title is in the current language


KINDS = {
    "map": Kind("/embed/map", 560, N_("Secure Communities rollout: county map")),
    "timeline": Kind("/embed/timeline", 640, N_("Secure Communities rollout: coverage over time")),
    "county": Kind("/embed/county/", 640, N_("Secure Communities rollout: county card")),
}


def snippet(src: str, kind: str, origin: str, *, max_width: int | None = None, max_height: int | None = None) -> str:
    """``<iframe …></iframe><script …>`` for the embed at ``src`` (absolute), its listener served by ``origin``.

    ``max_width``/``max_height`` (an oEmbed consumer's limits) cap the iframe in CSS, so a later height message
    cannot grow it past them (the embed then scrolls inside its frame)."""
    k = KINDS[kind]
    height = min(k.height, max_height) if max_height else k.height
    style = "border:0;width:100%;max-width:" + (f"{max_width}px" if max_width else "100%")
    if max_height:
        style += f";max-height:{max_height}px"
    return (
        f'<iframe src="{escape(src)}" title="{escape(_(k.title))}" width="100%" height="{height}" style="{style}"'
        f' loading="lazy"></iframe>\n<script src="{escape(origin)}{HOST_SCRIPT}" async></script>'
    )


def page_templates() -> dict[str, str]:
    """The page's snippet per kind, with ``{src}`` and ``{origin}`` for ``assets/links.js`` to fill (both
    already HTML-escaped there); a county's path ends in its FIPS. In the current language (the page's): the
    ``{src}`` the page fills keeps its ``lang=``."""
    return {kind: snippet("{src}", kind, "{origin}") for kind in KINDS} | {
        f"{kind}_path": k.path for kind, k in KINDS.items()
    }
