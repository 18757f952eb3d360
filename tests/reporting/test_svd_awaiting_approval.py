"""The SVD return warns when learners it counts as "not in a partner organisation" are only waiting for approval."""
from accounts import roles
from accounts.models import MembershipStatus, User


def test_the_return_says_who_is_waiting_for_approval_and_where_they_would_count(client, partnership, make_user):
    client.force_login(make_user(roles.PARTNERSHIP_STAFF))
    page = client.get("/dashboard/serious-violence-duty/?quarter=2024-1").content.decode()
    # Pam Three (Police North, pending) completed module A on 30 April 2024.
    warning = page.split("data-awaiting-approval", 1)[1].split("</ul>", 1)[0]
    assert "1 learner trained this quarter is waiting for approval" in warning
    assert "Police North (Police): 1" in warning
    assert "/account/members/pending/" in page or "members/pending" in page

    User.objects.filter(pk=partnership.p3.pk).update(membership_status=MembershipStatus.APPROVED)
    page = client.get("/dashboard/serious-violence-duty/?quarter=2024-1").content.decode()
    assert "data-awaiting-approval" not in page


def test_no_warning_when_nobody_is_waiting(client, partnership, make_user):
    client.force_login(make_user(roles.PARTNERSHIP_STAFF))
    page = client.get("/dashboard/serious-violence-duty/?quarter=2024-3").content.decode()
    assert "data-awaiting-approval" not in page
