"""bench/results.json keeps every run's raw numbers (appended), and the spread across runs."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


_CODE = ("adapters", "generated", "sandbox", "bench/*.py", "pyproject.toml")


def code_version() -> str:
    """The last commit that changed measured code, `+dirty` if it has uncommitted changes.

    Documentation commits leave it as it is, so runs of the same code compare like with like.
    """
    try:
        head = subprocess.run(
            ["git", "log", "-1", "--format=%h", "--", *_CODE],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", *_CODE],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return "unknown"
    return (head or "unknown") + ("+dirty" if dirty else "")


def load(path: Path) -> list[dict[str, Any]]:
    """Every run recorded so far (a file from before runs were appended is one run)."""
    if not path.exists():
        return []
    try:
        document = json.loads(path.read_text())
    except ValueError:
        return []
    if isinstance(document, dict) and "runs" in document:
        runs: list[dict[str, Any]] = document["runs"]
        return runs
    return [document] if isinstance(document, dict) else []


def append(path: Path, run: dict[str, Any]) -> list[dict[str, Any]]:
    runs = [*load(path), run]
    path.write_text(json.dumps({"runs": runs}, indent=1) + "\n")
    return runs


def spread(runs: list[dict[str, Any]], last: int = 3) -> dict[str, tuple[int, float, str]]:
    """Per row key, over the last `last` full runs of the newest full run's code that have it with
    the same measure: (runs used, (max - min) / min of the figure, the measure)."""
    found: dict[str, list[tuple[str, float]]] = {}
    full = [run for run in runs if not run.get("quick")]
    code = full[-1].get("code") if full else None
    for run in runs:
        if run.get("quick") or run.get("code") != code:
            continue
        for row in run.get("rows", []):
            if row.get("figure") is not None and row.get("key"):
                found.setdefault(row["key"], []).append((row.get("measure", ""), row["figure"]))
    result: dict[str, tuple[int, float, str]] = {}
    for key, figures in found.items():
        measure = figures[-1][0]
        same = [figure for kind, figure in figures if kind == measure][-last:]
        if len(same) >= 2 and min(same) > 0:
            result[key] = (len(same), (max(same) - min(same)) / min(same), measure)
    return result
