"""A REST-only install has no zeep or lxml: asking for SOAP names the extra that brings them."""

from __future__ import annotations

import sys

import pytest

from smsmobile import ApiKey, WhatsApp


@pytest.mark.parametrize("missing", ["zeep", "lxml"])
def test_soap_without_its_libraries_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, missing: str
) -> None:
    monkeypatch.setitem(sys.modules, missing, None)  # what `import zeep` sees when not installed
    monkeypatch.delitem(sys.modules, "smsmobile.transports.soap", raising=False)

    with pytest.raises(ModuleNotFoundError, match=r"pip install 'smsmobile\[soap\]'") as caught:
        WhatsApp(auth=ApiKey("k-0123456789"), base_url="http://127.0.0.1:9", transport="soap")

    assert caught.value.name == missing
