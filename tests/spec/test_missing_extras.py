"""A missing extra is named where it is needed: the gateway under a WSGI server other than
waitress (gunicorn), and `import smsmobile_sandbox`. Each runs in a fresh process whose
`sitecustomize` makes the extra's modules unimportable (a meta-path finder that refuses them),
as a machine without the extra would; nothing is uninstalled."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

BLOCKER = textwrap.dedent(
    """
    import os
    import sys

    BLOCKED = set(filter(None, os.environ.get("SMSMOBILE_TEST_BLOCKED", "").split(",")))


    class RefuseBlocked:
        def find_spec(self, name, path=None, target=None):
            if name.partition(".")[0] in BLOCKED:
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
            return None


    sys.meta_path.insert(0, RefuseBlocked())
    """
)

GATEWAY = textwrap.dedent(
    """
    import io
    from wsgiref.util import setup_testing_defaults

    import smsmobile.gateway  # what gunicorn imports for 'smsmobile.gateway:app_from_env()'

    app = smsmobile.gateway.app_from_env()
    environ = {"PATH_INFO": "/healthz", "REQUEST_METHOD": "GET", "wsgi.input": io.BytesIO()}
    setup_testing_defaults(environ)
    answers = []
    body = b"".join(app(environ, lambda status, headers, *rest: answers.append(status)))
    print(answers[0], body.decode())
    """
)


def _run(tmp_path: Path, blocked: str, code: str, **env: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "sitecustomize.py").write_text(BLOCKER)
    environ = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SMSMOBILE")},
        "PYTHONPATH": str(tmp_path),
        "SMSMOBILE_TEST_BLOCKED": blocked,
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=environ, timeout=60
    )


def test_the_blocker_really_blocks(tmp_path: Path) -> None:
    done = _run(tmp_path, "waitress", "import waitress")
    assert done.returncode != 0 and "No module named 'waitress'" in done.stderr


def test_a_pass_through_gateway_needs_no_waitress_under_another_server(tmp_path: Path) -> None:
    done = _run(
        tmp_path,
        "waitress,requests_oauthlib,oauthlib,rich",  # only [soap] installed
        GATEWAY,
        SMSMOBILE_GATEWAY_UPSTREAM="http://127.0.0.1:9",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["200", "OK", "ok"]


def test_a_held_oauth2_gateway_without_the_extra_names_it(tmp_path: Path) -> None:
    done = _run(
        tmp_path,
        "waitress,requests_oauthlib,oauthlib",
        GATEWAY,
        SMSMOBILE_GATEWAY_UPSTREAM="http://127.0.0.1:9",
        SMSMOBILEAPI_CLIENT_ID="client",
        SMSMOBILEAPI_CLIENT_SECRET="secret",
        SMSMOBILE_GATEWAY_KEYS="0123456789abcdef0123",
    )
    assert done.returncode != 0
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("smsmobile._extras.MissingExtra: "), last
    assert "pip install 'smsmobile[oauth2]'" in last


@pytest.mark.parametrize("blocked", ["waitress", "lxml"])
def test_importing_the_sandbox_without_the_server_extra_names_it(
    tmp_path: Path, blocked: str
) -> None:
    done = _run(tmp_path, blocked, "import smsmobile_sandbox")
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("smsmobile._extras.MissingExtra: "), last
    assert f"({blocked} is not installed): pip install 'smsmobile[server]'" in last


def test_the_sandbox_command_without_the_server_extra_names_it(tmp_path: Path) -> None:
    code = "import sys; from smsmobile.cli import main; sys.exit(main(['sandbox']))"
    done = _run(tmp_path, "waitress", code)
    assert done.returncode == 2
    assert "pip install 'smsmobile[server]'" in done.stderr
