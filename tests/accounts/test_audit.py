"""The audit log: who did what, to which record, when and from where; append-only; administrators read it."""
import pytest
from django.test import RequestFactory
from django.urls import reverse

from accounts import roles
from accounts.audit import audit_record
from accounts.models import AuditEntry, AuditLogIsAppendOnly, MembershipStatus


def test_an_entry_says_who_what_which_and_from_where(make_user, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    staff, member = make_user(roles.PARTNERSHIP_STAFF), make_user()
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7",
                                    HTTP_USER_AGENT="Firefox")
    entry = audit_record(actor=staff, action="members.approve", target=member, detail="Welcome", request=request)
    entry.refresh_from_db()
    assert (entry.actor, entry.actor_label, entry.action) == (staff, staff.email, "members.approve")
    assert (entry.target_id, entry.target_label, entry.target_type.model) == (str(member.pk), str(member), "user")
    assert (str(entry.ip_address), entry.user_agent, entry.detail) == ("198.51.100.7", "Firefox", "Welcome")
    assert entry.created_at is not None


def test_entries_cannot_be_changed_or_removed(make_user):
    entry = audit_record(actor=make_user(), action="report.export")
    entry.detail = "rewritten"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(detail="rewritten")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get().detail == ""


def test_the_entry_outlives_the_actors_account(make_user):
    actor = make_user(roles.PARTNERSHIP_STAFF)
    audit_record(actor=actor, action="members.approve")
    email = actor.email
    actor.delete()
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.actor_label) == (None, email)


def test_approving_and_declining_members_are_logged(client, site_pages, make_user):
    staff = make_user(roles.PARTNERSHIP_STAFF)
    waiting = [make_user(membership_status=MembershipStatus.PENDING) for _ in range(2)]
    client.force_login(staff)
    for member, decision in zip(waiting, ("approve", "decline")):
        client.post(
            reverse("accounts:decide_member", args=[member.pk]),
            {"decision": decision, "organisation": member.organisation_id},
        )
    assert list(AuditEntry.objects.order_by("pk").values_list("action", "target_id", "actor")) == [
        ("members.approve", str(waiting[0].pk), staff.pk), ("members.decline", str(waiting[1].pk), staff.pk)]
    assert str(waiting[1].organisation) in AuditEntry.objects.get(action="members.decline").detail


def test_a_role_change_in_the_admin_is_logged(client, site_pages, make_user):
    admin = make_user(None, is_superuser=True, is_staff=True)
    person = make_user()
    client.force_login(admin)
    edit = reverse("wagtailusers_users:edit", args=[person.pk])
    from django.contrib.auth.models import Group

    staff_group = Group.objects.get(name=roles.PARTNERSHIP_STAFF)
    learner_group = Group.objects.get(name=roles.LEARNER)
    form = client.get(edit).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is True:
            data[name] = "on"
        elif value not in (None, False):
            data[name] = value
    data.update(first_name="Pat", last_name="Lee", groups=[learner_group.pk, staff_group.pk])
    response = client.post(edit, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = AuditEntry.objects.get(action="roles.change")
    assert entry.actor == admin and entry.target_id == str(person.pk)
    assert "Partnership staff" in entry.detail.split("->")[1]


def test_administrators_read_and_filter_the_log_and_cannot_edit_it(client, site_pages, make_user):
    admin = make_user(None, is_superuser=True, is_staff=True)
    audit_record(actor=admin, action="members.approve", target=admin, detail="first")
    entry = audit_record(actor=admin, action="certificate.revoke", target=admin, detail="second")
    client.force_login(admin)
    listing = client.get("/admin/audit_log/", {"action": "certificate.revoke"})
    assert listing.status_code == 200
    text = listing.content.decode()
    assert "certificate.revoke" in text and "members.approve" not in text
    assert client.get(f"/admin/audit_log/inspect/{entry.pk}/").status_code == 200
    for path in (f"/admin/audit_log/edit/{entry.pk}/", f"/admin/audit_log/delete/{entry.pk}/", "/admin/audit_log/new/"):
        response = client.post(path, {"detail": "rewritten"})
        assert response.status_code in (302, 403), path
    assert AuditEntry.objects.count() == 2
    assert AuditEntry.objects.get(pk=entry.pk).detail == "second"


@pytest.mark.parametrize("role", [roles.PARTNERSHIP_STAFF, roles.EDITOR])
def test_other_staff_cannot_read_the_log(client, site_pages, make_user, role):
    audit_record(actor=None, action="members.approve")
    client.force_login(make_user(role))
    response = client.get("/admin/audit_log/")
    assert response.status_code in (302, 403)
