"""The README's ```python blocks under one heading, to run as written."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def blocks_under(heading: str) -> list[str]:
    """Every python block between `heading` and the next heading of the same or a higher level."""
    text = README.read_text(encoding="utf-8")
    level = heading.split(" ", 1)[0]
    start = text.index(heading + "\n")
    following = re.compile(rf"^#{{1,{len(level)}}} ", re.MULTILINE)
    end_match = following.search(text, start + len(heading))
    section = text[start : end_match.start() if end_match else len(text)]
    return re.findall(r"```python\n(.*?)```", section, re.DOTALL)
