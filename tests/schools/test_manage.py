"""Partnership staff add and correct schools and keep the closure dates (school holidays)."""
import datetime

import pytest

from accounts import roles
from accounts.models import Area
from schools.models import ClosureDate, School
from schools.selectors import closure_for_date, closures_between, is_closed, school_search
from tests.schools.factories import ClosureDateFactory, SchoolFactory, SchoolMembershipFactory

pytestmark = pytest.mark.django_db

SCHOOL = {
    "urn": "990201", "name": "Pewsey Vale School", "establishment_type": "Community school", "phase": "Secondary",
    "statutory_low_age": "11", "statutory_high_age": "16", "local_authority": "Wiltshire", "area": "",
    "street": "Wilcot Road", "locality": "", "address3": "", "town": "Pewsey", "postcode": "sn9 5ea",
    "status": "open", "website": "www.pewseyvale.wilts.sch.uk", "email_domains": "@PewseyVale.wilts.sch.uk, pv.example",
}


@pytest.fixture
def staff(client, make_user):
    client.force_login(make_user(roles.PARTNERSHIP_STAFF))
    return client


def test_staff_add_a_school_by_hand_and_teachers_can_find_it(staff):
    wiltshire = Area.objects.create(name="Wiltshire", slug="wiltshire")
    response = staff.post("/schools/manage/schools/add/", SCHOOL, follow=True)
    assert "Pewsey Vale School has been added." in response.content.decode()
    school = School.objects.get(urn=990201)
    assert (school.postcode, school.area, school.website) == ("SN9 5EA", wiltshire, "https://www.pewseyvale.wilts.sch.uk")
    assert school.domain_list() == ["pewseyvale.wilts.sch.uk", "pv.example"]
    assert school_search(query="pewsey vale") == [school]


def test_staff_correct_a_school_and_search_follows_the_new_name(staff):
    school = SchoolFactory(name="Old Name Academy")
    data = {**SCHOOL, "urn": str(school.urn), "name": "New Name Academy"}
    staff.post(f"/schools/manage/schools/{school.pk}/", data)
    school.refresh_from_db()
    assert school.name == "New Name Academy"
    assert school_search(query="new name") == [school] and school_search(query="old name") == []


