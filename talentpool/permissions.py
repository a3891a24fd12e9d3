"""Who may do what in the talent pool. Views and templates ask these, never roles directly."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from portal.models import Organisation, Role, User
from portal.workflow import is_another_person, require, require_another_person
from talentpool.models import JobPosting, Talent, TalentPoolError
from talentpool.models.jobs import approving_role


def can_manage_pool(user: User, prefecture: Organisation | int) -> bool:
    """Coordinators of the pool's prefecture, and site admins."""
    return user.is_authenticated and (
        user.is_superuser or user.has_role(Role.PREFECTURE_COORDINATOR, prefecture)
    )


def can_book_capacity(user: User, talent: Talent, request=None) -> bool:
    """The pool's coordinators, and its prefecture's approvers (their approval books the days);
    for a talent lent to another prefecture, that prefecture's approver approving `request`, once
    the talent is shared with it and the home prefecture has consented to this request."""
    if can_manage_pool(user, talent.prefecture_id) or (
        user.is_authenticated and user.has_role(Role.PREFECTURE_APPROVER, talent.prefecture_id)
    ):
        return True
    if request is None or request.talent_id != talent.pk or request.home_consent_at is None:
        return False
    from talentpool.models import TalentSharing

    prefecture_id = request.municipality.prefecture_id
    return (
        user.is_authenticated
        and user.has_role(Role.PREFECTURE_APPROVER, prefecture_id)
        and TalentSharing.objects.filter(talent=talent, prefecture_id=prefecture_id).exists()
    )


def can_share_talent(user: User, talent: Talent) -> bool:
    """Whoever manages the talent's pool names the prefectures it is lent to."""
    return can_manage_pool(user, talent.prefecture_id)


def can_consent_to_dispatch(user: User, request) -> bool:
    """The coordinators and approvers of the talent's home prefecture consent to (or refuse) a
    request of another prefecture the talent was matched with, while it waits for their consent."""
    if not (user.is_authenticated and request.needs_home_consent):
        return False
    home = request.talent.prefecture_id
    return (
        user.is_superuser
        or user.has_role(Role.PREFECTURE_COORDINATOR, home)
        or user.has_role(Role.PREFECTURE_APPROVER, home)
    )


def can_edit_talent(user: User, talent: Talent) -> bool:
    """The talent themself, or whoever manages the pool."""
    return user.is_authenticated and (
        (talent.user_id is not None and talent.user_id == user.pk)
        or can_manage_pool(user, talent.prefecture_id)
    )


def own_profile_pk(user: User) -> int | None:
    """The user's own talent profile, if they hold the talent role (one query, once per request)."""
    if not user.is_authenticated or not any(m.role == Role.TALENT for m in user.role_memberships):
        return None
    if not hasattr(user, "_own_profile_pk"):
        user._own_profile_pk = Talent.objects.filter(user=user).values_list("pk", flat=True).first()
    return user._own_profile_pk


def can_search_pool(user: User) -> bool:
    """Anyone signed in for a local government (or a site admin) may search the pool."""
    return user.is_authenticated and (
        user.is_superuser
        or any(m.organisation.kind in Organisation.LOCAL_KINDS for m in user.role_memberships)
    )


def managed_pools(user: User):
    """The prefectures whose pools the user manages."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.prefectures()
    return Organisation.objects.prefectures().filter(pk__in=user.scope_ids(Role.PREFECTURE_COORDINATOR))


def can_manage_any_pool(user: User) -> bool:
    """Whether the pool-management pages are for this user (no query: roles are loaded)."""
    return user.is_authenticated and (user.is_superuser or bool(user.scope_ids(Role.PREFECTURE_COORDINATOR)))


def can_draft_job(user: User, organisation: Organisation) -> bool:
    """Staff or approvers of a municipality; the coordinators of a prefecture (for itself)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if organisation.is_prefecture:
        return user.has_role(Role.PREFECTURE_COORDINATOR, organisation)
    return user.has_role(Role.MUNICIPAL_STAFF, organisation) or user.has_role(
        Role.MUNICIPAL_APPROVER, organisation
    )


