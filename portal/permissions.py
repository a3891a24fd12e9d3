"""Who may do what in the portal's own pages. Views and templates ask these, never roles directly."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from portal.models import (
    AuditEvent,
    Invitation,
    Membership,
    Organisation,
    PopulationImport,
    RegionalFramework,
    Role,
    User,
    hash_token,
)


def can_manage_members(user: User, organisation: Organisation) -> bool:
    """Site admins; coordinators for their prefecture and its municipalities; secretariat for its council."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return organisation.kind != Organisation.Kind.WARD
    if organisation.is_council:
        return user.has_role(Role.COUNCIL_SECRETARIAT, organisation)
    if organisation.is_prefecture:
        return user.has_role(Role.PREFECTURE_COORDINATOR, organisation)
    if organisation.is_municipality:
        return user.has_role(Role.PREFECTURE_COORDINATOR, organisation.prefecture_id)
    return False


def can_edit_dx_staff(user: User, organisation: Organisation) -> bool:
    """Whoever manages a municipality's members (its prefecture's coordinators, site admins) keeps
    its DX staff count: the figure ranks the waitlist, so the municipality does not rank itself."""
    return organisation.is_municipality and can_manage_members(user, organisation)


def can_invite(user: User, organisation: Organisation, role: str) -> bool:
    """Whether the user may invite someone to this organisation with this role."""
    return can_manage_members(user, organisation) and organisation.kind in Role.allowed_kinds(role)


def can_manage_any_members(user: User) -> bool:
    """Whether the member-management pages are for this user at all."""
    return user.is_authenticated and (
        user.is_superuser or bool(user.scope_ids(Role.PREFECTURE_COORDINATOR, Role.COUNCIL_SECRETARIAT))
    )


def can_edit_framework(user: User, framework: RegionalFramework) -> bool:
    """Coordinators of the framework's prefecture, and site admins."""
    return user.is_authenticated and (
        user.is_superuser or user.has_role(Role.PREFECTURE_COORDINATOR, framework.prefecture_id)
    )


def can_import_population(user: User) -> bool:
    """Site admins (nationwide) and prefecture coordinators (their prefecture)."""
    return user.is_authenticated and (user.is_superuser or bool(user.scope_ids(Role.PREFECTURE_COORDINATOR)))


def importable_prefectures(user: User):
    """Prefectures whose population this user may import."""
    if user.is_superuser:
        return Organisation.objects.prefectures()
    return Organisation.objects.prefectures().filter(pk__in=user.scope_ids(Role.PREFECTURE_COORDINATOR))


def can_handle_import(user: User, population_import: PopulationImport) -> bool:
    """Whoever may see a preview may apply or discard it (its uploader, its coordinators, admins)."""
    return population_import.is_visible_to(user)


def can_view_history(user: User, organisation: Organisation | None) -> bool:
    """The audit history of an object is shown to those who manage its organisation."""
    return organisation is not None and can_manage_members(user, organisation)


def can_view_audit_log(user: User) -> bool:
    """The whole audit log is for site admins and for coordinators or secretariat of their scope."""
    return can_manage_any_members(user)


def get_framework_for(http_request, lg_code: str, *, edit: bool = False) -> RegionalFramework:
    """The framework of a prefecture (public); 403 if editing is asked and refused."""
    framework = get_object_or_404(
        RegionalFramework.objects.select_related("prefecture"), prefecture__lg_code=lg_code
    )
    if edit and not can_edit_framework(http_request.user, framework):
        raise PermissionDenied
    return framework


def get_membership_for(http_request, pk: int) -> Membership:
    """A membership the user may manage (404 otherwise)."""
    qs = Membership.objects.visible_to(http_request.user).for_list_page()
    membership = get_object_or_404(qs, pk=pk)
    if not can_manage_members(http_request.user, membership.organisation):
        raise PermissionDenied
    return membership


def get_invitation_for(http_request, pk: int) -> Invitation:
    """An invitation to an organisation the user manages (404 otherwise)."""
    return get_object_or_404(Invitation.objects.visible_to(http_request.user).for_list_page(), pk=pk)


def get_import_for(http_request, pk: int) -> PopulationImport:
    """A population import the user may see (404 otherwise)."""
    if not can_import_population(http_request.user):
        raise PermissionDenied
    qs = PopulationImport.objects.visible_to(http_request.user).select_related("prefecture", "uploaded_by")
    return get_object_or_404(qs, pk=pk)


def audit_events_for(user: User):
    """The audit events a user may read."""
    return AuditEvent.objects.visible_to(user)


def get_organisation_for(http_request, lg_code: str, *, edit_dx_staff: bool = False) -> Organisation:
    """A local government's public page (404 if there is none), with its latest population; 403 if
    editing its DX staff count is asked and refused."""
    queryset = Organisation.objects.with_latest_population().select_related("prefecture", "parent")
    organisation = get_object_or_404(queryset, lg_code=lg_code)
    if edit_dx_staff and not can_edit_dx_staff(http_request.user, organisation):
        raise PermissionDenied
    return organisation


def get_invitation_by_token(token: str) -> Invitation | None:
    """The invitation a mailed link names (usable or not, for the page that explains), or None."""
    return Invitation.objects.select_related("organisation").filter(token_hash=hash_token(token)).first()


def get_importable_prefectures_for(http_request):
    """The prefectures whose population the user may import; 403 if they may not import at all."""
    if not can_import_population(http_request.user):
        raise PermissionDenied
    return importable_prefectures(http_request.user)
