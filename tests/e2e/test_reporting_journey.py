"""Partnership staff filter the dashboard, see charts beside their tables and download the XLSX and the SVD return;
an organisation lead opens their staff list. Real Chromium, axe on every page, no sideways scroll at 320 px."""
import io

import pytest
from openpyxl import load_workbook

from accounts import roles
from tests.factories import PASSWORD
from tests.reporting.conftest import partnership  # noqa: F401  (the hand-built partnership, shared)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in(make_user, login, role, **kwargs):
    from allauth.account.models import EmailAddress

    user = make_user(role, **kwargs)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    login(user.email, PASSWORD)
    return user


def assert_every_column_visible(page, key: str) -> None:
    """At 1280 px a table with a column per quarter shows them all, "Whole period" included, without scrolling."""
    assert page.viewport_size["width"] == 1280
    table = page.locator(f"#table-{key}")
    scroller = page.locator(f"#table-{key}").locator("xpath=..")
    widths = scroller.evaluate("box => [box.scrollWidth, box.clientWidth, "
                               "[...box.querySelectorAll('thead th')].map(th => Math.round(th.getBoundingClientRect().width))]")
    # One pixel is the rounding of a collapsed-border table's column widths, not a hidden column.
    assert widths[0] <= widths[1] + 1, f"{key} scrolls sideways at 1280 px: {widths}"
    last = table.locator("thead th").last
    assert last.inner_text().strip() == "Whole period"
    box, frame = last.bounding_box(), scroller.bounding_box()
    assert box["x"] + box["width"] <= frame["x"] + frame["width"] + 1
    # It has the page's full width, not half of it beside the chart.
    assert frame["width"] > 900


def check_page(page, axe):
    axe(page)
    page.set_viewport_size({"width": 320, "height": 900})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), page.url
    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()


def test_staff_filter_the_dashboard_and_download_the_spreadsheet_and_the_svd_return(
        page, live_server, partnership, make_user, login, axe):
    sign_in(make_user, login, roles.PARTNERSHIP_STAFF)
    page.goto("/")
    page.click("text=Reports")
    assert page.url.endswith("/dashboard/")
    page.select_option("#id_year", "2024")
    page.select_option("#id_area", label="North")
    page.click("button:has-text('Show figures')")
    page.wait_for_load_state("networkidle")
    assert "area=" in page.url
    first_row = page.locator("#table-learners tbody tr").first
    assert first_row.locator("th").inner_text() == "Learners registered"
    assert [c.strip() for c in first_row.locator("td").all_inner_texts()] == ["2", "1", "0", "0", "3"]
    assert page.locator("[data-chart-for='table-learners'] canvas").is_visible()  # the chart, above its table
    assert_every_column_visible(page, "learners")
    check_page(page, axe)

    page.click("button:has-text('Prepare Excel (XLSX)')")  # built in the background, then downloaded
    with page.expect_download() as download:
        page.click("a:has-text('Download the file')")
    workbook = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()), read_only=True)
    learners = [list(r) for r in workbook["Learners"].iter_rows(values_only=True)]
    assert learners[3] == ["Learners registered", 2, 1, 0, 0, 3]

    page.goto("/dashboard/serious-violence-duty/")
    page.select_option("#id_quarter", "2024-1")
    page.click("button:has-text('Show the return')")
    assert "<5" in page.locator("#table-svd_professionals").inner_text()
    check_page(page, axe)
    page.click("button:has-text('Prepare Excel (XLSX)')")
    with page.expect_download() as download:
        page.click("a:has-text('Download the file')")
    workbook = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()), read_only=True)
    assert workbook.sheetnames == ["Professionals trained", "Schools bleeding-control"]  # cut at a word
    assert "<5" in str([list(r) for r in workbook["Professionals trained"].iter_rows(values_only=True)])


def test_a_lead_opens_their_staff_list(page, live_server, partnership, make_user, login, axe):
    sign_in(make_user, login, roles.ORGANISATION_LEAD, organisation=partnership.police, area=partnership.north,
            full_name="Lee Lead")
    assert page.url.endswith("/dashboard/")  # a lead lands on their figures after signing in
    assert page.locator("h1").inner_text() == "Training reports: Police North"
    check_page(page, axe)
    page.click("text=Staff list and refreshers due")
    assert page.locator("h1").inner_text() == "Staff list: Police North"
    table = page.locator("[aria-label=\"Each person's modules (table)\"]").inner_text()
    assert "Pat One" in table and "Pip Two" in table and "Cal One" not in table
    check_page(page, axe)

    # A reminder to staff who have not started: what it says and who gets it, shown before sending.
    page.click("text=Remind staff who have not started")
    assert "A reminder to start your training" in page.locator("[data-reminder-subject]").inner_text()
    assert "Lee Lead" in page.locator("[data-reminder-recipients]").inner_text()
    check_page(page, axe)
    page.click("button:has-text('Send the reminder')")
    assert "The reminder is being sent to 1 person." in page.content()
    page.goto("/dashboard/staff/reminders/?kind=not_started")
    assert "sent less than a week ago" in page.content()
