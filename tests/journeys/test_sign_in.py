"""Journey: sign in and out for each role (councillor, officer, performance,
clerk, admin) on the demo, in Debian's Chromium.

Each role sees its own navigation (CONTRACT.md's roles: officers and the
performance team enter figures and upload, only the performance team
publishes; councillors and clerks do neither) and its own pages open, while
a page outside its role is refused. Signing out ends the session in the
database and returns to the sign-in page; the page the user was on then asks
them to sign in again, and signing in returns them to it. A person who
mistypes a password, or whose username is locked, is told so in words."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session

from tests.browser_support import PASSWORD, assert_accessible, sign_in
from tests.journeys.conftest import (
    DEMO_USERS,
    assert_clean_console,
    assert_no_sideways_scroll,
    sign_out,
)

pytestmark = pytest.mark.django_db(transaction=True)

# Who sees which link, from CONTRACT.md's roles (superusers see everything);
# the URL each opens and the heading of its page.
EVERYONE = set(DEMO_USERS)
LINKS = {
    "Dashboard": (EVERYONE, "/", None),
    "Overall position": (EVERYONE, "/position/", None),
    "Enter figures": ({"officer", "performance", "admin"}, "/entry/", "Enter figures"),
    "Publish": ({"performance", "admin"}, "/publish/", "Publish figures"),
    "Imports": ({"officer", "performance", "admin"}, "/imports/", "Imports"),
    "Reports": (EVERYONE, "/reports/", None),
    "Committees": (EVERYONE, "/committees/", None),
    "Actions": (EVERYONE, "/actions/", None),
}
REFUSED = "You do not have permission to see this page"


def navigation(page: Any) -> list[str]:
    menu = page.get_by_role("navigation", name="Menu")
    return [text.strip() for text in menu.get_by_role("link").all_inner_texts()]


def heading(page: Any) -> str:
    return page.get_by_role("heading", level=1).inner_text().strip()


def sessions_of(user: Any) -> int:
    return sum(
        1
        for session in Session.objects.all()
        if session.get_decoded().get("_auth_user_id") == str(user.pk)
    )


def on_sign_in_page(page: Any) -> bool:
    return (
        urlparse(page.url).path == "/accounts/login/"
        and heading(page) == "Sign in"
        and page.get_by_role("button", name="Sign out").count() == 0
    )


def test_each_role_signs_in_sees_its_own_navigation_and_signs_out(demo, page, console):
    User = get_user_model()
    for username in DEMO_USERS:
        user = User.objects.get(username=username)
        last_login = user.last_login
        sign_in(page, username)

        # Signed in: the dashboard, their name, a session in the database.
        assert urlparse(page.url).path == "/", page.url
        assert (
            page.get_by_text("Signed in as")
            .inner_text()
            .endswith(user.get_full_name() or username)
        )
        user.refresh_from_db()
        assert user.last_login and user.last_login != last_login
        assert sessions_of(user) == 1

        # Their own navigation: each link shown exactly when the role has it.
        links = navigation(page)
        for label, (who, _, _) in LINKS.items():
            assert (label in links) == (username in who), (username, label, links)

        # Each of the role's own pages opens from the menu ...
        for label, (who, path, title) in LINKS.items():
            if title is None or username not in who:
                continue
            page.get_by_role("navigation", name="Menu").get_by_role(
                "link", name=label, exact=True
            ).click()
            page.wait_for_load_state("networkidle")
            assert urlparse(page.url).path == path
            assert heading(page) == title
        # ... and a page outside the role is refused, not merely unlisted.
        for label, (who, path, _) in LINKS.items():
            if username not in who:
                page.goto(path)
                assert heading(page) == REFUSED, (username, label)
        # The browser logs each refused page's 403; those were asked for.
        console[:] = [m for m in console if "status of 403 (Forbidden)" not in m]
        protected = page.url
        page.go_back()
        if username == "councillor":
            assert_accessible(page)

        # Signing out: back to the sign-in page, the session gone.
        sign_out(page)
        assert on_sign_in_page(page), page.url
        assert navigation(page) == []
        assert sessions_of(user) == 0
        if username == "councillor":
            assert_accessible(page)

        # The page they were on now asks them to sign in again ...
        page.goto(protected)
        assert on_sign_in_page(page), (username, page.url)
        assert "next=" in page.url
        # ... and signing in there returns them to it.
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state("networkidle")
        assert page.url == protected, (username, page.url)
        assert sessions_of(user) == 1
        sign_out(page)
        assert on_sign_in_page(page)
        assert sessions_of(user) == 0
    assert_clean_console(console)


def open_menu(page: Any) -> None:
    """On a narrow screen the links fold behind a "Menu" button: open it."""
    toggle = page.get_by_role("navigation", name="Menu").get_by_role(
        "button", name="Menu"
    )
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()


def test_at_320_pixels_the_menu_opens_with_the_roles_links(demo, page, console):
    page.set_viewport_size({"width": 320, "height": 800})
    sign_in(page, "officer")
    assert_no_sideways_scroll(page)
    menu = page.get_by_role("navigation", name="Menu")
    assert menu.get_by_role("button", name="Menu").is_visible()  # folded
    assert navigation(page) == []
    open_menu(page)
    links = navigation(page)
    assert "Enter figures" in links and "Publish" not in links, links
    menu.get_by_role("link", name="Enter figures", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert heading(page) == "Enter figures"
    open_menu(page)
    assert navigation(page) == links
    sign_out(page)
    assert on_sign_in_page(page)
    assert_no_sideways_scroll(page)
    assert_clean_console(console)


def test_a_wrong_password_and_then_a_lock_are_explained_in_words(demo, page, console):
    User = get_user_model()
    councillor = User.objects.get(username="councillor")
    sign_in(page, "councillor", "not the password")
    assert on_sign_in_page(page)
    assert (
        page.get_by_role("alert")
        .get_by_text(re.compile("correct username and password"))
        .is_visible()
    )
    assert_accessible(page)
    for _ in range(9):  # ten wrong in all: the username locks from here
        sign_in(page, "councillor", "not the password")
    sign_in(page, "councillor", PASSWORD)  # the right one, too late
    assert on_sign_in_page(page)
    assert page.get_by_text("Too many failed attempts to sign in").is_visible()
    assert sessions_of(councillor) == 0
    # The browser logs the refusal's 429 status; that one was asked for.
    assert sum("status of 429" in m for m in console) == 1
    console[:] = [m for m in console if "status of 429" not in m]
    assert_accessible(page)
    # A colleague at the same desk still signs in.
    sign_in(page, "clerk")
    assert urlparse(page.url).path == "/"
    assert sessions_of(User.objects.get(username="clerk")) == 1
    assert_clean_console(console)
