"""The named actions the secretariat posts on a part of a meeting waiting for approval."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.utils.translation import gettext as _

from council import forms
from council.models import CouncilError


def post_publication_action(request, row, change: Callable, *, done: str, **target) -> None:
    """Run the posted action (ask, approve, return) through `change` and say how it went."""
    form = forms.PublicationStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("状態の指定が正しくありません。"))
        return
    action = row.action_to(form.cleaned_data["status"])
    try:
        change(by=request.user, **target, **form.cleaned_data)
        messages.success(request, action.done_message if action else done)
    except CouncilError as error:
        messages.error(request, str(error))
