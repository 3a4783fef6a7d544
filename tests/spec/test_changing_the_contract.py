"""The README's "Changing the contract", followed in a copy of the repository: a new optional send
parameter in the spec, `make generate`'s generator, and the parity test naming what to wire,
step by step, as the README says."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
GENERATOR = BIN / "openapi-python-client"

GET_PARAMETER = (
    '        - {name: shorturl, in: query, schema: {$ref: "#/components/schemas/ZeroOne"}}\n'
)
FORM_FIELD = '        shorturl: {$ref: "#/components/schemas/ZeroOne"}\n'


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert text.count(old) == 1, f"{old!r} is not once in {path}: update the README and this test"
    path.write_text(text.replace(old, new))


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, root / name)
    ignore = shutil.ignore_patterns("__pycache__")
    for name in ("spec", "generated", "adapters", "sandbox"):
        shutil.copytree(REPO / name, root / name, symlinks=True, ignore=ignore)
    (root / "tests").mkdir()
    shutil.copy2(REPO / "tests" / "conftest.py", root / "tests" / "conftest.py")
    shutil.copytree(REPO / "tests" / "spec", root / "tests" / "spec", ignore=ignore)
    return root


def parity(root: Path, selection: str) -> str:
    """The copy's parity test, importing the copy's packages (PYTHONPATH comes before the
    editable install of this checkout)."""
    paths = [str(root / name) for name in ("adapters", "generated", "sandbox")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    ran = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/spec/test_parity.py", "-k", selection, "-q",
         "-p", "no:cacheprovider", "--no-header", "-rN", "--tb=short"],
        cwd=root, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    return ran.stdout + ran.stderr


def test_a_new_optional_send_parameter_step_by_step(copy: Path) -> None:
    if not GENERATOR.exists():
        pytest.skip("the pinned generator is not installed (make install)")
    assert "passed" in parity(copy, "agree")  # the copy starts clean
    # 1. the spec
    spec = copy / "spec" / "openapi.yaml"
    replace_once(
        spec,
        GET_PARAMETER,
        GET_PARAMETER
        + "        - {name: priority, in: query, schema: {type: string, enum: [high, normal]}}\n",
    )
    replace_once(
        spec, FORM_FIELD, FORM_FIELD + "        priority: {type: string, enum: [high, normal]}\n"
    )
    # 2. make generate (its command, into the copy)
    generated = subprocess.run(
        [str(GENERATOR), "generate", "--path", "spec/openapi.yaml", "--config", "spec/codegen.yml",
         "--meta", "none", "--fail-on-warning", "--overwrite",
         "--output-path", "generated/smsmobile_rest"],
        cwd=copy, env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"},
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert generated.returncode == 0, generated.stdout + generated.stderr
    builder = copy / "generated" / "smsmobile_rest" / "api" / "whatsapp" / "send_whatsapp_get.py"
    assert "priority" in builder.read_text()
    # 3. the parity test lists what to wire
    listed = parity(copy, "agree")
    assert "send: field 'priority' of the spec is not in the row's fields" in listed
    assert "send: SendWhatsAppRequest has no element 'priority'" in listed
    # 4. wire the row: the test moves on to the facade, the CLI and the sandbox
    replace_once(
        copy / "adapters" / "smsmobile" / "_operations.py",
        '        "shorturl",\n    ),',
        '        "shorturl",\n        "priority",\n    ),',
    )
    listed = parity(copy, "agree")
    assert "send: field 'priority' of the spec is not in the row's fields" not in listed
    assert (
        "send: wire field 'priority' has no entry in _wire.ARGUMENTS "
        "(a WhatsApp.send keyword and a CLI flag)"
    ) in listed
    assert "send: SendWhatsAppRequest has no element 'priority'" in listed
    sandbox = parity(copy, "send-priority")
    assert "send: priority='not-in-enum' was taken" in sandbox
