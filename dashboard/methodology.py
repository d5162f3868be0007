"""The methodology page: every source with its citation and checksum, how the dates were made, the crosswalk,
the known gaps and the data release — rendered once per process as plain HTML (works without JavaScript)."""

from __future__ import annotations

from html import escape

import pandas as pd
from babel.dates import format_date

from dashboard import crosswalkwords, i18n, methodsections, published
from dashboard.data import Dataset
from dashboard.figurewords import words
from dashboard.i18n import _
from dashboard.methodtext import CROSSWALK, HOW_DATES, KNOWN_GAPS, POPULATION, PUBLISHED, REPRODUCE, WHAT_IT_SHOWS
from dashboard.periodwords import month_in, source_parts, span
from dashboard.placenames import place
from dashboard.published import metric_words
from dashboard.text import QUALIFIER_WORDS


def _long_day(d: pd.Timestamp) -> str:
    """``27 October 2008`` / ``27 de octubre de 2008``."""
    if i18n.current() == "en":
        return f"{d:%-d %B %Y}"
    return format_date(pd.Timestamp(d).date(), "d 'de' MMMM 'de' y", locale=i18n.locale())


def _table(df: pd.DataFrame, columns: list[tuple[str, str]], caption: str, english: set[str] = frozenset()) -> str:
    """A captioned table; the ``english`` columns are data shown as written (marked ``lang="en"`` off English)."""
    mark = ' lang="en"' if i18n.current() != "en" else ""
    head = "".join(f'<th scope="col">{escape(label)}</th>' for _col, label in columns)
    rows = "".join(
        "<tr>"
        + "".join(f"<td{mark if col in english else ''}>{escape(str(r[col]))}</td>" for col, _label in columns)
        + "</tr>"
        for r in df.to_dict("records")
    )
    return f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _source(reported_by: str) -> str:
    text, as_written = source_parts(reported_by)
    return methodsections.citation(text) if as_written else escape(text)


def _link(url: str | None) -> str:
    if not url:
        return _("no public address (compiled for this project; each row carries its own source address)")
    return f'<a href="{escape(url)}" rel="noopener noreferrer nofollow">{escape(url)}</a>'


def render(ds: Dataset, lang: str = i18n.DEFAULT_LANG) -> str:
    """The whole page in ``lang`` (``/methodology``, ``/methodology?lang=es``), with ``<html lang>`` and a link to
    the page in the other language."""
    with i18n.language(lang):
        return _page(ds, _body(ds), lang)


def with_notices(page: str, notices: list[str]) -> str:
    """The rendered page with the main page's notices at the top of ``<main>`` (a link pinned to a retired or unknown
    release says so here too: the page describes the release it names, the one served)."""
    if not notices:
        return page
    box = '<div class="notice" role="status">' + " ".join(f"<p>{escape(n)}</p>" for n in notices) + "</div>"
    return page.replace("<main>", "<main>" + box, 1)


def _shown(qualifier: str, value: float) -> str:
    """A published value with its source's qualifier, as the table has always shown it (no % sign)."""
    word = QUALIFIER_WORDS.get(qualifier, "{number}")
    return _(word, number=f"{value:,.0f}") if word != "{number}" else f"{value:,.0f}"


def _body(ds: Dataset) -> str:
    c = ds.counties
    address = _("Address:")
    inputs = "".join(
        f"<li><strong>{escape(i['path'])}</strong><br>{methodsections.citation(i['citation'])}<br>{address} "
        f"{_link(i.get('url'))}"
        + (f"<br>sha256 <code>{escape(i['sha256'])}</code>" if i.get("sha256") else "")
        + "</li>"
        for i in ds.manifest["inputs"]
    )
    disagree = c[c["second_source_agrees"] == False]  # noqa: E712 - pandas nullable boolean
    disagree_list = ", ".join(
        f"{place(r['name'], r['state_name'])} ({month_in(r['second_source_month'])})"
        for r in disagree.to_dict("records")
    )
    fig_rows = "".join(
        f"<tr><td>{escape(r['figure_id'])}</td><td>{escape(published.place_words(r['place']))}</td>"
        f"<td>{escape(words(r['metric_label']))}</td><td>{escape(_shown(r['qualifier'], r['value']))}</td>"
        f"<td>{escape(span(r['period_start'] or '…', r['period_end']))}</td>"
        f"<td>{_source(r['reported_by'])}<br>{_link(r['source_url'])}</td></tr>"
        for r in ds.figures.to_dict("records")
    )
    other = "es" if i18n.current() == "en" else "en"
    nav = _(
        """<p><a href="{home}">← Back to the map</a> · Data release <code>{release}</code>""",
        home="/" if i18n.current() == "en" else f"/?lang={i18n.current()}",
        release=escape(ds.release_id),
    ) + (
        f' · <a href="/methodology{"" if other == "en" else "?lang=" + other}" hreflang="{other}" lang="{other}">'
        f"{i18n.NAMES[other]}</a></p>"
    )
    cw = ds.crosswalk
    crosswalk = _table(
        cw.assign(
            kind=[crosswalkwords.code(k, crosswalkwords.KINDS) for k in cw["kind"]],
            applies_to=[crosswalkwords.code(a, crosswalkwords.APPLIES_TO) for a in cw["applies_to"]],
            note=[crosswalkwords.note(n) for n in cw["note"]],
        ),
        [("from_fips", _("From")), ("to_fips", _("To")), ("kind", _("Kind")), ("applies_to", _("Applies to")),
         ("note", _("Why"))],
        _("FIPS crosswalk"),
    )  # fmt: skip
    metrics = ds.metrics.assign(
        label=[metric_words(m, lab) for m, lab in zip(ds.metrics["metric"], ds.metrics["label"], strict=True)],
        definition=[words(t) for t in ds.metrics["definition"]],
    )
    measures_table = _table(
        metrics, [("label", _("Measure")), ("definition", _("Definition"))], _("Measures used in published figures")
    )
    return "\n".join(
        [
            "",
            _("<h1>Methodology and sources</h1>"),
            nav,
            "",
            _(WHAT_IT_SHOWS, n=i18n.fmt_int(len(c)), first=_long_day(ds.first_date),
              last_n=int((c["activation_date"] == ds.last_date).sum()), last=_long_day(ds.last_date),
              days=len(ds.dates)),
            "",
            _(HOW_DATES, n=len(disagree), disagree=escape(disagree_list)),
            "",
            _(POPULATION, people=i18n.fmt_int(int(c["pop_2010_census"].sum()))),
            "",
            _(CROSSWALK),
            crosswalk,
            "",
            methodsections.detainer_sections(ds),
            "",
            _(KNOWN_GAPS, figures=len(ds.figures)),
            "",
            _("<h2>Sources</h2>"),
            f"<ul>{inputs}</ul>",
            "",
            methodsections.map_measures(),
            "",
            _(PUBLISHED, rows=fig_rows),
            "",
            _("<h2>Measures</h2>"),
            measures_table,
            "",
            _(REPRODUCE, release=escape(ds.release_id)),
            "",
        ]
    )  # fmt: skip


def _page(ds: Dataset, body: str, lang: str) -> str:
    head = _(
        """<title>Methodology and sources — Secure Communities rollout map</title>
<meta name="description" content="Sources, transcription, crosswalk and known gaps behind the Secure Communities
county rollout map (2008-2013).">"""
    )
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
{head}
<link rel="stylesheet" href="/assets/style.css"></head>
<body><div class="page method"><main>{body}</main></div></body></html>"""
