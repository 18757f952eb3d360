"""My learning lists the person's own certificates with status and downloads."""
from django.template.loader import render_to_string

from certificates import services
from certificates.selectors import certificates_for_user


def render_for(user):
    return render_to_string("certificates/includes/my_certificates.html",
                            {"certificates": certificates_for_user(user), "user": user})


def test_the_list_holds_only_my_current_certificates_newest_first(issue, learner, make_user, staff):
    first = issue(learner)
    retake = make_user()
    second = issue(retake, recipient=learner, achievement=learner.organisation,
                   achievement_title=first.achievement_title)
    someone_else = issue(make_user())
    assert list(certificates_for_user(learner)) == [second]
    assert someone_else not in certificates_for_user(learner)


def test_the_include_shows_status_and_download_links(learner, certificate):
    html = render_for(learner)
    assert certificate.achievement_title in html
    assert "Valid" in html
    assert f"/certificates/download/{certificate.code}.pdf" in html
    assert f"/certificates/download/{certificate.code}.jwt" in html
    assert certificate.get_absolute_url() in html


def test_a_revoked_certificate_shows_its_status_without_downloads(learner, certificate, staff):
    services.certificate_revoke(certificate=certificate, by=staff, reason="Error")
    html = render_for(learner)
    assert "Revoked" in html
    assert f"{certificate.code}.pdf" not in html


def test_someone_with_no_certificates_is_told_how_to_get_one(learner):
    assert "You have no certificates yet" in render_for(learner)


def test_the_selector_costs_one_query(learner, issue, make_user, django_assert_num_queries):
    for _ in range(3):
        retake = make_user()
        issue(retake, recipient=learner, achievement=retake.organisation, achievement_title="X")
    with django_assert_num_queries(1):
        html = render_for(learner)
    assert html.count("govuk-tag--green") == 2 * 3  # in the table and in the summary cards shown on phones
