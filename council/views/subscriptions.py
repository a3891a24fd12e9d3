"""Mail subscriptions for anyone, without an account: subscribe to a body, confirm the address from
the mail, and unsubscribe with one click (RFC 8058) or from the link in every mail."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from council import forms, permissions, services
from council.models import CouncilError
from council.views.bodies import _posted


def subscription_create(request, pk: int):
    body = permissions.get_body_for(request, pk)
    form = forms.SubscriptionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.subscribe(body=body, **form.cleaned_data)
        except CouncilError as error:
            form.add_error(None, str(error))
        else:
            # The same words whether a mail left or the address was throttled: nothing is revealed.
            messages.success(
                request,
                _("確認のメールを送りました。メールのリンクから登録を完了してください。")
                + _("届かない場合は、10分ほど待ってからもう一度お試しください。"),
            )
            return redirect("council:body-detail", pk=body.pk)
    return render(request, "council/subscription_form.html", {"body": body, "form": form})


def subscription_confirm(request, token: str):
    subscription = permissions.get_subscription_for_token(token, confirm=True)
    if request.method == "POST":
        subscription = services.confirm_subscription(token=token)
        messages.success(request, _("メールの購読を登録しました。"))
        return redirect("council:body-detail", pk=subscription.body_id)
    return render(request, "council/subscription_confirm.html", {"subscription": subscription})


# Mail programs send the one-click POST (List-Unsubscribe-Post) without a CSRF token; the signed
# token in the URL is what authorises it, and unsubscribing twice changes nothing.
@csrf_exempt
def subscription_unsubscribe(request, token: str):
    subscription = permissions.get_subscription_for_token(token, confirm=False)
    if request.method == "POST":
        services.unsubscribe(token=token)
        return render(request, "council/subscription_ended.html", {"body": subscription.body})
    return render(request, "council/subscription_unsubscribe.html", {"subscription": subscription})
