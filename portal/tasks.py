"""Background work of the portal spine."""

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=8)
def send_invitation_email(self, invitation_id: int, token: str) -> bool:
    """Mail an invitation link once; a retried or duplicated task finds the sent marker and stops."""
    from portal.models import Invitation, hash_token

    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("organisation", "invited_by")
            .get(pk=invitation_id)
        )
        # A resend replaces the token: a task carrying the old one must not mail a dead link.
        if invitation.email_sent_at or invitation.token_hash != hash_token(token) or not invitation.is_usable:
            return False
        with translation.override(invitation.language):
            context = {
                "invitation": invitation,
                "accept_url": settings.SITE_URL + reverse("portal:invitation-accept", args=[token]),
                "site_url": settings.SITE_URL,
            }
            subject = render_to_string("emails/invitation_subject.txt", context).strip()
            body = render_to_string("emails/invitation_body.txt", context)
            html = render_to_string("emails/invitation_body.html", context)
        message = EmailMultiAlternatives(subject, body, to=[invitation.email])
        message.attach_alternative(html, "text/html")
        message.send()
        invitation.email_sent_at = timezone.now()
        invitation.save(update_fields=["email_sent_at"])
    return True
