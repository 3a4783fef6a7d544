"""How the SOAP transport is loaded: the WSDL parsed once, zeep imported only when needed, and
the WSDL shipped inside the wheel."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from smsmobile import ApiKey, ConnectError, MalformedReply, Timeouts, WhatsApp
from smsmobile.transports.soap import SoapTransport, shared_document
from smsmobile_sandbox.testing import RunningSandbox

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_the_wsdl_is_parsed_once_and_shared() -> None:
    def build() -> SoapTransport:
        return SoapTransport(
            base_url="http://127.0.0.1:9", auth=ApiKey("k-123456"), timeouts=Timeouts()
        )

    first, second = build(), build()
    try:
        assert first._client.wsdl is second._client.wsdl
        assert first._client.wsdl is shared_document(None, Timeouts())
        assert first._client is not second._client
        assert first._http_client is not second._http_client  # own keep-alive pool, own auth
    finally:
        first.close()
        second.close()


def test_a_wsdl_given_by_path_is_cached_under_that_path(tmp_path: Path) -> None:
    copy = tmp_path / "copy.wsdl"
    copy.write_bytes((REPO / "spec" / "smsmobileapi.wsdl").read_bytes())
    packaged = shared_document(None, Timeouts())
    given = shared_document(str(copy), Timeouts())
    assert given is not packaged
    assert shared_document(str(copy), Timeouts()) is given


@pytest.mark.parametrize("where", ["path", "url"])
def test_a_wsdl_and_endpoint_of_the_users_choice(
    sandbox: RunningSandbox, tmp_path: Path, where: str
) -> None:
    if where == "path":
        wsdl = tmp_path / "mine.wsdl"
        wsdl.write_bytes((REPO / "spec" / "smsmobileapi.wsdl").read_bytes())
        location = str(wsdl)
    else:
        location = f"{sandbox.url}/soap?wsdl"  # served with its soap:address rewritten
    with WhatsApp(
        auth=ApiKey(sandbox.api_key),
        base_url="http://127.0.0.1:9",  # nothing there: every call goes to soap_endpoint
        transport="soap",
        wsdl=location,
        soap_endpoint=f"{sandbox.url}/soap",
    ) as wa:
        assert wa.check_number("32470123456").on_whatsapp


def test_a_wsdl_that_cannot_be_loaded(tmp_path: Path, closed_port: int) -> None:
    broken = tmp_path / "broken.wsdl"
    broken.write_text("<wsdl:definitions")
    auth = ApiKey("k-123456")
    with pytest.raises(MalformedReply):
        WhatsApp(auth=auth, transport="soap", wsdl=str(broken))
    with pytest.raises(ConnectError):
        WhatsApp(auth=auth, transport="soap", wsdl=f"http://127.0.0.1:{closed_port}/soap?wsdl")


def run_python(
    code: str, *, env: dict[str, str] | None = None, python: str = sys.executable
) -> str:
    result = subprocess.run(
        [python, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=env.get("HOME", "/") if env else None,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_zeep_is_imported_only_for_a_soap_client() -> None:
    out = run_python(
        """
        import json, sys
        import smsmobile
        from smsmobile import ApiKey, WhatsApp
        seen = {"import": "zeep" in sys.modules}
        WhatsApp(auth=ApiKey("k-123456"), base_url="http://127.0.0.1:9").close()
        seen["rest"] = "zeep" in sys.modules
        WhatsApp(auth=ApiKey("k-123456"), base_url="http://127.0.0.1:9", transport="soap").close()
        seen["soap"] = "zeep" in sys.modules
        print(json.dumps(seen))
        """
    )
    assert json.loads(out) == {"import": False, "rest": False, "soap": True}


def test_the_built_wheel_carries_the_wsdl_and_speaks_soap(
    tmp_path: Path, sandbox: RunningSandbox
) -> None:
    started = time.monotonic()
    # Build from a copy, so that the build leaves no build/ or egg-info behind in the tree.
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(REPO / name, source / name)
    for name in ("adapters", "generated", "sandbox", "spec"):
        shutil.copytree(
            REPO / name, source / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__")
        )
    wheelhouse = tmp_path / "wheels"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(wheelhouse), str(source)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert built.returncode == 0, (
        "building the wheel failed; with --no-build-isolation the build backend's requirements "
        f"(setuptools, wheel) must be installed in this venv:\n{built.stderr[-2000:]}"
    )
    (wheel,) = wheelhouse.glob("smsmobile-*.whl")
    venv = tmp_path / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120
    )
    fresh_python = str(venv / "bin" / "python")
    fresh_site = run_python(
        "import sysconfig; print(sysconfig.get_paths()['purelib'])", python=fresh_python
    ).strip()
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", fresh_site,
         str(wheel)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    # The dependencies come from this venv's site-packages (on PYTHONPATH, where .pth files, and
    # so the editable install of smsmobile, are not processed); smsmobile from the fresh venv.
    dependencies = next(p for p in sys.path if p.endswith("site-packages"))
    env = {"PYTHONPATH": dependencies, "HOME": str(tmp_path), "PATH": os.environ["PATH"]}
    out = run_python(
        f"""
        import json, smsmobile
        from importlib.resources import files
        from smsmobile import ApiKey, WhatsApp
        with WhatsApp(auth=ApiKey({sandbox.api_key!r}), base_url={sandbox.url!r},
                      transport="soap") as wa:
            sent = wa.send("32470123456", "from the wheel")
        wsdl = files("smsmobile") / "smsmobileapi.wsdl"
        print(json.dumps({{"file": smsmobile.__file__, "guid": sent.guid,
                          "wsdl_is_link": __import__("os").path.islink(str(wsdl)),
                          "wsdl_size": len(wsdl.read_bytes())}}))
        """,
        env=env,
        python=fresh_python,
    )
    seen = json.loads(out)
    assert Path(seen["file"]).is_relative_to(venv)
    assert not seen["wsdl_is_link"] and seen["wsdl_size"] > 1000
    (stored,) = sandbox.control.messages()
    assert (stored["guid"], stored["message"], stored["via"]) == (
        seen["guid"],
        "from the wheel",
        "soap",
    )
    if time.monotonic() - started > 20:
        pytest.fail("building and installing the wheel took > 20 s: mark this test slow")
