"""Talent pool pages, by subject: talent, capacity, jobs, vendors (see talentpool/urls.py)."""

from __future__ import annotations

from django.contrib import messages
from django.utils.translation import gettext as _

from talentpool.exceptions import TalentPoolError


def run_action(request, obj, change) -> None:
    """Make the named action whose button was pressed (its `status`) through the service `change`,
    and say what happened (the action's done_message) or why it was refused."""
    action = obj.action_to(request.POST.get("status", ""))
    if action is None:
        messages.error(request, _("いまはこの操作を行えません。"))
        return
    try:
        change(status=action.to, by=request.user, note=request.POST.get("note", "").strip()[:500])
    except TalentPoolError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, action.done_message)
