"""The README's PHP and Java calls are the ones `make interop` runs: every code line of its ```php
and ```java blocks is a line of interop/php/interop.php and interop/java/Interop.java."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from doc_examples import pages

ROOT = Path(__file__).resolve().parents[2]
README = "\n".join(page.read_text(encoding="utf-8") for page in pages())  # README and docs/


def code_lines(text: str) -> list[str]:
    """Lines without indentation, trailing `//` comments and blank or comment-only lines."""
    lines = (re.sub(r"\s+//.*$", "", line).strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("//")]


@pytest.mark.parametrize(
    ("language", "source"),
    [("php", "interop/php/interop.php"), ("java", "interop/java/Interop.java")],
)
def test_the_readme_example_is_in_the_file_make_interop_runs(language: str, source: str) -> None:
    [block] = re.findall(rf"```{language}\n(.*?)```", README, re.DOTALL)
    shown = code_lines(block)
    assert len(shown) >= 8
    ran = set(code_lines((ROOT / source).read_text(encoding="utf-8")))
    assert [line for line in shown if line not in ran] == []
