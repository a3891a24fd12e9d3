"""Password reset, email verification and sign-in rate limits (django-allauth, as configured)."""

import re

from django.core import mail

from tests.conftest import PASSWORD
from tests.portal.factories import sign_in


def test_password_reset_mails_a_link_that_sets_a_new_password(
    client, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # allauth's mail leaves the outbox after commit
        response = client.post("/accounts/password/reset/", {"email": staff.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+(/accounts/password/reset/key/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": "Atarashii-2026-pw", "password2": "Atarashii-2026-pw"},
    )
    assert done.status_code == 302
    staff.refresh_from_db()
    assert staff.check_password("Atarashii-2026-pw")


def test_password_reset_does_not_reveal_unknown_addresses(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": "nobody@nowhere.test"})
    assert response.status_code == 302
    assert all("nobody@nowhere.test" not in m.to for m in mail.outbox if "key" in m.body)


def test_repeated_failed_sign_ins_are_rate_limited(client, staff):
    for _ in range(5):
        page = client.post("/accounts/login/", {"login": staff.email, "password": "wrong"}).content.decode()
        assert "ログイン失敗が連続しています" not in page
    # From the sixth try, even the right password is refused while the limit holds.
    response = client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "ログイン失敗が連続しています。時間が経ってからやり直してください。" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_changed_email_must_be_verified_before_it_counts(client, staff, django_capture_on_commit_callbacks):
    sign_in(client, staff)
    response = client.post("/accounts/email/", {"action_add": "", "email": "new-address@jinseki.test"})
    assert response.url.startswith("/accounts/reauthenticate/")  # a security-sensitive change
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response.url, {"password": PASSWORD})  # allauth then carries out the change asked for
    assert len(mail.outbox) == 1
    assert "new-address@jinseki.test" in mail.outbox[0].to
    assert not staff.emailaddress_set.get(email="new-address@jinseki.test").verified
