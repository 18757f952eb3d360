"""Partnership staff revoke and reissue certificates with a reason; every change is audited."""
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts import roles
from certificates import services
from certificates.models import Certificate, CertificateStatus

NOT_STAFF = [roles.LEARNER, roles.TEACHER, roles.INSTRUCTOR, roles.ORGANISATION_LEAD, roles.EDITOR]


def test_staff_revoke_with_a_reason_and_it_is_audited(client, certificate, staff):
    client.force_login(staff)
    response = client.post(reverse("certificates:manage_revoke", args=[certificate.code]),
                           {"revoke-reason": "Completed by someone else"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED
    event = certificate.events.get(action="revoked")
    assert (event.actor, event.reason) == (staff, "Completed by someone else")
    assert event.at is not None


def test_a_revocation_needs_a_reason(client, certificate, staff):
    client.force_login(staff)
    response = client.post(reverse("certificates:manage_revoke", args=[certificate.code]), {"revoke-reason": " "})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID
    with pytest.raises(services.CertificateError):
        services.certificate_revoke(certificate=certificate, by=staff, reason="")


def test_reissue_after_a_name_change_supersedes_and_emails_the_new_link(client, certificate, staff):
    learner = certificate.recipient
    learner.full_name = "Sam Newname"
    learner.save()
    mail.outbox.clear()
    client.force_login(staff)
    response = client.post(reverse("certificates:manage_reissue", args=[certificate.code]),
                           {"reissue-reason": "Name changed by deed poll", "reissue-recipient_name": ""})
    new = Certificate.objects.get(status=CertificateStatus.VALID)
    assert response["Location"] == reverse("certificates:manage_detail", args=[new.code])
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.SUPERSEDED
    assert certificate.superseded_by == new
    assert new.recipient_name == "Sam Newname"
    assert (new.issued_at, new.valid_until, new.cpd_hours) == (
        certificate.issued_at, certificate.valid_until, certificate.cpd_hours)
    assert new.code != certificate.code
    assert [m.to for m in mail.outbox] == [[learner.email]]
    assert new.get_verify_url() in mail.outbox[0].body
    for item in (certificate.events.get(action="superseded"), new.events.get(action="reissued")):
        assert (item.actor, item.reason) == (staff, "Name changed by deed poll")


def test_a_replaced_certificate_cannot_be_revoked_or_reissued_again(certificate, staff):
    services.certificate_reissue(certificate=certificate, by=staff, reason="Typo")
    for change in (services.certificate_revoke, services.certificate_reissue):
        with pytest.raises(services.CertificateError):
            change(certificate=certificate, by=staff, reason="Again")


@pytest.mark.parametrize("role", NOT_STAFF)
def test_only_partnership_staff_manage_certificates(client, certificate, make_user, role):
    person = make_user(role)
    client.force_login(person)
    for name in ("manage_list", "export_list"):
        assert client.get(reverse(f"certificates:{name}")).status_code == 403
    assert client.get(reverse("certificates:manage_detail", args=[certificate.code])).status_code == 403
    assert client.post(reverse("certificates:manage_revoke", args=[certificate.code]),
                       {"revoke-reason": "x"}).status_code == 403
    assert client.post(reverse("certificates:manage_reissue", args=[certificate.code]),
                       {"reissue-reason": "x"}).status_code == 403
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID
    with pytest.raises(PermissionDenied):
        services.certificate_revoke(certificate=certificate, by=person, reason="x")


def test_the_staff_list_filters_and_shows_the_history(client, certificate, staff, issue, make_user):
    other = issue(make_user(full_name="Zed Other"))
    client.force_login(staff)
    search = {"search": certificate.display_code.lower()}
    text = client.get(reverse("certificates:manage_list"), search).content.decode()
    assert certificate.recipient_name in text and "Zed Other" not in text
    text = client.get(reverse("certificates:manage_list"), {"search": "zed"}).content.decode()
    assert "Zed Other" in text and certificate.recipient_name not in text
    value = f"{other.achievement_content_type_id}-{other.achievement_object_id}"
    text = client.get(reverse("certificates:manage_list"), {"achievement": value}).content.decode()
    assert "Zed Other" in text and certificate.recipient_name not in text
    detail = client.get(reverse("certificates:manage_detail", args=[certificate.code])).content.decode()
    assert "Issued" in detail and "Emailed to the holder" in detail


def test_the_staff_list_query_count_does_not_grow_with_rows(client, staff, issue, make_user,
                                                            django_assert_max_num_queries):
    for _ in range(3):
        issue(make_user())
    client.force_login(staff)
    # 13 includes the staff member's second-factor check, which every staff page makes once.
    with django_assert_max_num_queries(13):
        client.get(reverse("certificates:manage_list"))
    for _ in range(6):
        issue(make_user())
    with django_assert_max_num_queries(13):
        response = client.get(reverse("certificates:manage_list"))
    assert response.content.decode().count("govuk-tag--green") == 9


def test_staff_find_certificates_in_the_admin_menu(client, staff, make_user):
    from accounts.roles import ensure_roles

    ensure_roles()
    client.force_login(staff)
    assert reverse("certificates:manage_list") in client.get("/admin/").content.decode()
    client.force_login(make_user(roles.EDITOR))
    assert reverse("certificates:manage_list") not in client.get("/admin/").content.decode()
