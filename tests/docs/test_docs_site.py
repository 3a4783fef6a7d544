"""The documentation site builds with `mkdocs build --strict` (no broken link, no missing
reference) and its API reference has every public name: each name in the `__all__` of each
module a reference page shows is in the site's inventory (objects.inv)."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "docs" / "reference"
#: The modules a user imports from; each needs a reference page.
PUBLIC_MODULES = {
    "smsmobile",
    "smsmobile.webhooks",
    "smsmobile.gateway",
    "smsmobile.replay",
    "smsmobile.contract",
    "smsmobile.testing",
    "smsmobile.formatting",
    "smsmobile_pytest",
    "smsmobile_sandbox",
    "smsmobile_sandbox.testing",
}


def shown_modules() -> set[str]:
    """The modules the reference pages render (`::: module` lines)."""
    found: set[str] = set()
    for page in REFERENCE.glob("*.md"):
        found.update(re.findall(r"^::: ([\w.]+)\s*$", page.read_text(encoding="utf-8"), re.M))
    return found


def inventory(site: Path) -> set[str]:
    """The object names of a Sphinx inventory (version 2: four text lines, then zlib)."""
    raw = (site / "objects.inv").read_bytes()
    body = zlib.decompress(raw.split(b"\n", 4)[4]).decode("utf-8")
    return {line.split(" ", 1)[0] for line in body.splitlines()}


def test_every_public_module_has_a_reference_page() -> None:
    assert sorted(PUBLIC_MODULES - shown_modules()) == []


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("mkdocstrings_handlers.python", reason="the docs extra is not installed")
    out = tmp_path_factory.mktemp("site")
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": str(Path(sys.executable).parent)},
    )  # fmt: skip
    assert built.returncode == 0, built.stdout + built.stderr
    return out


def test_the_site_builds_strict_and_references_every_public_name(site: Path) -> None:
    names = inventory(site)
    missing = [
        f"{module}.{name}"
        for module in sorted(shown_modules())
        for name in importlib.import_module(module).__all__
        if f"{module}.{name}" not in names
    ]
    assert missing == []