def can_publish_job(user: User, organisation: Organisation) -> bool:
    """The organisation's own approver publishes its postings (庁内決裁)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.has_role(approving_role(organisation), organisation)


def can_manage_talent(user: User, talent: Talent) -> bool:
    """Publishing, withdrawing and retiring a profile belong to whoever manages its pool."""
    return can_manage_pool(user, talent.prefecture_id)


def can_submit_job(user: User, posting: JobPosting) -> bool:
    """Whoever may draft for the body asks its approver to publish a posting."""
    return can_draft_job(user, posting.organisation)


def can_close_job(user: User, posting: JobPosting) -> bool:
    """The body's drafters and approvers close a published posting or reopen it as a draft."""
    return can_draft_job(user, posting.organisation) or can_publish_job(user, posting.organisation)


def require_job_approver(user: User, posting: JobPosting) -> None:
    """Say why a user may not decide on a request for approval (publish or return), if they may not."""
    require(
        can_publish_job(user, posting.organisation),
        _("公開するには、その団体の承認者の承認が必要です。"),
        TalentPoolError,
    )
    require_another_person(acted_by=posting.submitted_by, by=user, error=TalentPoolError)


def can_approve_job(user: User, posting) -> bool:
    """The body's approver, unless they asked for this approval themselves (segregation of duties)."""
    return can_publish_job(user, posting.organisation) and is_another_person(posting.submitted_by, user)


def job_organisations(user: User):
    """The organisations the user may draft postings for."""
    if user.is_superuser:
        return Organisation.objects.local_governments()
    municipal = user.scope_ids(Role.MUNICIPAL_STAFF, Role.MUNICIPAL_APPROVER)
    prefectures = user.scope_ids(Role.PREFECTURE_COORDINATOR)
    return Organisation.objects.filter(pk__in=municipal | prefectures).order_by("lg_code")


def get_talent_for(http_request, pk: int, *, edit: bool = False, manage: bool = False) -> Talent:
    """A profile the user may see (404 otherwise); 403 if editing (or managing: publishing,
    retiring) is asked and refused."""
    talent = get_object_or_404(
        Talent.objects.visible_to(http_request.user).select_related("prefecture"), pk=pk
    )
    if edit and not can_edit_talent(http_request.user, talent):
        raise PermissionDenied
    if manage and not can_manage_talent(http_request.user, talent):
        raise PermissionDenied
    return talent


def get_managed_pools_for(http_request):
    """The prefectures whose pools the user manages; 403 if there are none."""
    pools = managed_pools(http_request.user)
    if not pools.exists():
        raise PermissionDenied
    return pools


def get_job_for(http_request, pk: int, *, edit: bool = False) -> JobPosting:
    """A posting the user may see (404 otherwise); 403 if editing is asked and they may not draft for it."""
    posting = get_object_or_404(JobPosting.objects.visible_to(http_request.user).for_list_page(), pk=pk)
    if edit and not can_draft_job(http_request.user, posting.organisation):
        raise PermissionDenied
    return posting


def get_job_organisations_for(http_request):
    """The organisations the user may draft postings for; 403 if there are none."""
    organisations = job_organisations(http_request.user)
    if not organisations.exists():
        raise PermissionDenied
    return organisations


def can_edit_job(user: User, posting: JobPosting) -> bool:
    """Only drafts are edited, by those who may draft for the body."""
    return posting.status == JobPosting.Status.DRAFT and can_draft_job(user, posting.organisation)


# -- dispatch ------------------------------------------------------------------------------------


def can_edit_programme(user: User, programme) -> bool:
    """The prefecture's coordinators edit its programme settings and ask for their confirmation."""
    return can_manage_pool(user, programme.prefecture_id)


def can_confirm_programme(user: User, programme) -> bool:
    """The prefecture's approver confirms (or returns) settings someone else asked them to confirm."""
    return (
        user.is_authenticated
        and (user.is_superuser or user.has_role(Role.PREFECTURE_APPROVER, programme.prefecture_id))
        and is_another_person(programme.submitted_by, user)
    )


def can_draft_dispatch(user: User, municipality: Organisation) -> bool:
    """Staff and approvers of a municipality draft its requests."""
    return user.is_authenticated and (
        user.is_superuser
        or (
            municipality.kind in Organisation.MUNICIPAL_KINDS
            and (
                user.has_role(Role.MUNICIPAL_STAFF, municipality)
                or user.has_role(Role.MUNICIPAL_APPROVER, municipality)
            )
        )
    )


def can_edit_dispatch(user: User, request) -> bool:
    """The municipality's people edit, send, resubmit and withdraw their request."""
    return can_draft_dispatch(user, request.municipality)


