"""Who may do what in joint procurement. Views, templates and the models' named actions ask these."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from portal.models import Organisation, Role, User
from portal.workflow import is_another_person
from procurement.models import (
    Consolidation,
    Document,
    DocumentVersion,
    Participant,
    Project,
    Requirement,
    ShareConfirmation,
    SystemUse,
    Vendor,
)
from procurement.models.requirements import DECIDING_STAGES

LEAD_ROLES = (Role.PREFECTURE_COORDINATOR, Role.COUNCIL_SECRETARIAT)


def can_create_project(user: User) -> bool:
    """Coordinators of a prefecture and council secretariats lead joint procurements (and site admins)."""
    return user.is_authenticated and (user.is_superuser or bool(user.scope_ids(*LEAD_ROLES)))


def lead_bodies(user: User):
    """The bodies this person may lead a procurement for."""
    kinds = [Organisation.Kind.PREFECTURE, Organisation.Kind.COUNCIL]
    if user.is_superuser:
        return Organisation.objects.filter(kind__in=kinds).order_by("lg_code", "name")
    return Organisation.objects.filter(kind__in=kinds, pk__in=user.scope_ids(*LEAD_ROLES)).order_by("lg_code")


def can_manage_project(user: User, project: Project) -> bool:
    """The lead body's coordinators (or a council's secretariat), and site admins."""
    return user.is_authenticated and (
        user.is_superuser or bool(user.scope_ids(*LEAD_ROLES) & {project.lead_body_id})
    )


def is_participant_member(user: User, participant: Participant) -> bool:
    """Staff or approver of the participant's municipality."""
    return user.is_authenticated and bool(
        user.scope_ids(Role.MUNICIPAL_STAFF, Role.MUNICIPAL_APPROVER) & {participant.municipality_id}
    )


def can_answer_survey(user: User, participant: Participant) -> bool:
    """Municipal staff answer for their municipality (its approver then confirms)."""
    return (
        user.is_authenticated
        and participant.status == Participant.Status.INVITED
        and participant.project.status == Project.Status.SURVEY
        and user.has_role(Role.MUNICIPAL_STAFF, participant.municipality_id)
    )


def can_confirm_answer(user: User, participant: Participant) -> bool:
    """The municipality's approver, who is not the person who answered."""
    return user.has_role(Role.MUNICIPAL_APPROVER, participant.municipality_id) and is_another_person(
        participant.answered_by, user
    )


def can_return_answer(user: User, participant: Participant) -> bool:
    """The municipality's approver sends an answer back to its staff."""
    return user.has_role(Role.MUNICIPAL_APPROVER, participant.municipality_id)


def can_withdraw(user: User, participant: Participant) -> bool:
    """A joined municipality's approver withdraws it (the agreement's rule on costs still applies)."""
    return participant.is_joined and user.has_role(Role.MUNICIPAL_APPROVER, participant.municipality_id)


def can_request_late_join(user: User, participant: Participant) -> bool:
    """After the survey, a municipality that has not joined may ask to, through its approver."""
    return (
        participant.project.is_past_survey
        and not participant.is_joined
        and user.has_role(Role.MUNICIPAL_APPROVER, participant.municipality_id)
    )


def can_decide_late_join(user: User, participant: Participant) -> bool:
    """The lead's coordinators approve or refuse a late joiner."""
    return can_manage_project(user, participant.project)


def can_see_results(user: User, project: Project) -> bool:
    """Every municipality's answer (intent, volume, budget flag) is for the lead only."""
    return can_manage_project(user, project) or (
        user.is_authenticated and user.has_role(Role.PREFECTURE_APPROVER, project.lead_body_id)
    )


def can_see_shares(user: User, project: Project, own: list[Participant]) -> bool:
    """The cost table is for the lead and for the municipalities invited to the project."""
    return can_see_results(user, project) or bool(own)


