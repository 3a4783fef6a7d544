"""The Async example runs as written, against the sandbox."""

from __future__ import annotations

import pytest
from doc_examples import run_example

from smsmobile_sandbox.testing import RunningSandbox


def test_the_async_example(
    sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("SMSMOBILEAPI_CLIENT_ID", "SMSMOBILEAPI_CLIENT_SECRET", "SMSMOBILEAPI_TRANSPORT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SMSMOBILEAPI_BASE_URL", sandbox.url)
    monkeypatch.setenv("SMSMOBILEAPI_API_KEY", sandbox.api_key)
    sandbox.control.inject_inbound(number="19176728660", contact="Ann", message="Where is #576?")
    run_example("async")
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["2 sent", "19176728660 Where is #576?"]
    stored = sandbox.control.messages()
    assert sorted(m["recipients"] for m in stored) == ["191728660", "32470123456"]
    assert {m["channel"] for m in stored} == {"whatsapp"}