def can_ok_dispatch(user: User, request) -> bool:
    """The municipality's approver gives the internal OK (庁内決裁), unless they sent it themselves."""
    return (
        user.is_authenticated
        and (user.is_superuser or user.has_role(Role.MUNICIPAL_APPROVER, request.municipality_id))
        and is_another_person(request.submitted_by, user)
    )


def can_screen_dispatch(user: User, request) -> bool:
    """The coordinators of the municipality's prefecture screen, return, match and reject."""
    return can_manage_pool(user, request.municipality.prefecture_id)


def can_approve_dispatch(user: User, request) -> bool:
    """The prefecture's approver decides, unless they sent it for approval themselves; a request
    matched with another prefecture's talent waits for that prefecture's consent first."""
    return (
        user.is_authenticated
        and (user.is_superuser or user.has_role(Role.PREFECTURE_APPROVER, request.municipality.prefecture_id))
        and is_another_person(request.submitted_by, user)
        and not request.needs_home_consent
    )


def can_confirm_dispatch_report(user: User, request) -> bool:
    """The municipality confirms the completion report once the talent has filed it."""
    return request.report_filed_at is not None and can_edit_dispatch(user, request)


def is_assigned_talent(user: User, request) -> bool:
    """The talent the request was matched with."""
    return user.is_authenticated and request.talent_id is not None and request.talent.user_id == user.pk


def can_respond_to_proposal(user: User, proposal) -> bool:
    """Only the talent asked now answers a proposal, and only while the request is being matched."""
    from talentpool.models import DispatchRequest, Proposal

    return (
        user.is_authenticated
        and proposal.status == Proposal.Status.ASKED
        and proposal.request.status == DispatchRequest.Status.MATCHING
        and proposal.talent.user_id == user.pk
    )


def can_request_dispatch(user: User) -> bool:
    """Whether the user drafts requests for some municipality (no query: roles are loaded)."""
    return user.is_authenticated and (
        user.is_superuser or bool(user.scope_ids(Role.MUNICIPAL_STAFF, Role.MUNICIPAL_APPROVER))
    )


def can_see_dispatch(user: User) -> bool:
    """Whether dispatch requests concern this user: municipalities, the prefecture, talents."""
    return user.is_authenticated and (
        user.is_superuser
        or bool(
            user.scope_ids(
                Role.MUNICIPAL_STAFF,
                Role.MUNICIPAL_APPROVER,
                Role.PREFECTURE_COORDINATOR,
                Role.PREFECTURE_APPROVER,
                Role.TALENT,
            )
        )
    )


def can_see_programmes(user: User) -> bool:
    """The prefecture's coordinators and approvers see its programme settings."""
    return user.is_authenticated and (
        user.is_superuser or bool(user.scope_ids(Role.PREFECTURE_COORDINATOR, Role.PREFECTURE_APPROVER))
    )


def dispatch_municipalities(user: User):
    """The municipalities the user may draft requests for."""
    if user.is_superuser:
        return Organisation.objects.municipalities()
    return Organisation.objects.filter(
        pk__in=user.scope_ids(Role.MUNICIPAL_STAFF, Role.MUNICIPAL_APPROVER)
    ).order_by("lg_code")


def get_dispatch_for(http_request, pk: int, *, edit: bool = False):
    """A request the user may see (404 otherwise); 403 if editing is asked and refused."""
    from talentpool.models import DispatchRequest

    request = get_object_or_404(
        DispatchRequest.objects.visible_to(http_request.user).select_related(
            "municipality",
            "municipality__prefecture",
            "theme",
            "talent",
            "talent__prefecture",
            "nominated_talent",
            "submitted_by",
            "created_by",
        ),
        pk=pk,
    )
    if edit and not (
        can_edit_dispatch(http_request.user, request)
        and request.status in (DispatchRequest.Status.DRAFT, DispatchRequest.Status.RETURNED)
    ):
        raise PermissionDenied
    return request


def get_programme_for(http_request, pk: int, *, edit: bool = False):
    """Programme settings the user may see (404 otherwise); 403 if editing is asked and refused."""
    from talentpool.models import DispatchProgramme

    programme = get_object_or_404(
        DispatchProgramme.objects.visible_to(http_request.user).select_related("prefecture", "submitted_by"),
        pk=pk,
    )
    if edit and not (
        can_edit_programme(http_request.user, programme)
        and programme.status == DispatchProgramme.Status.DRAFT
    ):
        raise PermissionDenied
    return programme
