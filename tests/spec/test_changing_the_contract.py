"""The README's "Changing the contract", followed in a copy of the repository (a git repository
of its own, so `git diff --stat` counts what a maintainer edits by hand):

1. a new optional enum parameter of send whose Python name is its wire name: spec/openapi.yaml
   alone, then `make generate`;
2. the same with an unfriendly wire name: the spec and spec/overlay.yaml;
3. a new typed read-only endpoint: the spec (its path and its reply schema, typed with
   `x-smsmobile-type`), the overlay and the sandbox's emulated behaviour; no reply type, parser
   or export is written by hand (`_derived/replies.py` is derived from the reply schema).

Each then proves (tests/spec/contract_proof.py, run with the copy's packages) that the change
reached `WhatsApp`, `AsyncWhatsApp`, the CLI, SOAP, the gateway and the sandbox's checks.
Derived files (generated/, adapters/smsmobile/_derived/, spec/smsmobileapi.wsdl) are written by
`make generate` and are not counted.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DERIVED = ("generated/", "adapters/smsmobile/_derived/", "spec/smsmobileapi.wsdl")
COPIED = ("Makefile", "pyproject.toml", "README.md", "spec", "generated", "adapters", "sandbox")

FORM_FIELD = '        shorturl: {$ref: "#/components/schemas/ZeroOne"}\n'
GET_PARAMETER = (
    '        - {name: shorturl, in: query, schema: {$ref: "#/components/schemas/ZeroOne"}}\n'
)
PRIORITY = "{type: string, enum: [high, normal], description: How soon the phone sends it.}"


@pytest.fixture(autouse=True)
def _tools() -> None:
    """The pinned generator (`make install`) and git: missing, each test fails, never skips
    (a skip would hide a missing install step on CI)."""
    assert (BIN / "openapi-python-client").exists(), "run `make install`: no openapi-python-client"
    assert shutil.which("git") is not None, "git is not installed"


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert text.count(old) == 1, f"{old!r} is not once in {path}: update the README and this test"
    path.write_text(text.replace(old, new))


def git(root: Path, *arguments: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *arguments],
        cwd=root, capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    return done.stdout


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """This checkout's contract and code (as they are on disk), committed in a fresh repository."""
    root = tmp_path / "repo"
    root.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for name in COPIED:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name, symlinks=True, ignore=ignore)
        else:
            shutil.copy2(source, root / name)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "before")
    return root


