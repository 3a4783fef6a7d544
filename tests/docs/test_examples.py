"""Every Python example of the README and the documentation site has a title, a unique one, and
a test that runs it by that title (tests/doc_examples.py finds it on whichever page it is)."""

from __future__ import annotations

from pathlib import Path

from doc_examples import ROOT, examples, untitled_and_repeated

TESTS = Path(__file__).resolve().parents[1]
_NOT_RUNNERS = {TESTS / "doc_examples.py", Path(__file__).resolve()}


def test_every_python_example_has_one_title() -> None:
    untitled, repeated = untitled_and_repeated()
    assert untitled == [], 'give each ```python block a title="..." that a test runs it by'
    assert repeated == []


def test_a_test_runs_every_example() -> None:
    sources = "\n".join(
        path.read_text(encoding="utf-8")
        for path in TESTS.rglob("*.py")
        if path.resolve() not in _NOT_RUNNERS
    )
    named = {title for title in examples() if f'"{title}"' in sources}
    assert sorted(set(examples()) - named) == []
    assert len(examples()) >= 9, f"examples found: {sorted(examples())} (pages under {ROOT})"
