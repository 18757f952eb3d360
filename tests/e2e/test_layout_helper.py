"""The 320 px check itself: it must fail on a page that makes a phone user scroll sideways."""
import pytest

from tests.e2e.layout import SidewaysScroll, assert_no_sideways_scroll

pytestmark = pytest.mark.e2e


def test_a_page_wider_than_320_px_fails_and_names_the_element(browser):
    page = browser.new_page()
    page.set_content('<html lang="en"><body><main><table id="wide"><tr><td style="white-space:nowrap">'
                     + "word " * 40 + "</td></tr></table></main></body></html>")
    with pytest.raises(SidewaysScroll) as failure:
        assert_no_sideways_scroll(page)
    assert "table#wide" in str(failure.value)
    page.close()


def test_a_page_that_reflows_passes_and_keeps_its_window_size(browser):
    page = browser.new_page(viewport={"width": 1024, "height": 768})
    page.set_content('<html lang="en"><body><main><p>' + "word " * 200 + "</p></main></body></html>")
    assert_no_sideways_scroll(page)
    assert page.viewport_size == {"width": 1024, "height": 768}
    page.close()
