"""``python -m etl build|check|import-counts|fetch``: every failure is one line on stderr and a non-zero exit."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import urllib.request
from pathlib import Path

import pandas as pd

from etl import contract
from etl.errors import ContractError, InputError

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "geodata"
ACCEPT_HELP = (
    "accept this input although its sha256 differs from the registered one (repeatable); the manifest records "
    "both checksums and the build prints what changed in the layer"
)


def _err(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1


def cmd_build(args: argparse.Namespace) -> int:
    from etl.build import build  # the geometry stack loads only for commands that need it

    print(f"Building {args.out} from {args.raw}")
    dropped = _imported_status(args.out) if args.counts is None else {}
    result = build(args.raw, args.out, accept=frozenset(args.accept_changed), imported=_imported(args))
    f = result.facts
    print(
        f"Built {f['counties']:,} counties in {f['states']} states (+DC): {f['counties']:,} dated, "
        f"{f['via_crosswalk']} through the crosswalk, {f['second_source_disagrees']} flagged where the second "
        f"transcription disagrees; 2010 population covered {f['population_2010']}; "
        f"{f['published_figures']} published figures; geometry {f['geometry_gzip_bytes'] / 1e6:.2f} MB gzip; "
        f"release {f['release']}; {len(result.warnings)} warning(s); {result.seconds:.1f} s"
    )
    for w in result.warnings:
        print(f"warning: {w}")
    for line in result.changes:
        print(f"changed: {line}")
    if dropped.get("available"):  # the old layer held ICE statistics this build was not given: say so, loudly
        message = (
            f"WARNING: {args.out} held ICE statistics imported from {dropped.get('file')} (sha256 "
            f"{str(dropped.get('sha256'))[:12]}…); this build was not given that file, so ice_statistics.csv is now "
            f"EMPTY. Re-run: python -m etl import-counts {dropped.get('file')} --raw {args.raw} --out {args.out} "
            f"(or build with --counts FILE)"
        )
        print(message)
        print(message, file=sys.stderr)
    if args.accept_changed and not result.changes:
        print("changed: nothing in the layer (the accepted input changed only in ways the layer does not show)")
    return 0


def _imported_status(out: Path) -> dict:
    """The ``ice_statistics`` status of the layer already at ``out`` (empty if there is none or it is unreadable)."""
    try:
        return contract.read_manifest(out).get("ice_statistics", {}) or {}
    except (OSError, ValueError, AttributeError):
        return {}


def _columns(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        role, sep, header = pair.partition("=")
        if not sep:
            raise InputError("--column", f"{pair!r} is not ROLE=HEADER")
        out[role.strip()] = header.strip()
    return out


def _imported(args: argparse.Namespace):  # -> import_counts.Imported | None
    """The statistics file given with ``--counts`` (build, check) or as ``FILE`` (import-counts), parsed."""
    from etl import import_counts

    path = getattr(args, "counts", None)
    if path is None:
        return None
    return import_counts.read(path, args.source or "", args.period or "", _columns(args.column), args.sheet)


def cmd_import_counts(args: argparse.Namespace) -> int:
    from etl import import_counts
    from etl.build import build

    imported = _imported(args)
    print(f"Importing {args.counts} into {args.out} (rebuilding from {args.raw})")
    result = build(args.raw, args.out, log=lambda _msg: None, accept=frozenset(args.accept_changed), imported=imported)
    man = contract.read_manifest(args.out)
    ice = pd.read_csv(args.out / "ice_statistics.csv", dtype=str, keep_default_na=False)
    ice["dates_agree"] = ice["dates_agree"].map({"True": True, "False": False, "": pd.NA})
    for line in import_counts.report_lines(ice, man["ice_statistics"]):
        print(line)
    print(f"source: {imported.source}; period: {imported.period}")
    print(f"release {result.facts['release']}")
    return 0


def _comparable_manifest(directory: Path) -> dict:
    man = contract.read_manifest(directory)
    man.pop("environment", None)
    return man


def cmd_check(args: argparse.Namespace) -> int:
    report = contract.validate(args.out)
    if report.problems:
        return _err(f"{args.out} breaks the contract: {'; '.join(report.problems)}")
    print(f"{args.out}: contract holds ({', '.join(f'{k}={v}' for k, v in report.facts.items())})")
    if args.raw is None:
        return 0
    from etl.build import build

    status = contract.read_manifest(args.out).get("ice_statistics", {})
    if status.get("available") and args.counts is None:
        return _err(
            f"{args.out} includes ICE statistics imported from {status.get('file')} (sha256 "
            f"{str(status.get('sha256'))[:12]}…); give that file with --counts to prove the rebuild"
        )
    if status.get("available"):
        args.source, args.period, args.sheet = status["source"], status["period"], None
        args.column = [f"{k}={v}" for k, v in status.get("columns", {}).items()]
    with tempfile.TemporaryDirectory(prefix="geodata-check-") as tmp:
        rebuilt = Path(tmp) / "geodata"
        build(args.raw, rebuilt, log=lambda _msg: None, accept=frozenset(args.accept_changed), imported=_imported(args))
        differ = [
            name for name in contract.DATA_FILES if (rebuilt / name).read_bytes() != (args.out / name).read_bytes()
        ]
        if _comparable_manifest(rebuilt) != _comparable_manifest(args.out):
            differ.append(contract.MANIFEST)
    if differ:
        return _err(f"rebuilding from {args.raw} differs from {args.out} in {', '.join(differ)}")
    print(f"{args.out}: a rebuild from {args.raw} is identical")
    return 0


def cmd_fetch(args: argparse.Namespace) -> int:
    from etl.sources import SOURCES, sha256_of

    for src in SOURCES.values():
        dest = args.raw / src.path
        if src.url is None:
            print(f"skip  {src.path}: no public address (distributed with the project's shared data)")
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        part = dest.with_name(dest.name + ".part")
        print(f"fetch {src.url}")
        with urllib.request.urlopen(src.url, timeout=60) as resp, part.open("wb") as fh:  # noqa: S310
            fh.write(resp.read())
        digest = sha256_of(part)
        if digest != src.sha256:
            part.unlink()
            return _err(f"{src.path}: downloaded sha256 {digest} differs from the registered {src.sha256}")
        part.replace(dest)
        print(f"ok    {src.path} sha256 verified")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m etl", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="rebuild all of geodata/ from the raw inputs")
    b.add_argument("--raw", type=Path, required=True, help="data directory (layout of ../shared/data)")
    b.add_argument("--out", type=Path, default=DEFAULT_OUT)
    b.add_argument("--accept-changed", action="append", default=[], metavar="FILE", help=ACCEPT_HELP)
    b.set_defaults(func=cmd_build)
    c = sub.add_parser("check", help="validate the committed geodata/ (and, with --raw, that it rebuilds)")
    c.add_argument("--raw", type=Path, default=None)
    c.add_argument("--out", type=Path, default=DEFAULT_OUT)
    c.add_argument("--accept-changed", action="append", default=[], metavar="FILE", help=ACCEPT_HELP)
    c.set_defaults(func=cmd_check)
    for cmd in (b, c):
        cmd.add_argument("--counts", type=Path, default=None, help="ICE statistics file to include (see import-counts)")
    i = sub.add_parser(
        "import-counts",
        help="add ICE's own county statistics (IDENT/IAFIS workbook, or a mapped CSV/XLSX) and rebuild the layer",
    )
    i.add_argument("counts", type=Path, metavar="FILE")
    i.add_argument("--raw", type=Path, required=True, help="data directory (layout of ../shared/data)")
    i.add_argument("--out", type=Path, default=DEFAULT_OUT)
    i.add_argument("--accept-changed", action="append", default=[], metavar="FILE", help=ACCEPT_HELP)
    i.set_defaults(func=cmd_import_counts)
    for cmd in (b, c, i):
        cmd.add_argument("--source", default=None, help="who published the statistics (recorded on every row)")
        cmd.add_argument("--period", default=None, help="the period the statistics cover (recorded on every row)")
        cmd.add_argument("--sheet", default=None, help="sheet of a mapped .xlsx table (default: the first)")
        cmd.add_argument(
            "--column", action="append", default=[], metavar="ROLE=HEADER",
            help="for a table other than ICE's workbook: which column is name, state, fips or activation_date; "
            "every other column is a count",
        )  # fmt: skip
    f = sub.add_parser("fetch", help="download the raw inputs from their public addresses and verify them")
    f.add_argument("--raw", type=Path, required=True)
    f.set_defaults(func=cmd_fetch)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except InputError as exc:
        return _err(str(exc))
    except ContractError as exc:
        return _err(f"the built layer breaks the contract: {exc}")
    except (OSError, json.JSONDecodeError) as exc:
        return _err(f"{getattr(exc, 'filename', '') or ''} {exc}".strip())
