"""What other apps may know of procurement projects: the council links a commonisation candidate
routed to joint procurement to the projects that realise it, through these functions only (never
through procurement's models)."""

from __future__ import annotations

from django.urls import reverse

from portal.labels import choice_label
from procurement.models import Project


def projects_for_link(user) -> list[tuple[int, str]]:
    """(id, label) of the projects this person sees, newest first: the choices for a link."""
    projects = Project.objects.visible_to(user).select_related("lead_body").order_by("-created_at", "-pk")
    return [(p.pk, f"{p.title}（{p.lead_body.name}）") for p in projects]


def project_summaries(ids, user) -> list[dict]:
    """Title, lead body, stage and page of those of `ids` this person sees (one query); the
    projects they may not see are left out, never named."""
    projects = (
        Project.objects.visible_to(user)
        .filter(pk__in=list(ids))
        .select_related("lead_body")
        .order_by("-created_at", "-pk")
    )
    return [
        {
            "id": p.pk,
            "title": p.title,
            "lead_body": p.lead_body.name,
            "stage": choice_label(p, "status"),
            "url": reverse("procurement:project-detail", args=[p.pk]),
        }
        for p in projects
    ]
