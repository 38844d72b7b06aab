"""A person at the browser, with a mouse or with the keyboard only.

The flow tests run once per way of working (``person`` fixture, parametrised). With the
keyboard, every control is reached with Tab (or Shift+Tab), which also asserts that it
shows a visible focus; links and buttons are activated with Enter, check boxes with
Space, radio buttons and selects with the arrow keys.

One exception: the text of a native date field is typed segment by segment in an order
that depends on the browser's own locale, not the page's, so with the keyboard a date
field is reached with Tab and then given its value with ``fill``.
"""

import contextlib

from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from tests.browser.checks import has_visible_focus, tab_to
from tests.factories import PASSWORD
from tests.otp_helpers import current_code, fresh_device

DEMO_PASSWORD = "klankbord-demo"  # noqa: S105 - the README's public demo password


class Person:
    def __init__(self, page, *, keyboard: bool):
        self.page = page
        self.keyboard = keyboard

    def log_in(self, username, password=PASSWORD):
        """Password, then the second factor (a code from the user's TOTP app)."""
        code = totp_code_for(username)
        self.page.goto("/inloggen/")
        self.fill("Gebruikersnaam", username)
        self.fill("Wachtwoord", password)
        self.press("Inloggen")
        if "/2fa/" in self.page.url:
            self.fill(nl(_("Code")), code)
            self.press(nl(_("Verify")))

    def __repr__(self):
        return "keyboard user" if self.keyboard else "mouse user"

    # --- finding things ---------------------------------------------------------------

    def _link(self, name):
        return self.page.get_by_role("link", name=name, exact=True).first

    def _button(self, name):
        return self.page.get_by_role("button", name=name, exact=True).first

    def _field(self, label):
        # The field with exactly this label, else the first whose label contains it
        # ("Partner" is not "Partner from the expert network").
        exact = self.page.get_by_label(label, exact=True)
        return exact.first if exact.count() else self.page.get_by_label(label).first

    # --- doing things -----------------------------------------------------------------

    @contextlib.contextmanager
    def _navigation(self, navigates):
        if navigates:
            with self.page.expect_navigation():
                yield
            self.page.wait_for_load_state()
        else:
            yield

    def activate(self, target, *, navigates=True, key="Enter"):
        """Click ``target`` (a locator), or Tab to it and press Enter."""
        with self._navigation(navigates):
            if self.keyboard:
                tab_to(self.page, target)
                self.page.keyboard.press(key)
            else:
                target.click()

    def follow(self, name, *, navigates=True):
        self.activate(self._link(name), navigates=navigates)

    def press(self, name, *, navigates=True):
        self.activate(self._button(name), navigates=navigates)

    def fill(self, label, text):
        field = self._field(label)
        if self.keyboard:
            tab_to(self.page, field)
            self.page.keyboard.press("Control+A")
            if text:
                self.page.keyboard.type(text)
            else:
                self.page.keyboard.press("Delete")
        else:
            field.fill(text)

    def fill_date(self, label, iso_value):
        field = self._field(label)
        if self.keyboard:
            tab_to(self.page, field)
        field.fill(iso_value)

    def choose(self, label, option):
        """Select ``option`` (its visible text, or the first option that contains it)
        in the select labelled ``label``."""
        select = self._field(label)
        options = select.evaluate("el => [...el.options].map(o => o.text.trim())")
        if option in options:
            target = options.index(option)
        else:
            target = next(i for i, text in enumerate(options) if option in text)
        if not self.keyboard:
            select.select_option(index=target)
            return
        tab_to(self.page, select)
        current = select.evaluate("el => el.selectedIndex")
        key = "ArrowDown" if target > current else "ArrowUp"
        for _step in range(abs(target - current)):
            self.page.keyboard.press(key)
        assert select.evaluate("el => el.selectedIndex") == target

    def pick(self, label):
        """Check the radio button or check box labelled exactly ``label``."""
        control = self.page.get_by_label(label, exact=True)
        if not self.keyboard:
            control.check()
            return
        kind = control.evaluate("el => el.type")
        if kind == "checkbox":
            tab_to(self.page, control)
            if not control.is_checked():
                self.page.keyboard.press("Space")
        else:
            # Tab enters a radio group at its checked button (or the first); the
            # arrow keys then move the choice.
            group = self.page.locator(
                f"input[type=radio][name={control.get_attribute('name')}]"
            )
            entry = group.locator(":scope:checked")
            entry = entry.first if entry.count() else group.first
            tab_to(self.page, entry)
            for _ in range(group.count()):
                if control.is_checked():
                    break
                self.page.keyboard.press("ArrowDown")
            assert has_visible_focus(self.page)
        assert control.is_checked()


def log_in(page, username, password=PASSWORD):
    """Log in by the login form and the second factor (with the mouse) and wait for
    the start page."""
    code = totp_code_for(username)
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()
    assert "/inloggen/" not in page.url, f"{username} could not log in"
    page.get_by_label(nl(_("Code"))).fill(code)
    with page.expect_navigation():
        page.get_by_role("button", name=nl(_("Verify"))).click()
    assert "/2fa/" not in page.url, f"{username} could not pass the second factor"


def totp_code_for(username) -> str:
    """The current code of a fresh authenticator app for the user (a code works once,
    so every login in a test gets its own app)."""
    user = get_user_model().objects.get(username=username)
    return current_code(fresh_device(user))


def nl(label) -> str:
    """A choice label (lazy translation) as a Dutch user sees it."""
    with translation.override("nl"):
        return str(label)
