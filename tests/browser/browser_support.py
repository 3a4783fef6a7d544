"""Headless Chromium from the system (Debian's chromium + chromedriver), driven by Selenium.

Nothing is downloaded: the driver and the browser are given by path, so Selenium Manager never
runs. `make browser` installs both; without them the browser tests skip and say why.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome")
WINDOW = (1400, 860)


def missing_reason() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (it is in the dev extra: make install)"
    if find_browser() is None:
        return "no chromium on PATH (run `make browser`, as root: apt-get install chromium)"
    if shutil.which("chromedriver") is None:
        return "no chromedriver on PATH (run `make browser`: apt-get install chromium-driver)"
    return None


def find_browser() -> str | None:
    for name in BROWSER_NAMES:
        path = shutil.which(name)
        if path is not None:
            return path
    return None


def start_chromium(*, javascript: bool = True) -> Any:
    """A headless Chromium WebDriver (the caller quits it)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser, driver = find_browser(), shutil.which("chromedriver")
    assert browser is not None and driver is not None, missing_reason()
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for argument in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-extensions",
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
    ):
        options.add_argument(argument)
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2}
        )
    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium fetch anything
    return webdriver.Chrome(options=options, service=Service(executable_path=driver))


def screenshot(driver: Any, path: Path) -> Path:
    """Save a PNG of the window and check it is one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    assert driver.save_screenshot(str(path))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return path
