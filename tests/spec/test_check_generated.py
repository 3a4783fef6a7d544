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


# -- the WSDL: written by spec/wsdl_from_spec.py, checked by the same target ---------------------

WSDL = ROOT / "spec" / "smsmobileapi.wsdl"


def check_generated(tree: Path) -> subprocess.CompletedProcess[str]:
    """`make check-generated` in a copy of the contract files, with this checkout's tools."""
    return subprocess.run(
        ["make", "-C", str(tree), "check-generated", f"BIN={BIN}", "-o", ".venv/.installed-stamp"],
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_regenerating_the_committed_spec_gives_the_committed_wsdl(tmp_path: Path) -> None:
    out = tmp_path / "smsmobileapi.wsdl"
    subprocess.run(
        [sys.executable, str(ROOT / "spec" / "wsdl_from_spec.py"), "--output", str(out)],
        check=True,
        timeout=60,
    )
    assert out.read_bytes() == WSDL.read_bytes()


def test_the_packaged_wsdls_are_the_generated_file() -> None:
    for packaged in (
        ROOT / "adapters" / "smsmobile" / "smsmobileapi.wsdl",
        ROOT / "sandbox" / "smsmobile_sandbox" / "smsmobileapi.wsdl",
    ):
        assert packaged.is_symlink()
        assert packaged.resolve() == WSDL.resolve()


DERIVED = Path("adapters") / "smsmobile" / "_derived"


def contract_copy(tmp_path: Path) -> Path:
    """The Makefile, spec/, generated/ and the derived modules, as `make check-generated` reads
    them."""
    tree = tmp_path / "repo"
    tree.mkdir()
    shutil.copy(ROOT / "Makefile", tree / "Makefile")
    for folder in ("spec", "generated", str(DERIVED)):
        shutil.copytree(ROOT / folder, tree / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return tree


def test_a_hand_edit_of_a_derived_module_is_caught(tmp_path: Path) -> None:
    tree = contract_copy(tmp_path)
    untouched = check_generated(tree)
    assert untouched.returncode == 0, untouched.stderr
    assert "adapters/smsmobile/_derived/ matches" in untouched.stdout
    facade = tree / DERIVED / "facade_async.py"
    text = facade.read_text()
    edited = text.replace("sim_port: Literal[1, 2] | None = None,", "sim_port: int | None = None,")
    assert edited != text
    facade.write_text(edited)
    caught = check_generated(tree)
    assert caught.returncode != 0
    assert "adapters/smsmobile/_derived/ differs from the spec and the overlay" in caught.stderr
    assert "+        sim_port: Literal[1, 2] | None = None," in caught.stdout


def test_a_hand_edit_of_the_wsdl_is_caught(tmp_path: Path) -> None:
    tree = contract_copy(tmp_path)
    untouched = check_generated(tree)
    assert untouched.returncode == 0, untouched.stderr
    assert "spec/smsmobileapi.wsdl matches" in untouched.stdout

    wsdl = tree / "spec" / "smsmobileapi.wsdl"
    text = wsdl.read_text()
    edited = text.replace('<xs:maxLength value="64"/>', '<xs:maxLength value="32"/>')
    assert edited != text
    wsdl.write_text(edited)
    caught = check_generated(tree)
    assert caught.returncode != 0
    assert "spec/smsmobileapi.wsdl differs from spec/openapi.yaml" in caught.stderr
    assert '+          <xs:maxLength value="64"/>' in caught.stdout