def get_project_for(request, pk: int, *, manage: bool = False) -> Project:
    """The project if the user may see it (404 otherwise); 403 if managing is asked and refused."""
    project = get_object_or_404(Project.objects.visible_to(request.user).select_related("lead_body"), pk=pk)
    if manage and not can_manage_project(request.user, project):
        raise PermissionDenied
    return project


def get_participant_for(request, pk: int) -> Participant:
    """A survey answer the user may see (the lead's managers, or its own municipality), else 404."""
    queryset = Participant.objects.visible_to(request.user).select_related(
        "project", "project__lead_body", "municipality", "answered_by"
    )
    return get_object_or_404(queryset, pk=pk)


def can_draft_requirements(user: User, project: Project) -> bool:
    """The lead drafts requirement items until the requirements stage ends."""
    return can_manage_project(user, project) and project.status in (
        Project.Status.PLANNING,
        Project.Status.SURVEY,
        Project.Status.REQUIREMENTS,
    )


def can_vote(user: User, participant: Participant | None) -> bool:
    """Staff or approver of a joined municipality, during the requirements stage."""
    return (
        participant is not None
        and participant.is_joined
        and participant.project.status == Project.Status.REQUIREMENTS
        and is_participant_member(user, participant)
    )


def own_participants(user: User, project: Project) -> list[Participant]:
    """The user's municipalities' rows in this project (with the project attached: no query later)."""
    if not user.is_authenticated:
        return []
    rows = list(
        Participant.objects.filter(
            project=project, municipality_id__in=user.scope_ids(Role.MUNICIPAL_STAFF, Role.MUNICIPAL_APPROVER)
        ).select_related("municipality", "answered_by")
    )
    for row in rows:
        row.project = project
    return rows


def can_ask_question(user: User, participant: Participant | None) -> bool:
    """Staff or approver of a joined municipality, until the project's question deadline."""
    from portal.dates import today

    project = participant.project if participant else None
    return (
        participant is not None
        and participant.is_joined
        and project.questions_close_on is not None
        and today() <= project.questions_close_on
        and is_participant_member(user, participant)
    )


def survey_rows_for(user, project) -> tuple[list, list | None]:
    """The participants this person answers for, and every answer if they may see the result; each
    row carries the actions the person may take on it and whether they may answer (no query each)."""
    own = list(
        Participant.objects.filter(
            project=project, municipality_id__in=user.scope_ids(Role.MUNICIPAL_STAFF, Role.MUNICIPAL_APPROVER)
        ).select_related("municipality", "answered_by")
        if user.is_authenticated
        else []
    )
    results = list(project.participants.for_results()) if can_see_results(user, project) else None
    for participant in [*own, *(results or [])]:
        participant.project = project  # the permission checks of its actions read it: no query each
        participant.available_actions = participant.actions_for(user)
        participant.can_answer = can_answer_survey(user, participant)
    return own, results


def can_decide_requirement(user: User, requirement: Requirement) -> bool:
    """The lead adopts, merges or drops requirement items from the requirements stage to the specification."""
    return can_manage_project(user, requirement.project) and requirement.project.status in DECIDING_STAGES


def can_read_specification(user: User, project: Project, own: list[Participant]) -> bool:
    """The specification lines are for the lead and the invited municipalities (like the cost table)."""
    return can_see_shares(user, project, own)


def get_requirement_for(request, pk: int) -> Requirement:
    """A requirement of a project the user may see (404 otherwise); 403 unless they decide on it."""
    queryset = Requirement.objects.filter(project__in=Project.objects.visible_to(request.user))
    requirement = get_object_or_404(queryset.select_related("project", "project__lead_body"), pk=pk)
    if not can_manage_project(request.user, requirement.project):
        raise PermissionDenied
    return requirement


def can_read_share_sheet(user: User, participant: Participant) -> bool:
    """The lead (and the prefecture's approver) read every municipality's 負担金 sheet; a
    municipality reads only its own."""
    return can_see_results(user, participant.project) or is_participant_member(user, participant)


