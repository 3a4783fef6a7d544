"""`import smsmobile` loads what every client needs; the rest is imported by its first use.

The async client, the whole account's clients and their derived namespaces, raw replies, the
spec's typed results (and msgspec, which builds the exact reply shapes), the reply readers and
the token fetch's modules are loaded when first used, not by the import (issue 21: the import
row of bench/README.md). Each check runs in a fresh interpreter: this test process has long
imported everything.
"""

from __future__ import annotations

import subprocess
import sys

import smsmobile
from smsmobile import _derived
from smsmobile._derived import replies
from smsmobile_sandbox.testing import RunningSandbox

#: Loaded by a first use, never by `import smsmobile`.
ON_FIRST_USE = (
    "msgspec",
    "smsmobile._account",
    "smsmobile._account_parse",
    "smsmobile._client_async",
    "smsmobile._derived.facade_async",
    "smsmobile._derived.namespaces_async",
    "smsmobile._derived.namespaces_sync",
    "smsmobile._derived.replies",
    "smsmobile._options",
    "smsmobile._paging",
    "smsmobile._parse",
    "smsmobile._raw",
    "smsmobile._reply_body",
    "smsmobile.transports.errors",
)


def _run(code: str, *arguments: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", code, *arguments], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


def test_the_import_loads_none_of_them() -> None:
    _run(
        "import sys, smsmobile\n"
        f"loaded = [m for m in {ON_FIRST_USE!r} if m in sys.modules]\n"
        "assert not loaded, loaded\n"
        "assert set(smsmobile.__all__) <= set(dir(smsmobile))\n"
    )


def test_a_first_use_imports_them_and_they_work(sandbox: RunningSandbox) -> None:
    """Each name is importable as before (`from smsmobile import X`), and a call through the
    account's client builds the typed results it returns."""
    _run(
        "import sys\n"
        "from smsmobile import ApiKey, AsyncSmsMobile, AsyncWhatsApp, RawReply, SentMessage\n"
        "from smsmobile import RetrievalState, SmsMobile\n"
        "import smsmobile, smsmobile._models\n"
        "assert 'smsmobile._derived.replies' in sys.modules and 'msgspec' in sys.modules\n"
        "assert smsmobile._models.SentMessage is SentMessage is smsmobile.SentMessage\n"
        "assert AsyncSmsMobile.__mro__[1] is AsyncWhatsApp and RawReply.__name__ == 'RawReply'\n"
        "with SmsMobile(auth=ApiKey(sys.argv[2]), base_url=sys.argv[1]) as client:\n"
        "    sent = client.sms.send('32470123456', 'first use')\n"
        "    state = client.set_retrieval(True)\n"
        "    raw = client.with_raw_response.check_number('32470123456')\n"
        "assert isinstance(sent, SentMessage) and isinstance(state, RetrievalState), sent\n"
        "assert isinstance(raw, RawReply) and raw.status_code == 200\n"
        "assert 'smsmobile._derived.namespaces_sync' in sys.modules\n",
        sandbox.url,
        sandbox.api_key,
    )
    assert sandbox.control.messages()[0]["message"] == "first use"


def test_an_unknown_name_is_still_an_attribute_error() -> None:
    assert not hasattr(smsmobile, "SendRequest")
    assert "SmsMobile" in dir(smsmobile) and "SentMessage" in dir(smsmobile)


def test_the_names_exported_before_their_types_are_built_are_the_derived_ones() -> None:
    """`_derived.REPLIES` (what `smsmobile.__all__` adds without importing `replies`) is
    written by spec/derive.py with `replies.__all__`: the same names."""
    assert list(_derived.REPLIES) == replies.__all__
    assert set(replies.__all__) <= set(smsmobile.__all__)
