"""The base layout for keyboard users, small screens and low vision."""

import pytest

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
# WCAG 2.1 AA: 4.5:1 for body text, 3:1 for large text (24px, or 18.66px bold).
CONTRAST_FAILURES_JS = """
() => {
  const channel = (value) => {
    value /= 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const rgba = (css) => {
    const parts = css.match(/[\\d.]+/g).map(Number);
    return parts.length === 3 ? [...parts, 1] : parts;
  };
  const background = (element) => {
    for (let node = element; node; node = node.parentElement) {
      const colour = rgba(getComputedStyle(node).backgroundColor);
      if (colour[3] === 1) return colour;
    }
    return [255, 255, 255, 1];
  };
  const failures = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent.trim();
    const element = walker.currentNode.parentElement;
    if (!text || element.closest("script, noscript") || !element.getClientRects().length) continue;
    const style = getComputedStyle(element);
    if (style.visibility === "hidden") continue;
    const fore = luminance(rgba(style.color));
    const back = luminance(background(element));
    const ratio = (Math.max(fore, back) + 0.05) / (Math.min(fore, back) + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) failures.push(`${text.slice(0, 40)}: ${ratio.toFixed(2)}`);
  }
  return failures;
}
"""


def test_first_tab_reaches_the_skip_link_which_moves_focus_to_main(open_page):
    """The first Tab lands on a visible "Skip to content"; Enter puts focus on main."""
    tab = open_page("/")

    tab.keyboard.press("Tab")
    focused = tab.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to content"
    box = tab.locator(":focus").bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0

    tab.keyboard.press("Enter")
    tab.wait_for_function("document.activeElement.id === 'main'", timeout=3_000)


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/accounts/signup/"])
def test_no_horizontal_scroll_on_a_phone(open_page, path):
    """At 390px wide the page fits the screen: nothing scrolls sideways."""
    tab = open_page(path, viewport=PHONE)
    widths = tab.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[1] == PHONE["width"]
    assert widths[0] <= widths[1]


def test_header_keeps_brand_and_account_links_on_a_phone(open_page):
    """On a phone the header wraps: all its links stay on screen, none overlaps another."""
    tab = open_page("/", viewport=PHONE)
    boxes = [link.bounding_box() for link in tab.locator("header a, header button").all()]
    assert boxes
    for box in boxes:
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    for index, first in enumerate(boxes):
        for second in boxes[index + 1 :]:
            apart = (
                first["x"] + first["width"] <= second["x"]
                or second["x"] + second["width"] <= first["x"]
                or first["y"] + first["height"] <= second["y"]
                or second["y"] + second["height"] <= first["y"]
            )
            assert apart, (first, second)


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/accounts/signup/"])
def test_text_meets_aa_contrast(open_page, path):
    """Every visible piece of text meets WCAG AA contrast against its background."""
    tab = open_page(path)
    assert tab.evaluate(CONTRAST_FAILURES_JS) == []


def test_field_errors_meet_aa_contrast(open_page):
    """Error messages after a bad sign-up still meet AA contrast."""
    tab = open_page("/accounts/signup/")
    tab.get_by_label("Email").fill("not-an-email")
    tab.get_by_role("button", name="Sign Up").click()
    tab.locator(".errorlist").first.wait_for()
    assert tab.evaluate(CONTRAST_FAILURES_JS) == []
