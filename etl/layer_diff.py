"""What changed between two versions of the layer, in a few lines a reviewer can read.

Used when a builder accepts a changed input (``--accept-changed``): the build prints, per CSV file, how many rows
were added, removed or changed (by the file's first column, its key) and names the first few keys.
"""

from __future__ import annotations

import csv
import io

SHOW = 5


def _rows(data: bytes) -> tuple[list[str], dict[str, list[str]]]:
    reader = csv.reader(io.StringIO(data.decode("utf-8")))
    header = next(reader, [])
    rows: dict[str, list[str]] = {}
    for i, row in enumerate(reader):
        key = row[0] if row else ""
        rows[key if key not in rows else f"{key}#{i}"] = row
    return header, rows


def describe(old: dict[str, bytes], new: dict[str, bytes]) -> list[str]:
    """One line per output file that differs: ``counties.csv: 3 rows changed (01001: pop_2010_census, …)``.

    ``old`` and ``new`` map file names to bytes; a file only in one of them is reported as added or removed.
    """
    lines = []
    for name in sorted(set(old) | set(new)):
        a, b = old.get(name), new.get(name)
        if a == b:
            continue
        if a is None or b is None:
            lines.append(f"{name}: {'added' if a is None else 'removed'}")
            continue
        if not name.endswith(".csv"):
            lines.append(f"{name}: changed ({len(a):,} -> {len(b):,} bytes)")
            continue
        head_a, rows_a = _rows(a)
        head_b, rows_b = _rows(b)
        if head_a != head_b:
            lines.append(f"{name}: columns changed")
            continue
        added = [k for k in rows_b if k not in rows_a]
        removed = [k for k in rows_a if k not in rows_b]
        changed = []
        for k in rows_a.keys() & rows_b.keys():
            if rows_a[k] != rows_b[k]:
                cols = [h for h, x, y in zip(head_a, rows_a[k], rows_b[k], strict=False) if x != y]
                changed.append(f"{k}: {', '.join(cols)}")
        kinds = (("added", added), ("removed", removed), ("changed", changed))
        parts = [f"{len(v)} rows {what}" for what, v in kinds if v]
        detail = "; ".join(sorted(changed)[:SHOW] + added[:SHOW] + removed[:SHOW])
        lines.append(f"{name}: {', '.join(parts) or 'reordered'} ({detail})")
    return lines
