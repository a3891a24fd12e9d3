"""The printable forms municipalities file for a dispatch (after the 地域情報化アドバイザー programme):
様式Ⅰ the request, 様式Ⅱ the candidates the prefecture proposes, 様式Ⅲ the talent's acceptance."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from talentpool.models import DispatchRequest, Proposal

TITLES = {
    "request": _("様式Ⅰ 派遣依頼書"),
    "proposal": _("様式Ⅱ 選定確認書"),
    "acceptance": _("様式Ⅲ 受諾確認書"),
}


def available_documents(dispatch: DispatchRequest, proposals: list[Proposal]) -> list[tuple[str, str]]:
    """The forms this request has reached: the request always, the proposal once candidates were
    proposed, the acceptance once one accepted."""
    names = ["request"]
    if proposals:
        names.append("proposal")
    if any(p.status == Proposal.Status.ACCEPTED for p in proposals):
        names.append("acceptance")
    return [(name, TITLES[name]) for name in names]


def document_data(dispatch: DispatchRequest, name: str) -> dict:
    """What the form shows (404 for a form the request has not reached), in a fixed number of queries."""
    if name not in TITLES:
        raise Http404
    proposals = list(
        dispatch.proposals.select_related("talent__prefecture", "proposed_by").order_by("rank")
        if name != "request"
        else ()
    )
    accepted = next((p for p in proposals if p.status == Proposal.Status.ACCEPTED), None)
    if (name == "proposal" and not proposals) or (name == "acceptance" and accepted is None):
        raise Http404
    dated = {
        "request": dispatch.sent_at,
        "proposal": min((p.created_at for p in proposals), default=None),
        "acceptance": accepted.answered_at if accepted else None,
    }[name]
    return {
        "dispatch": dispatch,
        "document": name,
        "title": TITLES[name],
        "dated": dated,
        "prefecture": dispatch.municipality.prefecture,
        "roles": list(dispatch.roles_needed.select_related("role", "level")) if name == "request" else [],
        "attachments": list(dispatch.attachments.all()) if name == "request" else [],
        "proposals": proposals,
        "accepted": accepted,
    }