def make_generate(root: Path) -> None:
    done = subprocess.run(
        ["make", "-C", str(root), "generate", f"BIN={BIN}", "-o", ".venv/.installed-stamp"],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def hand_edited(root: Path) -> list[str]:
    """The changed files `git diff --stat` lists, derived ones left out."""
    git(root, "add", "-A")
    stat = git(root, "diff", "--cached", "--stat=200")
    changed = [line.split("|")[0].strip() for line in stat.splitlines() if "|" in line]
    return sorted(path for path in changed if not path.startswith(DERIVED))


def prove(root: Path, *arguments: str) -> dict[str, Any]:
    paths = [str(root / name) for name in ("adapters", "generated", "sandbox")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    done = subprocess.run(
        [sys.executable, str(REPO / "tests" / "spec" / "contract_proof.py"), *arguments],
        cwd=root, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


def add_send_parameter(root: Path, wire: str) -> None:
    spec = root / "spec" / "openapi.yaml"
    replace_once(
        spec,
        GET_PARAMETER,
        GET_PARAMETER + f"        - {{name: {wire}, in: query, schema: {PRIORITY}}}\n",
    )
    replace_once(spec, FORM_FIELD, FORM_FIELD + f"        {wire}: {PRIORITY}\n")  # fmt: skip


def test_a_new_send_parameter_is_the_spec_alone(copy: Path) -> None:
    add_send_parameter(copy, "priority")
    make_generate(copy)
    assert hand_edited(copy) == ["spec/openapi.yaml"]
    seen = prove(copy, "send", "priority", "high", "urgent")
    assert seen == {
        "signature": True,
        "async signature": True,
        "WhatsApp.send": "high",
        "client check": "priority",
        "SOAP SendWhatsApp": "high",
        "gateway": "high",
        "AsyncWhatsApp.send": "high",
        "smsmobile send": "high",
        "sandbox check": "priority: must be one of: high, normal",
    }


def test_a_new_send_parameter_with_an_unfriendly_wire_name_is_the_spec_and_the_overlay(
    copy: Path,
) -> None:
    add_send_parameter(copy, "prio_lvl")
    replace_once(
        copy / "spec" / "overlay.yaml",
        "    hidden:\n",
        "    names:\n      prio_lvl: priority\n    hidden:\n",
    )
    make_generate(copy)
    assert hand_edited(copy) == ["spec/openapi.yaml", "spec/overlay.yaml"]
    facade = (copy / "adapters" / "smsmobile" / "_derived" / "facade_async.py").read_text()
    assert 'priority: Literal["high", "normal"] | None = None,' in facade
    table = (copy / "adapters" / "smsmobile" / "_derived" / "table.py").read_text()
    assert '{"python": "priority", "wire": ["prio_lvl"]' in table


QUOTA_PATH = """  /getwa/quota/:
    get:
      tags: [whatsapp]
      operationId: getQuota
      summary: How many messages the account may still send today
      parameters:
        - $ref: "#/components/parameters/ApiKey"
      responses:
        "200":
          description: "ASSUMPTION: an example endpoint of the README's worked example."
          content:
            application/json:
              schema:
                type: object
                x-smsmobile-type: Quota
                description: How many messages the account may still send today.
                required: [error]
                properties:
                  error: {$ref: "#/components/schemas/ErrorCode"}
                  remaining: {type: integer, minimum: 0}
                  reset_at:
                    {type: string, x-smsmobile-convert: datetime, x-smsmobile-name: resets_at}
"""
QUOTA_OVERLAY = """  getQuota:
    python: quota
    namespace: whatsapp
    soap: GetQuota
    cli: [quota]
"""
QUOTA_EMULATION = '''

@emulates("quota")
def quota(service: SandboxService, caller: Caller, params: Mapping[str, str]) -> dict[str, Any]:
    """A fixed daily allowance minus what was sent."""
    with service.store.lock:
        sent = len(service.store.state.messages)
    return {"error": "0", "remaining": str(500 - sent), "reset_at": "1767225600"}
'''


def test_a_new_typed_read_only_endpoint_is_the_spec_the_overlay_and_its_behaviour(
    copy: Path,
) -> None:
    spec, overlay = copy / "spec" / "openapi.yaml", copy / "spec" / "overlay.yaml"
    replace_once(spec, "  /oauth2/token:\n", QUOTA_PATH + "  /oauth2/token:\n")
    replace_once(overlay, "  checkNumber:\n", QUOTA_OVERLAY + "  checkNumber:\n")
    emulated = copy / "sandbox" / "smsmobile_sandbox" / "_emulated.py"
    emulated.write_text(emulated.read_text() + QUOTA_EMULATION)
    make_generate(copy)
    hand = hand_edited(copy)
    assert hand == [
        "sandbox/smsmobile_sandbox/_emulated.py",
        "spec/openapi.yaml",
        "spec/overlay.yaml",
    ]
    assert len(hand) <= 1 + 3  # the spec, plus at most three
    replies = (copy / "adapters" / "smsmobile" / "_derived" / "replies.py").read_text()
    assert "class Quota:" in replies  # derived from the reply schema, not written by hand
    seen = prove(copy, "operation", "quota", "quota")
    # typed the same over REST and SOAP: "500" -> 500, unix seconds -> an aware datetime
    typed = {
        "type": "Quota",
        "exported": True,
        "value": {"remaining": 500, "resets_at": "2026-01-01T00:00:00Z"},
    }
    assert seen == {
        "WhatsApp": typed,
        "SOAP": typed,
        "gateway": typed,
        "AsyncWhatsApp": typed,
        "cli": {"remaining": 500, "resets_at": "2026-01-01T00:00:00Z"},
    }
