"""Layout checks for browser journeys: every page reflows at 320 CSS px without sideways scrolling (WCAG 1.4.10)."""

NARROW_WIDTH = 320

# The widest elements that stick out past the right edge, so a failure says what to fix.
_OVERFLOWING = """(width) => {
  const found = [];
  for (const element of document.querySelectorAll('body *')) {
    const box = element.getBoundingClientRect();
    if (box.width && box.right > width + 1) {
      const style = getComputedStyle(element);
      if (style.position === 'fixed' || style.visibility === 'hidden') continue;
      let name = element.tagName.toLowerCase();
      if (element.id) name += '#' + element.id;
      if (element.classList.length) name += '.' + [...element.classList].slice(0, 2).join('.');
      found.push(`${name} (right edge ${Math.round(box.right)} px)`);
    }
  }
  return found.slice(0, 8);
}"""


class SidewaysScroll(AssertionError):
    pass


def assert_no_sideways_scroll(page, *, width: int = NARROW_WIDTH) -> None:
    """Fail if the page, shown `width` CSS px wide, is wider than the window; the viewport is restored after."""
    original = page.viewport_size
    page.set_viewport_size({"width": width, "height": 720})
    try:
        page.wait_for_timeout(50)  # let the layout settle after the resize
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            offenders = page.evaluate(_OVERFLOWING, width)
            raise SidewaysScroll(
                f"{page.url} scrolls sideways by {overflow} px at {width} px wide: " + "; ".join(offenders)
            )
    finally:
        if original:
            page.set_viewport_size(original)
