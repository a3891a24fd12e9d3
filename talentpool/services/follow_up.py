"""The follow-up survey (追跡調査) in the fiscal year after a completed dispatch: asked by beat,
answered by the municipality."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit import record
from portal.dates import fiscal_year, today
from portal.models import User
from portal.notifications import notify
from portal.workflow import require
from talentpool import permissions
from talentpool.models import Assignment, DispatchRequest, FollowUpSurvey, TalentPoolError
from talentpool.services.dispatch import S, _context, _people


def municipal_people(request: DispatchRequest) -> list[User]:
    """The municipality's staff and approvers on the portal."""
    people = {
        u.pk: u for role in DispatchRequest.MUNICIPAL_ROLES for u in _people(role, request.municipality_id)
    }
    return list(people.values())


def ask_follow_up_surveys(*, day: datetime.date | None = None) -> int:
    """Ask each municipality about its dispatches completed that ended in the previous fiscal year,
    once per assignment (the row is the marker: a second run, or a second worker, asks nobody)."""
    day = day or today()
    year = fiscal_year(day)
    first, last = datetime.date(year - 1, 4, 1), datetime.date(year, 3, 31)
    due = Assignment.objects.filter(
        request__status=S.COMPLETED, end_date__gte=first, end_date__lte=last, follow_up__isnull=True
    ).select_related("request__municipality")
    asked = 0
    for assignment in due:
        try:
            with transaction.atomic():
                FollowUpSurvey.objects.create(assignment=assignment, fiscal_year=year)
                request = assignment.request
                record(request, "dispatch.follow_up_asked", actor=None, scope=request.municipality)
                notify(
                    "dispatch.follow_up",
                    target=request,
                    recipients=municipal_people(request),
                    context=_context(request, None),
                )
        except IntegrityError:
            continue  # another run asked it meanwhile
        asked += 1
    return asked


@transaction.atomic
def answer_follow_up_survey(
    *, survey: FollowUpSurvey, lasting: str, outcome: str, further_needs: str, by: User
) -> FollowUpSurvey:
    """The municipality answers its follow-up survey, once."""
    survey = (
        FollowUpSurvey.objects.select_for_update(of=("self",))
        .select_related("assignment__request__municipality")
        .get(pk=survey.pk)
    )
    request = survey.assignment.request
    require(
        permissions.can_edit_dispatch(by, request),
        _("追跡調査に回答できるのは、派遣を受けた団体の職員です。"),
        TalentPoolError,
    )
    require(survey.answered_at is None, _("この追跡調査には回答済みです。"), TalentPoolError)
    require(
        lasting in FollowUpSurvey.Lasting.values and outcome.strip(),
        _("成果が活かされているかを選び、支援の後に実現したことを入力してください。"),
        TalentPoolError,
    )
    survey.lasting, survey.outcome, survey.further_needs = lasting, outcome.strip(), further_needs.strip()
    survey.answered_by, survey.answered_at = by, timezone.now()
    survey.save()
    record(
        request,
        "dispatch.follow_up_answered",
        actor=by,
        scope=request.municipality,
        data={"lasting": lasting},
    )
    return survey
