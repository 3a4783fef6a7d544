"""`make check-generated` really catches a spec edit that was not regenerated."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def generate(spec: Path, out: Path) -> None:
    subprocess.run(
        [
            str(BIN / "openapi-python-client"),
            "generate",
            "--path",
            str(spec),
            "--config",
            str(ROOT / "spec" / "codegen.yml"),
            "--meta",
            "none",
            "--fail-on-warning",
            "--overwrite",
            "--output-path",
            str(out),
        ],
        check=True,
        capture_output=True,
        env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"},
        timeout=120,
    )


def differences(left: Path, right: Path) -> list[str]:
    found: list[str] = []
    compared = filecmp.dircmp(left, right, ignore=["__pycache__"])
    stack = [compared]
    while stack:
        current = stack.pop()
        found += current.left_only + current.right_only
        _, mismatch, errors = filecmp.cmpfiles(
            current.left, current.right, current.common_files, shallow=False
        )
        found += mismatch + errors
        stack.extend(current.subdirs.values())
    return found


def test_regenerating_the_committed_spec_gives_the_committed_code(tmp_path: Path) -> None:
    generate(ROOT / "spec" / "openapi.yaml", tmp_path / "smsmobile_rest")
    assert differences(ROOT / "generated" / "smsmobile_rest", tmp_path / "smsmobile_rest") == []
    assert not list((tmp_path / "smsmobile_rest").rglob(".ruff_cache"))


def test_an_edited_description_without_regeneration_is_caught(tmp_path: Path) -> None:
    spec = tmp_path / "openapi.yaml"
    shutil.copy(ROOT / "spec" / "openapi.yaml", spec)
    text = spec.read_text()
    edited = text.replace(
        "summary: Tell whether a number is on WhatsApp",
        "summary: Tell whether a phone number is on WhatsApp",
    )
    assert edited != text
    spec.write_text(edited)
    generate(spec, tmp_path / "smsmobile_rest")
    assert "check_number.py" in differences(
        ROOT / "generated" / "smsmobile_rest", tmp_path / "smsmobile_rest"
    )
