"""Revoking and reissuing certificates and exporting them appear in the staff audit log, with the address."""
from django.urls import reverse

from accounts.models import AuditEntry


def test_revocation_and_reissue_are_in_the_audit_log(client, certificate, issue, make_user, staff):
    client.force_login(staff)
    client.post(reverse("certificates:manage_reissue", args=[certificate.code]),
                {"reissue-reason": "Name changed", "reissue-recipient_name": "Alex New"},
                REMOTE_ADDR="192.0.2.44")
    reissue = AuditEntry.objects.get(action="certificate.reissue")
    assert (reissue.actor, reissue.target_id, str(reissue.ip_address)) == (staff, str(certificate.pk), "192.0.2.44")
    assert "Name changed" in reissue.detail

    other = issue(make_user())
    client.post(reverse("certificates:manage_revoke", args=[other.code]), {"revoke-reason": "Done by someone else"})
    revoke = AuditEntry.objects.get(action="certificate.revoke")
    assert (revoke.actor, revoke.target_id, revoke.detail) == (staff, str(other.pk), "Done by someone else")


def test_a_refused_revocation_is_not_logged(client, certificate, staff):
    client.force_login(staff)
    client.post(reverse("certificates:manage_revoke", args=[certificate.code]), {"revoke-reason": ""})
    assert not AuditEntry.objects.filter(action="certificate.revoke").exists()


def test_requesting_an_export_is_logged(client, certificate, staff, django_capture_on_commit_callbacks):
    from django.utils import timezone

    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("certificates:export_list"), {"issued_to": timezone.localdate().isoformat()})
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert AuditEntry.objects.filter(action="report.export", actor=staff).count() == 1
