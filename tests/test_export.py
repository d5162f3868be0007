"""Issue #6: ``python -m dashboard.export`` — captioned PNG/SVG of a view at publication sizes, one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest

from dashboard import export, press
from tests.test_embed import png_is_blank, png_size, svg_size

ROOT = Path(__file__).resolve().parent.parent
CREDIT = (
    "Data: ICE activation list as transcribed by Vargas-Núñez et al. (PNAS 2026); U.S. Census Bureau"
    " · Map: SC Rollout Map"
)


def cli(*args: str, timeout: float = 180, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dashboard.export", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def assert_one_line_error(stderr: str, *phrases: str) -> None:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    assert "Traceback" not in stderr
    assert lines[0].endswith("; nothing was written."), lines[0]  # no refusal claims to show anything
    assert "showing" not in lines[0], lines[0]
    for phrase in phrases:
        assert phrase in lines[0], lines[0]


def test_sizes_match_the_press_module():
    assert tuple(press.SIZES) == export.SIZES
    assert {k: (w * s, h * s) for k, (w, h, s) in press.SIZES.items()} == {
        "landscape": (1200, 800),
        "square": (1080, 1080),
        "print": (2400, 1600),
    }


@pytest.mark.parametrize(
    ("args", "code", "phrases"),
    [
        (["--date", "2011-02-30", "--format", "png"], 2, ["“2011-02-30” is not a date"]),
        (["--date", "1999-01-01", "--format", "png"], 2, ["outside the period this map covers"]),
        (["--date", "2011-02-01", "--county", "99999", "--format", "png"], 2, ["No county has the code or name"]),
        (["--state", "ZZ", "--format", "svg"], 2, ["Unknown state “ZZ”"]),
        (["--compare", "06037,nope", "--format", "svg"], 2, ["not county codes: nope"]),
        (["--format", "gif"], 2, ["invalid choice: 'gif'"]),
        (["--size", "huge", "--format", "png"], 2, ["invalid choice: 'huge'"]),
    ],
    ids=["bad-date", "date-outside", "unknown-county", "unknown-state", "bad-compare", "bad-format", "bad-size"],
)
def test_bad_input_is_one_line_and_non_zero(tmp_path, capsys, args, code, phrases):
    out = tmp_path / "x.png" if "png" in args else tmp_path / "x.svg"
    assert export.main([*args, "--out", str(out)]) == code
    assert_one_line_error(capsys.readouterr().err, *phrases)
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        (["--date", "2011-02-30"], "“2011-02-30” is not a date (use YYYY-MM-DD)"),
        (["--date", "1999-01-01"], "1 Jan 1999 is outside the period this map covers (1 Oct 2007 to 22 Jan 2013)"),
        (["--county", "Nowhere County"], "No county has the code or name “Nowhere County”"),
        (["--state", "ZZ"], "Unknown state “ZZ”"),
        (["--measure", "deportations"], "invalid choice: 'deportations'"),
        (["--size", "huge"], "invalid choice: 'huge'"),
        (["--date", "2011-02-30", "--lang", "es"], "“2011-02-30” is not a date"),  # the command's words stay English
    ],
    ids=["bad-date", "date-outside", "unknown-county", "unknown-state", "bad-measure", "bad-size", "bad-date-es"],
)
def test_every_refusal_is_one_line_that_says_nothing_was_written(tmp_path, capsys, args, phrase):
    out = tmp_path / "x.png"
    assert export.main([*args, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert_one_line_error(err, phrase)
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_an_unwritable_path_is_refused_with_one_line_that_says_nothing_was_written(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(export.os, "access", lambda *_a, **_k: False)  # the tests run as root, who may write anywhere
    assert export.main(["--date", "2011-02-01", "--out", str(tmp_path / "x.png")]) == 2
    assert_one_line_error(capsys.readouterr().err, "cannot write", "permission denied")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("out", "extra", "phrases"),
    [
        ("missing-dir/x.png", [], ["does not exist"]),
        (".", [], ["is a directory"]),
        ("x.png", ["--format", "svg"], ["does not match --format svg"]),
        ("x.jpg", [], ["give --format png|svg"]),
    ],
    ids=["no-such-directory", "a-directory", "format-mismatch", "unknown-extension"],
)
def test_unwritable_or_ambiguous_output_is_refused_before_rendering(tmp_path, capsys, out, extra, phrases):
    assert export.main(["--date", "2011-02-01", "--out", str(tmp_path / out), *extra]) == 2
    assert_one_line_error(capsys.readouterr().err, *phrases)


def test_cli_errors_have_no_traceback(tmp_path):
    proc = cli("--date", "2011-02-30", "--out", str(tmp_path / "x.png"))
    assert proc.returncode == 2
    assert_one_line_error(proc.stderr, "is not a date")
    proc = cli("--date", "2011-02-01", "--out", str(tmp_path / "nowhere" / "x.svg"))
    assert proc.returncode == 2
    assert_one_line_error(proc.stderr, "does not exist")
    proc = cli("--date", "2011-02-01")
    assert proc.returncode == 2
    assert_one_line_error(proc.stderr, "--out")


@pytest.mark.browser
def test_cli_writes_a_png_of_the_requested_size(tmp_path):
    out = tmp_path / "harris.png"
    proc = cli("--date", "2011-02-01", "--state", "TX", "--county", "48201", "--format", "png", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    data = out.read_bytes()
    assert png_size(data) == (1200, 800)
    assert not png_is_blank(data)
    assert not list(tmp_path.glob(".*tmp*"))  # written atomically, no leftovers


@pytest.mark.browser
def test_cli_writes_a_print_svg_with_the_caption(tmp_path):
    out = tmp_path / "us.svg"
    proc = cli("--date", "2011-02-02", "--size", "print", "--format", "svg", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "No county was activated on 2 Feb 2011; showing 1 Feb 2011" in proc.stderr  # a note, not an error
    svg = unescape(out.read_text())
    assert svg_size(svg) == (2400, 1600)
    assert CREDIT in svg
    assert "Secure Communities, county by county" in svg
    assert "Active by 1 Feb 2011: 1,010 of 3,143 counties in 38 states" in svg
    assert "http://" not in svg.replace("http://www.w3.org/", "")  # no external references


@pytest.mark.browser
def test_timeline_square_png_in_process(tmp_path, capsys):
    out = tmp_path / "timeline.png"
    code = export.main(["--chart", "timeline", "--date", "2012-01-01", "--size", "square", "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    data = out.read_bytes()
    assert png_size(data) == (1080, 1080) and not png_is_blank(data)


def test_export_without_any_font_fails_with_one_line_and_writes_nothing(tmp_path):
    """fontconfig configured with no font directory (as on a bare server): the export refuses, instead of writing
    an image with no title, date or credit."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?><fontconfig><cachedir>{tmp_path / "cache"}</cachedir></fontconfig>')
    out = tmp_path / "x.png"
    proc = cli("--date", "2011-02-01", "--format", "png", "--out", str(out), env={"FONTCONFIG_FILE": str(conf)})
    assert proc.returncode == 1
    assert_one_line_error(proc.stderr, "no usable font")
    assert not out.exists()
