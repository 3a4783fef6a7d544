"""The inspector in a real (headless) Chromium: what a developer sees and clicks.

Each test leaves a screenshot of the state it reached under its tmp dir.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser_support import screenshot

from smsmobile import ApiKey, RateLimited, RetryPolicy, WhatsApp
from smsmobile_sandbox.testing import RunningSandbox

NUMBER = "32470123456"
WAIT = 20  # seconds, at most, for the page to show something


def wait_for(driver: Any, css: str) -> Any:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, WAIT).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css))
    )


def client(sandbox: RunningSandbox, **options: Any) -> WhatsApp:
    return WhatsApp(auth=ApiKey(sandbox.api_key), base_url=sandbox.url, **options)


def test_a_message_sent_with_the_sdk_appears_live(
    chromium: Any, sandbox: RunningSandbox, tmp_path: Path
) -> None:
    chromium.get(sandbox.url + "/")
    wait_for(chromium, "body.live")  # the script runs
    assert chromium.find_elements("css selector", ".bubble") == []
    with client(sandbox) as wa:
        sent = wa.send("+32 470 12 34 56", "Your order *shipped* _today_ ```A-1```")
    bubble = wait_for(chromium, f'.bubble.out[data-guid="{sent.guid}"]')  # no reload
    assert bubble.find_element("css selector", "strong").text == "shipped"
    assert bubble.find_element("css selector", "em").text == "today"
    assert bubble.find_element("css selector", "code").text == "A-1"
    assert "WhatsApp" in bubble.text and "sent" in bubble.text and "API key" in bubble.text
    assert chromium.find_element("css selector", ".chats a").get_attribute("data-number") == NUMBER
    screenshot(chromium, tmp_path / "sent.png")


def test_a_reply_typed_in_the_page_is_retrieved_by_the_sdk(
    chromium: Any, sandbox: RunningSandbox, tmp_path: Path
) -> None:
    from selenium.webdriver.support.ui import Select

    with client(sandbox) as wa:
        wa.send(NUMBER, "Can we call tomorrow?")
        chromium.get(f"{sandbox.url}/?number={NUMBER}")
        form = wait_for(chromium, "form.reply")
        form.find_element("name", "contact").send_keys("Ann")
        form.find_element("name", "message").send_keys("Yes, at *10*")
        Select(form.find_element("name", "message_type")).select_by_value("audio")
        form.find_element("id", "reply-send").click()
        bubble = wait_for(chromium, ".bubble.in")
        assert "voice, transcribed" in bubble.text and "Ann" in bubble.text
        assert bubble.find_element("css selector", "strong").text == "10"
        screenshot(chromium, tmp_path / "replied.png")
        wa.set_retrieval(True)
        wa.synchronize()
        [received] = list(wa.messages())
    assert (received.number, received.contact, received.text) == (NUMBER, "Ann", "Yes, at *10*")


def test_a_fault_switched_on_in_the_page_fails_the_next_sdk_call(
    chromium: Any, sandbox: RunningSandbox, tmp_path: Path
) -> None:
    chromium.get(sandbox.url + "/")
    form = wait_for(chromium, 'form.fault input[name="kind"][value="too_many"]').find_element(
        "xpath", ".."
    )
    retry_after = form.find_element("name", "retry_after")
    retry_after.clear()
    retry_after.send_keys("9")
    form.find_element("tag name", "button").click()
    queued = wait_for(chromium, "ul.rules li")
    assert "(429)" in queued.text
    screenshot(chromium, tmp_path / "fault-on.png")
    with client(sandbox, retry=RetryPolicy(attempts=1)) as wa:
        with pytest.raises(RateLimited) as caught:
            wa.send(NUMBER, "hello")
        assert caught.value.retry_after == 9
        assert sandbox.control.messages() == []  # refused before it was processed
        wa.send(NUMBER, "hello again")  # the switch was for one request
    wait_for(chromium, ".bubble.out")
    screenshot(chromium, tmp_path / "fault-used.png")


def test_the_page_works_without_javascript(
    chromium_without_js: Any, sandbox: RunningSandbox, tmp_path: Path
) -> None:
    driver = chromium_without_js
    driver.get(sandbox.url + "/?new=1")
    form = wait_for(driver, "form.reply")
    assert "live" not in (driver.find_element("tag name", "body").get_attribute("class") or "")
    form.find_element("name", "number").send_keys(NUMBER)
    form.find_element("name", "message").send_keys("Hello from a plain page")
    form.find_element("id", "reply-send").click()
    bubble = wait_for(driver, ".bubble.in")  # the form posted, the sandbox redirected back
    assert bubble.text.startswith("Hello from a plain page")
    assert driver.current_url == f"{sandbox.url}/?number={NUMBER}"
    toggle = driver.find_element("css selector", 'form[action="/_sandbox/ui/retrieval"] button')
    toggle.click()
    assert "Retrieval: on" in wait_for(driver, "button.switch.on").text
    screenshot(driver, tmp_path / "no-js.png")
    with client(sandbox) as wa:
        wa.synchronize()  # retrieval was switched on in the page
        assert [m.text for m in wa.messages()] == ["Hello from a plain page"]
