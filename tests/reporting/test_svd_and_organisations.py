"""The Serious Violence Duty return (suppressed, page and files agree) and organisations managed by staff."""
import pytest

from accounts import roles
from lms.reporting import svd
from lms.reporting.forms import _quarter
from tests.reporting.conftest import noon
from tests.reporting.helpers import csv_sections, page_tables, xlsx_sheets


@pytest.fixture
def staff(client, partnership, make_user):
    client.force_login(make_user(roles.PARTNERSHIP_STAFF))


def _more_completions(p, count, organisation, area, when):
    from courses.models import Enrolment
    from tests.factories import UserFactory

    for _ in range(count):
        user = UserFactory(organisation=organisation, area=area)
        enrolment = Enrolment.objects.create(user=user, course=p.module_a)
        Enrolment.objects.filter(pk=enrolment.pk).update(completed_at=when)


def test_the_return_hides_small_numbers_and_every_total_that_would_give_them_away(client, staff, partnership):
    # Q3 2024-25 (October to December): Police North 7 in North; Council South 3 in South and 9 in North.
    _more_completions(partnership, 6, partnership.police, partnership.north, noon(2024, 11, 1))  # + p1's e2
    _more_completions(partnership, 3, partnership.council, partnership.south, noon(2024, 11, 2))
    _more_completions(partnership, 9, partnership.council, partnership.north, noon(2024, 11, 3))
    table = svd.professionals(_quarter(2024, 3))
    figures = {(row[0], row[1]): row[2] for row in table.rows}
    assert figures[("Police", "North")] == 7
    assert figures[("Local authority", "South")] == "<5"
    # Council South's total (12) minus its North (9) would give 3, so both are hidden; North's column too.
    assert figures[("Local authority", "All areas")] == "[c]" or figures[("Local authority", "North")] == "[c]"
    for line_cells in (
        [figures[("Local authority", "North")], figures[("Local authority", "South")],
         figures[("Local authority", "All areas")]],
        [figures[("All sectors", "South")], figures[("Local authority", "South")]],
    ):
        assert sum(1 for value in line_cells if isinstance(value, str)) != 1
    response = client.get("/dashboard/serious-violence-duty/?quarter=2024-3")
    assert response.status_code == 200
    page = page_tables(response.content.decode())["svd_professionals"]
    exported = csv_sections(client.get("/dashboard/serious-violence-duty/return.csv?quarter=2024-3").content)
    assert exported["Professionals trained"][:-1] == page  # the last line is the note on "<5" and "[c]"
    sheets = xlsx_sheets(client.get("/dashboard/serious-violence-duty/return.xlsx?quarter=2024-3").content)
    assert [str(v) for v in sheets["Professionals trained"][3][:3]] == page[1][:3]
    assert '<5' in response.content.decode().replace("&lt;", "<")


def test_the_schools_part_counts_sessions_and_pupils_by_area(client, staff, partnership):
    table = svd.schools(_quarter(2024, 1))
    # Only b1 (North, 25 pupils) in April to June 2024: one session is "<5", and the total would show it.
    assert table.rows[0][:3] == ["North", "<5", 25]
    assert table.rows[-1][:3] == ["All areas", "<5", 25]
    assert table.rows[0][3] == 1.6  # (20 x 4 + 5 x 5) / 25 - (10 x 2 + 15 x 3) / 25


def test_a_bad_quarter_is_refused_plainly(client, staff):
    response = client.get("/dashboard/serious-violence-duty/?quarter=2099-9")
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert client.get("/dashboard/serious-violence-duty/return.csv?quarter=nonsense").status_code == 302


def test_staff_add_an_organisation_and_choose_its_leads(client, staff, partnership):
    from accounts.models import Organisation

    response = client.post("/dashboard/organisations/add/", {
        "name": "Fire North", "sector": "fire_and_rescue", "area": partnership.north.pk,
        "email_domains": "fire-north.example, @Station.Fire-North.example"})
    assert response.status_code == 302
    fire = Organisation.objects.get(name="Fire North")
    assert fire.domain_list() == ["fire-north.example", "station.fire-north.example"]
    police = partnership.police
    response = client.post(f"/dashboard/organisations/{police.pk}/", {
        "name": "Police North", "sector": "police", "area": partnership.north.pk,
        "email_domains": "police-north.example", "leads": [partnership.p1.pk]})
    assert response.status_code == 302
    assert roles.has_role(partnership.p1, roles.ORGANISATION_LEAD)
    client.post(f"/dashboard/organisations/{police.pk}/", {
        "name": "Police North", "sector": "police", "area": partnership.north.pk,
        "email_domains": "police-north.example", "leads": []})
    assert not roles.has_role(partnership.p1, roles.ORGANISATION_LEAD)


@pytest.mark.parametrize("data, message", [
    ({"email_domains": "not a domain"}, "is not an email domain"),
    ({"email_domains": "council-south.example"}, "is already an email domain of Council South"),
    ({"name": "Council South"}, "already exists"),
    ({"sector": "pirates"}, "Select a valid choice"),
])
def test_wrong_organisation_details_change_nothing_and_say_why(client, staff, partnership, data, message):
    from accounts.models import Organisation

    before = list(Organisation.objects.values_list("name", "email_domains"))
    response = client.post("/dashboard/organisations/add/", {
        "name": "Health East", "sector": "health", "email_domains": "", **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert list(Organisation.objects.values_list("name", "email_domains")) == before


def test_a_lead_can_only_be_an_approved_member(client, staff, partnership):
    response = client.post(f"/dashboard/organisations/{partnership.police.pk}/", {
        "name": "Police North", "sector": "police", "email_domains": "police-north.example",
        "leads": [partnership.c1.pk]})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not roles.has_role(partnership.c1, roles.ORGANISATION_LEAD)