def sheet_codes(user: User, project: Project, own: list[Participant]) -> set[str] | None:
    """Whose sheets this person may open from the cost table: None for all (the lead), else their own."""
    if can_see_results(user, project):
        return None
    return {p.municipality.lg_code for p in own if p.is_joined}


def get_sheet_participant_for(request, pk: int, lg_code: str) -> Participant:
    """A joined municipality of a project the user sees, if they may read its sheet; 404 otherwise
    (another municipality's sheet is not confirmed to exist)."""
    project = get_project_for(request, pk)
    participant = get_object_or_404(
        Participant.objects.joined().select_related("municipality"),
        project=project,
        municipality__lg_code=lg_code,
    )
    participant.project = project
    if not can_read_share_sheet(request.user, participant):
        raise Http404
    return participant


def can_confirm_share(user: User, confirmation: ShareConfirmation) -> bool:
    """The joined municipality's approver (who confirms its survey answer) confirms its 負担金 sheet."""
    participant = confirmation.participant
    return (
        user.is_authenticated
        and participant.is_joined
        and user.has_role(Role.MUNICIPAL_APPROVER, participant.municipality_id)
    )


def can_submit_consolidation(user: User, consolidation: Consolidation) -> bool:
    """The lead's coordinators ask for the consolidation's approval while requirements are decided."""
    return can_manage_project(user, consolidation.project) and consolidation.project.status in DECIDING_STAGES


def can_approve_consolidation(user: User, consolidation: Consolidation) -> bool:
    """The lead's coordinators and the prefecture's approver, except whoever asked for the approval."""
    project = consolidation.project
    approver = can_manage_project(user, project) or (
        user.is_authenticated and user.has_role(Role.PREFECTURE_APPROVER, project.lead_body_id)
    )
    return approver and is_another_person(consolidation.submitted_by, user)


def can_see_others_votes(
    user: User, project: Project, own: list[Participant], consolidation: Consolidation | None
) -> bool:
    """Who voted what is for the lead until the consolidation is published; then the joined
    municipalities read it too (never another municipality's budget flag)."""
    published = consolidation is not None and consolidation.is_published
    return can_see_results(user, project) or (published and any(p.is_joined for p in own))


def can_manage_documents(user: User, project: Project) -> bool:
    """The lead uploads and versions the RFI and specification documents until the project closes."""
    return can_manage_project(user, project) and project.status != Project.Status.CLOSED


def get_document_for(request, pk: int) -> Document:
    """A document the user may read (its project's readers, or a shared specification), else 404."""
    queryset = Document.objects.visible_to(request.user).select_related("project", "project__lead_body")
    return get_object_or_404(queryset, pk=pk)


def get_managed_document_for(request, pk: int) -> Document:
    """A document whose project the user runs (404 if they may not see it, 403 if they may not manage it)."""
    document = get_document_for(request, pk)
    if not can_manage_documents(request.user, document.project):
        raise PermissionDenied
    return document


def get_document_version_for(request, pk: int, number: int) -> DocumentVersion:
    """One version of a document the user may read, else 404 (never 403: it would confirm it exists)."""
    document = get_document_for(request, pk)
    version = get_object_or_404(
        DocumentVersion.objects.select_related("document"), document=document, number=number
    )
    version.document = document
    return version


# The vendor registry: everyone signed in for an organisation reads it; a prefecture's coordinators keep
# its entries (as they did when it was part of the talent pool).


def can_read_vendors(user: User) -> bool:
    """Anyone signed in for an organisation (or a site admin): no query, roles are loaded."""
    return user.is_authenticated and (user.is_superuser or bool(user.role_memberships))


def offers_vendor_registry(user: User) -> bool:
    """The menu lists the registry for people of a local government (and site admins), no query."""
    return user.is_authenticated and (
        user.is_superuser
        or any(m.organisation.kind in Organisation.LOCAL_KINDS for m in user.role_memberships)
    )


