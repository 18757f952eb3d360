"""Forgotten passwords: a reset link by email that works once."""
import re

from allauth.account.models import EmailAddress
from django.core import mail


def test_password_reset_email_lets_the_person_choose_a_new_password(client, learner):
    EmailAddress.objects.create(user=learner, email=learner.email, verified=True, primary=True)
    response = client.post("/account/password/reset/", {"email": learner.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/account/password/reset/key/[^\s]+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    new_password = "a-new-and-unusual-passphrase-77"
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.check_password(new_password)


def test_a_reset_for_an_unknown_address_answers_exactly_as_for_a_known_one(client, learner):
    EmailAddress.objects.create(user=learner, email=learner.email, verified=True, primary=True)
    known = client.post("/account/password/reset/", {"email": learner.email})
    unknown = client.post("/account/password/reset/", {"email": "nobody-here@example.org"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert client.get(known["Location"]).content == client.get(unknown["Location"]).content
    assert [message.to for message in mail.outbox][0] == [learner.email]
