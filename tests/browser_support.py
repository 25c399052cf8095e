"""Browser tests: Playwright for Python driving Debian's Chromium
(/usr/bin/chromium) against Django's live server, with axe-core checks.

Each test gets a fresh browser context that records every console message, so
a test can assert that no Content Security Policy violation occurred."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; the live server's
# database work happens in its own thread, and the tests' ORM calls are
# ordinary synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = (
    os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PASSWORD = "correct horse battery staple"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "page" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run 'apt-get install -y chromium' (make test does this as root)"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


class ConsoleLog(list[str]):
    def csp_violations(self) -> list[str]:
        return [
            m
            for m in self
            if "Content Security Policy" in m or "Content-Security-Policy" in m
        ]


@pytest.fixture
def console() -> ConsoleLog:
    return ConsoleLog()


@pytest.fixture
def page(browser: Any, live_server: Any, console: ConsoleLog) -> Iterator[Any]:
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on(
        "console", lambda message: console.append(f"{message.type}: {message.text}")
    )
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    yield page
    context.close()


def sign_in(page: Any, username: str, password: str = PASSWORD) -> None:
    """Sign in through the real form, as a person would."""
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")


def assert_accessible(page: Any) -> None:
    """axe-core (shipped inside axe-playwright-python) finds no WCAG 2.2 AA
    violation, the target-size rule included."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": AXE_TAGS},
            "rules": {"target-size": {"enabled": True}},
            "resultTypes": ["violations"],
        },
    )
    assert results.violations_count == 0, results.generate_report()


def tab_to(page: Any, selector: str, limit: int = 200) -> None:
    """Press Tab until the element matching `selector` has focus, as a
    keyboard user would; fail if it is never reached."""
    target = page.locator(selector).first
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")
