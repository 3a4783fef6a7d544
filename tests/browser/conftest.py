"""A headless Chromium per module, or a skip that says why there is none."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browser_support import missing_reason, start_chromium


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    reason = missing_reason()
    if reason is not None:
        pytest.skip(reason)
    driver = start_chromium()
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def chromium_without_js() -> Iterator[Any]:
    reason = missing_reason()
    if reason is not None:
        pytest.skip(reason)
    driver = start_chromium(javascript=False)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
