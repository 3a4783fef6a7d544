"""The Python examples of the README and of the documentation site (docs/), found by title.

Each example is fenced as ```python title="name"```: GitHub shows it as Python, mkdocs-material
shows the title, and the name stays the same when the example moves from one page to another, so
a test runs the example it means wherever it is. `tests/docs/test_examples.py` checks that every
example has a title, that no title is used twice, and that a test names each one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
_FENCE = re.compile(r"^```python(?P<info>[^\n]*)\n(?P<code>.*?)^```", re.MULTILINE | re.DOTALL)
_TITLE = re.compile(r'title="(?P<title>[^"]+)"')


def pages() -> tuple[Path, ...]:
    """The README, then every page of the documentation site."""
    return (ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md")))


@cache
def examples() -> Mapping[str, tuple[Path, str]]:
    """Every titled Python example: title -> (page, code)."""
    found: dict[str, tuple[Path, str]] = {}
    for page in pages():
        for fence in _FENCE.finditer(page.read_text(encoding="utf-8")):
            title = _TITLE.search(fence["info"])
            if title is not None:
                found.setdefault(title["title"], (page, fence["code"]))
    return found


def untitled_and_repeated() -> tuple[list[str], list[str]]:
    """Python fences with no title (as `page:line`), and titles used more than once."""
    untitled: list[str] = []
    seen: dict[str, int] = {}
    for page in pages():
        text = page.read_text(encoding="utf-8")
        for fence in _FENCE.finditer(text):
            title = _TITLE.search(fence["info"])
            if title is None:
                line = text.count("\n", 0, fence.start()) + 1
                untitled.append(f"{page.relative_to(ROOT)}:{line}")
            else:
                seen[title["title"]] = seen.get(title["title"], 0) + 1
    return untitled, sorted(name for name, count in seen.items() if count > 1)


def example(title: str) -> str:
    """The code of the example titled `title` (KeyError names the title when it is gone)."""
    return examples()[title][1]


def run_example(title: str, namespace: dict[str, Any] | None = None) -> dict[str, Any]:
    """Run an example as written, in a fresh namespace (or `namespace`); returns the namespace."""
    page, code = examples()[title]
    scope: dict[str, Any] = {} if namespace is None else namespace
    exec(compile(code, f"{page.relative_to(ROOT)}: {title}", "exec"), scope)  # noqa: S102
    return scope