@pytest.mark.parametrize("change, message", [
    ({"urn": ""}, "Enter the school&#x27;s URN"),
    ({"urn": "abc"}, "The URN must be a whole number"),
    ({"name": ""}, "Enter the school&#x27;s name."),
    ({"postcode": "SN9"}, "Enter a real postcode, like SN10 2PH."),
    ({"email_domains": "not a domain"}, "is not an email domain"),
    ({"statutory_low_age": "16", "statutory_high_age": "11"}, "The highest age must be the same as or more"),
    ({"urn": "990001"}, "Another school already has this URN."),
])
def test_bad_school_details_get_a_specific_message_and_change_nothing(staff, change, message):
    SchoolFactory(urn=990001)
    response = staff.post("/schools/manage/schools/add/", {**SCHOOL, **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert School.objects.count() == 1


def test_school_list_filters_and_keeps_its_query_count(staff, django_assert_max_num_queries):
    SchoolFactory()
    with django_assert_max_num_queries(14) as few:
        staff.get("/schools/manage/schools/")
    for n in range(29):
        school = SchoolFactory(local_authority="Swindon" if n % 2 else "Wiltshire", town="Swindon" if n % 2 else "Devizes")
        SchoolMembershipFactory(school=school, status="approved")
    SchoolFactory(name="Closed Academy", status="closed")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = staff.get("/schools/manage/schools/").content.decode()
    assert "31 schools" in page
    assert "31 schools" not in staff.get("/schools/manage/schools/", {"status": "open"}).content.decode()
    assert "14 schools" in staff.get("/schools/manage/schools/", {"local_authority": "Swindon"}).content.decode()
    assert "1 school" in staff.get("/schools/manage/schools/", {"q": "closed academy"}).content.decode()
    assert staff.get("/schools/manage/schools/", {"page": "999", "status": "bogus"}).status_code == 200


def test_staff_add_list_and_remove_closure_dates(staff, django_assert_max_num_queries):
    swindon = Area.objects.create(name="Swindon", slug="swindon")
    response = staff.post("/schools/manage/closures/add/", {
        "name": "Summer holidays", "start_date": "2030-07-23", "end_date": "2030-09-02", "area": "",
    }, follow=True)
    assert "Summer holidays has been added." in response.content.decode()
    staff.post("/schools/manage/closures/add/", {
        "name": "INSET day", "start_date": "2030-06-03", "end_date": "2030-06-03", "area": swindon.pk,
    })
    with django_assert_max_num_queries(10) as few:
        staff.get("/schools/manage/closures/")
    for n in range(10):
        ClosureDateFactory(start_date=datetime.date(2031, 1, 1) + datetime.timedelta(days=n * 10))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = staff.get("/schools/manage/closures/").content.decode()
    assert "Summer holidays" in page and "INSET day" in page and "Swindon" in page and "Everywhere" in page
    closure = ClosureDate.objects.get(name="Summer holidays")
    assert "Remove Summer holidays?" in staff.get(f"/schools/manage/closures/{closure.pk}/delete/").content.decode()
    staff.post(f"/schools/manage/closures/{closure.pk}/delete/")
    assert not ClosureDate.objects.filter(name="Summer holidays").exists()


@pytest.mark.parametrize("data, message", [
    ({"name": "", "start_date": "2030-01-01", "end_date": "2030-01-02"}, "Enter a name for the closure"),
    ({"name": "X", "start_date": "", "end_date": "2030-01-02"}, "Enter the first day of the closure."),
    ({"name": "X", "start_date": "2030-02-30", "end_date": "2030-03-02"}, "Enter the first day as a real date."),
    ({"name": "X", "start_date": "2030-01-05", "end_date": "2030-01-02"}, "The last day must be the same as or after"),
    ({"name": "X", "start_date": "2030-01-01", "end_date": "2032-01-02"}, "A closure can last at most a year."),
])
def test_bad_closure_dates_get_a_specific_message_and_add_nothing(staff, data, message):
    response = staff.post("/schools/manage/closures/add/", {"area": "", **data})
    assert message in response.content.decode()
    assert not ClosureDate.objects.exists()


def test_past_closures_are_hidden_until_asked_for(staff):
    ClosureDateFactory(name="Long ago", start_date=datetime.date(2001, 1, 1), end_date=datetime.date(2001, 1, 5))
    assert "Long ago" not in staff.get("/schools/manage/closures/").content.decode()
    assert "Long ago" in staff.get("/schools/manage/closures/", {"past": "1"}).content.decode()


def test_closure_lookups_respect_the_area():
    wiltshire = Area.objects.create(name="Wiltshire", slug="wiltshire")
    swindon = Area.objects.create(name="Swindon", slug="swindon")
    everywhere = ClosureDateFactory(name="Christmas", start_date=datetime.date(2030, 12, 20), end_date=datetime.date(2031, 1, 3))
    local = ClosureDateFactory(name="Swindon INSET", start_date=datetime.date(2030, 6, 3), end_date=datetime.date(2030, 6, 3), area=swindon)
    assert closure_for_date(day=datetime.date(2031, 1, 3), area=wiltshire) == everywhere
    assert closure_for_date(day=datetime.date(2031, 1, 4), area=wiltshire) is None
    assert closure_for_date(day=datetime.date(2030, 6, 3), area=swindon) == local
    assert closure_for_date(day=datetime.date(2030, 6, 3), area=wiltshire) is None
    term = closures_between(start=datetime.date(2030, 6, 1), end=datetime.date(2030, 12, 31), area=swindon)
    assert term == [local, everywhere]
    assert is_closed(day=datetime.date(2030, 12, 25), closures=term)
    assert not is_closed(day=datetime.date(2030, 6, 4), closures=term)


@pytest.mark.parametrize("role, status", [
    ("anonymous", 302), (roles.LEARNER, 403), (roles.TEACHER, 403), (roles.INSTRUCTOR, 403),
    (roles.ORGANISATION_LEAD, 403), (roles.PARTNERSHIP_STAFF, 200), (roles.EDITOR, 403),
])
def test_who_may_open_a_schools_edit_and_closure_removal_pages(client, make_user, role, status):
    school = SchoolFactory()
    closure = ClosureDateFactory()
    if role != "anonymous":
        client.force_login(make_user(role))
    assert client.get(f"/schools/manage/schools/{school.pk}/").status_code == status
    assert client.get(f"/schools/manage/closures/{closure.pk}/delete/").status_code == status
    # Linking to an open school is open to anyone signed in.
    assert client.get(f"/schools/join/{school.urn}/").status_code == (302 if role == "anonymous" else 200)


def test_the_wagtail_admin_lists_and_searches_schools(staff):
    SchoolFactory(name="Avonmead Academy")
    SchoolFactory(name="Kennet Downs School")
    listing = staff.get("/admin/snippets/schools/school/").content.decode()
    assert "Avonmead Academy" in listing and "Kennet Downs School" in listing
    found = staff.get("/admin/snippets/schools/school/", {"q": "avonmead"}).content.decode()
    assert "Avonmead Academy" in found and "Kennet Downs School" not in found
