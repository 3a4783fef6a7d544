"""bench/results.svg: one bar per row, its length the figure as a share of the goal.

Hand-written SVG (no plotting dependency). Every row has its own unit, so each bar is drawn as
figure / goal with the goal as one vertical line at 1.0: for "at most" goals a bar left of the
line meets it, for "at least" goals a bar right of it does. Colour says met, missed or n/a.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from bench._row import Row

_LABEL_WIDTH, _BAR_WIDTH, _VALUE_WIDTH, _ROW_HEIGHT = 430, 360, 250, 24
_SCALE_MAX = 2.0  # bars are cut at twice the goal (the value text says the real figure)
_COLOURS = {True: "#2e7d32", False: "#c62828", None: "#9e9e9e"}


def _value_text(row: Row) -> str:
    if not row.available:
        return "not available"
    if row.figure is None:
        return row.ours
    unit = {"ms": " ms", "MB": " MB"}.get(row.measure, "")
    kind = f" ({row.measure})" if row.measure in ("instructions", "cpu", "wall") else ""
    return f"{row.figure:,.2f}{unit}{kind}  goal {row.target}".rstrip()


def write_svg(path: Path, rows: Sequence[Row], title: str) -> None:
    width = _LABEL_WIDTH + _BAR_WIDTH + _VALUE_WIDTH
    height = 60 + _ROW_HEIGHT * len(rows) + 30
    goal_x = _LABEL_WIDTH + _BAR_WIDTH / _SCALE_MAX
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="10" y="22" font-size="15" font-weight="bold">{escape(title)}</text>',
        '<text x="10" y="42" fill="#555">bar = figure / goal (the line is the goal); green met, '
        "red missed, grey no goal or not available</text>",
    ]
    for index, row in enumerate(rows):
        y = 60 + index * _ROW_HEIGHT
        parts.append(f'<text x="10" y="{y + 16}">{escape(row.name[:68])}</text>')
        if row.figure is not None and row.goal:
            share = min(row.figure / row.goal, _SCALE_MAX)
            length = max(1.0, share * _BAR_WIDTH / _SCALE_MAX)
            parts.append(
                f'<rect x="{_LABEL_WIDTH}" y="{y + 4}" width="{length:.1f}" height="16" '
                f'fill="{_COLOURS[row.ok]}"><title>{escape(_value_text(row))}</title></rect>'
            )
        text_x = _LABEL_WIDTH + _BAR_WIDTH + 8
        parts.append(f'<text x="{text_x}" y="{y + 16}">{escape(_value_text(row))}</text>')
    bottom = 60 + _ROW_HEIGHT * len(rows)
    parts += [
        f'<line x1="{goal_x}" y1="52" x2="{goal_x}" y2="{bottom}" stroke="black" '
        'stroke-dasharray="4 3"/>',
        f'<text x="{goal_x - 12}" y="{bottom + 16}">goal</text>',
        "</svg>",
    ]
    path.write_text("\n".join(parts) + "\n")