def can_manage_vendors(user: User, prefecture: Organisation | int) -> bool:
    """The prefecture's coordinators, and site admins."""
    return user.is_authenticated and (
        user.is_superuser or user.has_role(Role.PREFECTURE_COORDINATOR, prefecture)
    )


def can_add_vendors(user: User) -> bool:
    """Whether the registry offers this person its 登録する button (no query)."""
    return user.is_authenticated and (user.is_superuser or bool(user.scope_ids(Role.PREFECTURE_COORDINATOR)))


def vendor_prefectures(user: User):
    """The prefectures whose registry entries this person keeps."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.prefectures()
    return Organisation.objects.prefectures().filter(pk__in=user.scope_ids(Role.PREFECTURE_COORDINATOR))


def get_vendor_for(http_request, pk: int, *, edit: bool = False) -> Vendor:
    """A registry entry the user may see (404 otherwise); 403 if editing is asked and refused."""
    vendor = get_object_or_404(
        Vendor.objects.visible_to(http_request.user).select_related("prefecture"), pk=pk
    )
    if edit and not can_manage_vendors(http_request.user, vendor.prefecture_id):
        raise PermissionDenied
    return vendor


def get_vendor_prefectures_for(http_request):
    """The prefectures the user keeps registry entries for; 403 if there are none."""
    prefectures = vendor_prefectures(http_request.user)
    if not prefectures.exists():
        raise PermissionDenied
    return prefectures


def can_record_contracts(user: User, project: Project) -> bool:
    """The lead records the signed contracts at the contract stage."""
    return can_manage_project(user, project) and project.status == Project.Status.CONTRACT


def can_record_meeting(user: User, project: Project) -> bool:
    """The lead keeps the participants' meeting log during operation."""
    return can_manage_project(user, project) and project.status == Project.Status.OPERATION


def can_read_meetings(user: User, project: Project, own: list[Participant]) -> bool:
    """The meeting log is for the lead and the participants (like the cost table)."""
    return can_see_shares(user, project, own)


def declaring_municipalities(user: User):
    """The municipalities whose system use this person may declare or end (its staff and approvers)."""
    ids = user.scope_ids(Role.MUNICIPAL_STAFF, Role.MUNICIPAL_APPROVER) if user.is_authenticated else set()
    return Organisation.objects.municipalities().filter(pk__in=ids).order_by("lg_code")


def can_declare_use(user: User, municipality: Organisation) -> bool:
    """Only a municipality's own staff or approver say what it uses."""
    return user.is_authenticated and bool(
        user.scope_ids(Role.MUNICIPAL_STAFF, Role.MUNICIPAL_APPROVER) & {municipality.pk}
    )


def overseen_prefectures(user: User):
    """The prefectures whose catalogue overview this person reads as their coordinator."""
    ids = user.scope_ids(Role.PREFECTURE_COORDINATOR) if user.is_authenticated else set()
    return Organisation.objects.prefectures().filter(pk__in=ids)


def get_overseen_prefecture_for(request, lg_code: str) -> Organisation:
    """A prefecture whose catalogue overview the person may read: its coordinators and site admins
    (404 for an unknown code, 403 for anyone else)."""
    prefecture = get_object_or_404(Organisation.objects.prefectures(), lg_code=lg_code)
    user = request.user
    if not (user.is_superuser or user.has_role(Role.PREFECTURE_COORDINATOR, prefecture)):
        raise PermissionDenied
    return prefecture


def get_system_use_for(request, pk: int) -> SystemUse:
    """A current declaration the person may end (404 otherwise: another's rows are not theirs to see)."""
    use = get_object_or_404(SystemUse.objects.select_related("municipality"), pk=pk, ended_at__isnull=True)
    if not can_declare_use(request.user, use.municipality):
        raise Http404
    return use


def vendors_may_ask(project: Project) -> bool:
    """Vendors ask through the public form while the project is out to tender, until the question deadline."""
    from portal.dates import today

    return (
        project.status == Project.Status.TENDER
        and project.questions_close_on is not None
        and today() <= project.questions_close_on
    )
