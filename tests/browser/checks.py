"""What the browser tests check in a page: axe-core, visible focus, layout, screens."""

import pytest
from django.conf import settings

AXE_JS = settings.BASE_DIR / "static" / "vendor" / "axe-core" / "axe.min.js"
SCREENS_DIR = settings.BASE_DIR / "test-artifacts" / "screens"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def assert_accessible(page, state, *, exclude=()):
    """axe-core with the WCAG 2.1 A and AA rules: no violations in this state
    (outside the elements matched by the CSS selectors in ``exclude``)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    violations = page.evaluate(
        """async ([tags, exclude]) => {
            const context = exclude.length
                ? {include: [document], exclude: exclude.map((s) => [s])}
                : document;
            const result = await axe.run(context, {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations"],
            });
            return result.violations.map((v) => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                nodes: v.nodes.map(
                    (n) => n.target.join(" ") + " – " + n.failureSummary
                ),
            }));
        }""",
        [AXE_TAGS, list(exclude)],
    )
    assert violations == [], f"axe violations ({state}, {page.url}): {violations}"


def has_visible_focus(page) -> bool:
    """The focused element draws a focus indicator: an outline or a box shadow."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return false;
            const style = getComputedStyle(el);
            const outline = style.outlineStyle !== "none"
                && parseFloat(style.outlineWidth) >= 2;
            return outline || style.boxShadow !== "none";
        }"""
    )


def tab_to(page, locator, *, backwards=False, limit=150):
    """Press Tab (or Shift+Tab) until ``locator`` has the focus; fail when it is not
    reachable by keyboard. Asserts a visible focus indicator on it."""
    handle = locator.element_handle()
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        if handle.evaluate("el => el === document.activeElement"):
            assert has_visible_focus(page), f"no visible focus on {locator}"
            return
        page.keyboard.press(key)
    pytest.fail(f"{locator} cannot be reached with {key}")


def assert_layout_holds(page):
    """No horizontal scrolling, and no two visible controls overlap."""
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert widths[0] <= widths[1], f"horizontal scrolling at {widths[1]} px: {widths}"
    overlaps = page.evaluate(
        """() => {
            const selector = "a[href], button, input:not([type=hidden]), select, "
                + "textarea, summary, [tabindex]:not([tabindex='-1'])";
            const controls = [...document.querySelectorAll(selector)].filter((el) => {
                if (!el.checkVisibility({checkOpacity: true, visibilityProperty: true}))
                    return false;
                const box = el.getBoundingClientRect();
                return box.width > 1 && box.height > 1;
            });
            const name = (el) => el.tagName.toLowerCase()
                + (el.id ? "#" + el.id : "")
                + " '" + (el.textContent || el.value || "").trim().slice(0, 30) + "'";
            // Line boxes, not the bounding box: a link that wraps onto a second line
            // has a bounding box that spans the whole width of both lines.
            const boxes = (el) => [...el.getClientRects()].filter(
                (r) => r.width > 1 && r.height > 1
            );
            const hit = (p, q) =>
                Math.min(p.right, q.right) - Math.max(p.left, q.left) > 1
                && Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top) > 1;
            const found = [];
            for (let i = 0; i < controls.length; i++) {
                for (let j = i + 1; j < controls.length; j++) {
                    const a = controls[i], b = controls[j];
                    if (a.contains(b) || b.contains(a)) continue;
                    const bs = boxes(b);
                    const overlap = boxes(a).some((p) => bs.some((q) => hit(p, q)));
                    if (overlap) found.push(name(a) + " overlaps " + name(b));
                }
            }
            return found;
        }"""
    )
    assert overlaps == [], f"overlapping controls at {widths[1]} px: {overlaps}"


def check_screens(page, name):
    """Screenshots at phone and desktop width (test-artifacts/screens/), the layout
    checked at both; the page is left at desktop width."""
    SCREENS_DIR.mkdir(parents=True, exist_ok=True)
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        assert_layout_holds(page)
        page.screenshot(
            path=SCREENS_DIR / f"{name}-{viewport['width']}.png", full_page=True
        )
