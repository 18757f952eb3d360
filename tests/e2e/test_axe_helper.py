"""The accessibility check itself: it must fail on a page a screen-reader user could not use."""
import pytest

from tests.conftest import AccessibilityViolations

pytestmark = pytest.mark.e2e


def test_axe_reports_an_image_without_alt_text_and_an_unlabelled_field(browser, axe):
    page = browser.new_page()
    page.set_content('<html lang="en"><title>t</title><main><img src="x.png"><input type="text"></main></html>')
    with pytest.raises(AccessibilityViolations) as failure:
        axe(page)
    assert "image-alt" in str(failure.value)
    assert "label" in str(failure.value)
    page.close()
