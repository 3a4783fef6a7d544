"""A REST-only install: the wheel's base requirements are httpx, attrs and msgspec, and with only
those (and what they need) importable, REST works and every other feature names its extra."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

from smsmobile._extras import EXTRAS
from smsmobile_sandbox.testing import RunningSandbox

REPO = Path(__file__).resolve().parents[2]


def _requirement_name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[(]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _base_requirements(requires: list[str]) -> set[str]:
    return {_requirement_name(r) for r in requires if "extra ==" not in r}


def _closure(names: set[str]) -> set[metadata.Distribution]:
    """The installed distributions `names` need, their own base requirements included."""
    found: dict[str, metadata.Distribution] = {}
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in found:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:  # a marker for another Python version
            continue
        found[name] = dist
        todo += _base_requirements(
            [r for r in dist.requires or [] if "python_version" not in r or "<" not in r]
        )
    return set(found.values())


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(REPO / name, source / name)
    for name in ("adapters", "generated", "sandbox", "spec"):
        shutil.copytree(
            REPO / name, source / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__")
        )
    wheelhouse = tmp_path_factory.mktemp("wheels")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(wheelhouse), str(source)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr[-2000:]
    (found,) = wheelhouse.glob("smsmobile-*.whl")
    return found


def test_the_wheel_carries_the_sandbox_controls_docs(wheel: Path) -> None:
    """`/_sandbox/docs` serves CONTROLS.md from the installed package, not from the repo."""
    with zipfile.ZipFile(wheel) as archive:
        assert "smsmobile_sandbox/CONTROLS.md" in archive.namelist()


def test_the_base_requirements_are_httpx_attrs_and_msgspec(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        lines = archive.read(name).decode().splitlines()
    requires = [
        line.split(":", 1)[1].strip() for line in lines if line.startswith("Requires-Dist:")
    ]
    # msgspec decodes the replies into the typed results (issue 25): a small wheel, no deps
    assert _base_requirements(requires) == {"httpx", "attrs", "msgspec"}
    extras = {line.split(":", 1)[1].strip() for line in lines if line.startswith("Provides-Extra:")}
    assert {"soap", "oauth2", "cli", "server", "all", "dev"} <= extras
    # smsmobile/_extras.py names the same modules as pyproject's extras bring
    for extra, modules in EXTRAS.items():
        brought = {
            _requirement_name(r) for r in requires if re.search(rf"extra == ['\"]{extra}['\"]", r)
        }
        assert brought, extra
        top_levels = {m.replace("_", "-") for m in modules} - {"oauthlib"}  # oauthlib: transitive
        assert top_levels <= brought | {"requests-oauthlib"}, (extra, brought)


def test_rest_only_install_works_and_names_each_missing_extra(
    wheel: Path, tmp_path: Path, sandbox: RunningSandbox
) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q", "--target",
         str(target), str(wheel)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    # Only httpx, attrs, msgspec and what they need, each linked from this venv's site-packages.
    dependencies = tmp_path / "deps"
    dependencies.mkdir()
    for dist in _closure({"httpx", "attrs", "msgspec"}):
        for top in {Path(str(f)).parts[0] for f in dist.files or []}:
            origin = Path(str(dist.locate_file(top)))
            if top.endswith((".dist-info", "__pycache__")) or not origin.exists():
                continue
            if not (dependencies / top).exists():
                (dependencies / top).symlink_to(origin)
    script = textwrap.dedent(
        f"""
        import json, sys
        from smsmobile import ApiKey, OAuth2ClientCredentials, WhatsApp
        from smsmobile.webhooks import serve
        seen = {{}}
        with WhatsApp(auth=ApiKey({sandbox.api_key!r}), base_url={sandbox.url!r}) as wa:
            seen["rest"] = wa.check_number("32470123456").on_whatsapp
        for name, attempt in [
            ("soap", lambda: WhatsApp(auth=ApiKey("k-123456"), base_url={sandbox.url!r},
                                      transport="soap")),
            ("oauth2", lambda: WhatsApp(auth=OAuth2ClientCredentials("id", "secret-123456"),
                                        base_url={sandbox.url!r})),
            ("server", lambda: serve("secret", print, "127.0.0.1", 0)),
        ]:
            try:
                attempt()
            except ImportError as error:
                seen[name] = str(error)
        seen["loaded"] = sorted(m for m in ("zeep", "lxml", "requests", "rich", "waitress")
                                if m in sys.modules)
        print(json.dumps(seen))
        """
    )
    env = {"PYTHONPATH": f"{target}{os.pathsep}{dependencies}", "PATH": os.environ["PATH"]}
    # -S: no site-packages of this venv (where every extra is installed), only PYTHONPATH.
    ran = subprocess.run(
        [sys.executable, "-S", "-c", script],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr[-3000:]
    seen = json.loads(ran.stdout)
    assert seen["rest"] is True
    assert seen["loaded"] == []
    for extra in ("soap", "oauth2", "server"):
        assert f"pip install 'smsmobile[{extra}]'" in seen[extra], seen
    assert "transport='soap' needs the 'soap' extra" in seen["soap"]

    cli = subprocess.run(
        [sys.executable, "-S", "-m", "smsmobile", "gateway", "--port", "0"],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert cli.returncode == 2, cli.stderr
    assert "smsmobile gateway needs the 'server' extra" in cli.stderr
    assert "pip install 'smsmobile[server]'" in cli.stderr
