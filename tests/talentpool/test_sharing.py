"""Cross-prefecture sharing (都道府県間の連携): a pool lends a talent to named prefectures; a request of
such a prefecture matched with the talent needs the home prefecture's consent and the requesting
prefecture's approval, and books the talent's one capacity ledger."""

from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse

from portal.models import AuditEvent, Notification, Role
from talentpool import services
from talentpool.models import Assignment, CapacityBooking, DispatchRequest, Proposal, TalentPoolError
from tests.conftest import HIROSHIMA, OKAYAMA, SHINJO, make_user, org
from tests.portal.factories import sign_in
from tests.talentpool.factories import make_dispatch_request, make_programme
from tests.talentpool.test_capacity import race

S = DispatchRequest.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def okayama_approver(reference_data):
    return make_user("approver@okayama.test", role=Role.PREFECTURE_APPROVER, organisation=org(OKAYAMA))


@pytest.fixture
def lent(profiled_talent):
    """広島県's talent (with an account, so they can accept)."""
    return profiled_talent.talent_profile


@pytest.fixture
def shinjo_request(reference_data, other_staff, lent, coordinator):
    """新庄村 (岡山県) asks; both prefectures run a confirmed programme; the talent has 5 days a month."""
    make_programme()
    make_programme(org(OKAYAMA))
    request = make_dispatch_request(other_staff, municipality=org(SHINJO), status=S.MATCHING)
    for month in request.months():
        services.set_monthly_capacity(talent=lent, month=month, days=Decimal(5), by=coordinator)
    return request


def share(talent, coordinator, *codes):
    return services.share_talent(talent=talent, prefectures=[org(c) for c in codes], by=coordinator)


def accepted(request, talent, other_coordinator, profiled_talent):
    """The requesting prefecture's coordinator proposes the shared talent, who accepts."""
    services.propose_candidates(request=request, talents=[talent], by=other_coordinator)
    proposal = Proposal.objects.get(request=request, talent=talent)
    services.respond_to_proposal(proposal=proposal, accept=True, by=profiled_talent)
    return DispatchRequest.objects.select_related("talent", "municipality").get(pk=request.pk)


def approve(request, by):
    return services.change_dispatch_status(request=request, status=S.APPROVED, by=by)


def test_an_unshared_talent_is_neither_a_candidate_nor_proposable(
    shinjo_request, lent, coordinator, other_coordinator
):
    assert lent not in [c.talent for c in services.rank_candidates(shinjo_request)]
    with pytest.raises(TalentPoolError, match="提案できない人材"):
        services.propose_candidates(request=shinjo_request, talents=[lent], by=other_coordinator)
    # Sharing with another prefecture (not 岡山県) does not make the talent a candidate here either.
    share(lent, coordinator, "130001")
    assert lent not in [c.talent for c in services.rank_candidates(shinjo_request)]


def test_only_the_home_pool_shares_and_every_change_is_audited(lent, coordinator, other_coordinator):
    with pytest.raises(TalentPoolError, match="人材プールの担当者"):
        share(lent, other_coordinator, OKAYAMA)
    with pytest.raises(TalentPoolError, match="以外の都道府県"):
        share(lent, coordinator, HIROSHIMA)
    assert [s.prefecture.lg_code for s in share(lent, coordinator, OKAYAMA, "130001")] == ["130001", OKAYAMA]
    assert [s.prefecture.lg_code for s in share(lent, coordinator, OKAYAMA)] == [OKAYAMA]
    changes = list(
        AuditEvent.objects.filter(verb="talent.sharing_changed", target_id=str(lent.pk))
        .order_by("pk")
        .values_list("data", "actor")
    )
    assert changes == [
        ({"added": ["東京都", "岡山県"], "removed": []}, coordinator.pk),
        ({"added": [], "removed": ["東京都"]}, coordinator.pk),
    ]


def test_a_shared_talent_is_ranked_with_the_reason_and_the_home_prefecture_is_asked_to_consent(
    shinjo_request,
    lent,
    coordinator,
    prefecture_approver,
    other_coordinator,
    okayama_approver,
    profiled_talent,
):
    share(lent, coordinator, OKAYAMA)
    candidate = next(c for c in services.rank_candidates(shinjo_request) if c.talent == lent)
    assert "広島県から共有（両県の同意が必要）" in candidate.reasons

    request = accepted(shinjo_request, lent, other_coordinator, profiled_talent)
    assert request.status == S.PENDING_APPROVAL and request.needs_home_consent
    asked = set(
        Notification.objects.filter(event="dispatch.consent_asked").values_list("recipient", flat=True)
    )
    assert asked == {coordinator.pk, prefecture_approver.pk}
    # The requesting approver's turn comes after the consent, not before.
    assert not Notification.objects.filter(recipient=okayama_approver).exists()
    assert list(DispatchRequest.objects.awaiting(okayama_approver)) == []
    assert list(DispatchRequest.objects.awaiting_home_consent(coordinator)) == [request]
    assert list(DispatchRequest.objects.awaiting_home_consent(other_coordinator)) == []


def test_approval_without_the_home_consent_is_refused_and_books_nothing(
    shinjo_request, lent, coordinator, other_coordinator, okayama_approver, profiled_talent
):
    share(lent, coordinator, OKAYAMA)
    request = accepted(shinjo_request, lent, other_coordinator, profiled_talent)
    with pytest.raises(TalentPoolError, match="広島県の同意がまだない"):
        approve(request, okayama_approver)
    # Nor may the requesting prefecture book the talent's days around the approval.
    with pytest.raises(TalentPoolError, match="権限"):
        services.book_capacity(
            talent=lent, month=request.start_date, days=Decimal(1), source="x", by=okayama_approver
        )
    # The requesting prefecture's coordinator cannot consent for the home prefecture.
    with pytest.raises(TalentPoolError, match="所属する県"):
        services.consent_to_dispatch(request=request, consent=True, by=other_coordinator)
    assert DispatchRequest.objects.get(pk=request.pk).status == S.PENDING_APPROVAL
    assert not CapacityBooking.objects.exists() and not Assignment.objects.exists()


def test_with_both_the_approval_books_the_talents_one_ledger_under_the_requesting_programme(
    shinjo_request, lent, coordinator, other_coordinator, okayama_approver, profiled_talent
):
    share(lent, coordinator, OKAYAMA)
    request = accepted(shinjo_request, lent, other_coordinator, profiled_talent)
    services.consent_to_dispatch(request=request, consent=True, by=coordinator, note="稼働に余裕あり")
    assert Notification.objects.filter(event="dispatch.your_turn", recipient=okayama_approver).exists()
    assert list(DispatchRequest.objects.awaiting(okayama_approver)) == [request]

    approved = approve(request, okayama_approver)

    assert approved.status == S.APPROVED
    assignment = Assignment.objects.get(request=request)
    assert assignment.programme.prefecture == org(OKAYAMA) and assignment.talent == lent
    booked = CapacityBooking.objects.filter(talent=lent, assignment=assignment)
    assert booked.count() == 2 and booked.aggregate(t=Sum("days"))["t"] == Decimal(4)
    consent = AuditEvent.objects.get(verb="dispatch.home_consented", target_id=str(request.pk))
    assert consent.actor == coordinator and consent.note == "稼働に余裕あり"


def test_withdrawn_sharing_refuses_the_approval_even_after_consent(
    shinjo_request, lent, coordinator, other_coordinator, okayama_approver, profiled_talent
):
    share(lent, coordinator, OKAYAMA)
    request = accepted(shinjo_request, lent, other_coordinator, profiled_talent)
    services.consent_to_dispatch(request=request, consent=True, by=coordinator)
    share(lent, coordinator)
    with pytest.raises(TalentPoolError, match="共有されていない"):
        approve(request, okayama_approver)
    assert not CapacityBooking.objects.exists()
    assert DispatchRequest.objects.get(pk=request.pk).status == S.PENDING_APPROVAL


def test_the_home_prefecture_refuses_with_a_reason_and_matching_starts_again(
    shinjo_request, lent, coordinator, other_coordinator, profiled_talent
):
    share(lent, coordinator, OKAYAMA)
    request = accepted(shinjo_request, lent, other_coordinator, profiled_talent)
    with pytest.raises(TalentPoolError, match="理由"):
        services.consent_to_dispatch(request=request, consent=False, by=coordinator)
    refused = services.consent_to_dispatch(request=request, consent=False, by=coordinator, note="繁忙期")
    assert refused.status == S.MATCHING and refused.talent is None
    assert Notification.objects.filter(event="dispatch.your_turn", recipient=other_coordinator).exists()
    step = AuditEvent.objects.filter(verb="dispatch.status_changed", target_id=str(request.pk)).latest("pk")
    assert (step.actor, step.note, step.data["to"]) == (coordinator, "繁忙期", "matching")


def test_the_home_days_and_the_lent_days_come_out_of_one_ledger(
    shinjo_request, lent, coordinator, other_coordinator, okayama_approver, profiled_talent
):
    share(lent, coordinator, OKAYAMA)
    request = accepted(shinjo_request, lent, other_coordinator, profiled_talent)
    services.consent_to_dispatch(request=request, consent=True, by=coordinator)
    # 広島県 books 4 of the 5 days of the first month for its own work meanwhile.
    services.book_capacity(
        talent=lent, month=request.start_date, days=Decimal(4), source="home", by=coordinator
    )
    assert approve(request, okayama_approver).status == S.WAITLISTED
    assert "人材の空きが足りません" in DispatchRequest.objects.get(pk=request.pk).waitlist_reason
    assert CapacityBooking.objects.filter(talent=lent).aggregate(t=Sum("days"))["t"] == Decimal(4)


def test_the_consent_step_is_on_the_home_dashboard_and_the_request_page(
    client, shinjo_request, lent, coordinator, other_coordinator, profiled_talent
):
    share(lent, coordinator, OKAYAMA)
    request = accepted(shinjo_request, lent, other_coordinator, profiled_talent)
    sign_in(client, coordinator)
    dashboard = client.get(reverse("portal:dashboard")).content.decode()
    assert "他県からの派遣依頼（人材の所属県としての同意待ち）" in dashboard and request.title in dashboard
    page = client.get(reverse("talentpool:dispatch-detail", args=[request.pk])).content.decode()
    assert "他県への派遣に同意しますか" in page and "人材の稼働状況（この期間）" in page
    response = client.post(reverse("talentpool:dispatch-consent", args=[request.pk]), {"answer": "consent"})
    assert response.status_code == 302
    assert DispatchRequest.objects.get(pk=request.pk).home_consent_by == coordinator
    page = client.get(reverse("talentpool:dispatch-detail", args=[request.pk])).content.decode()
    assert "他県への派遣に同意しますか" not in page and "同意済み" in page


def test_the_capacity_page_names_the_prefectures_and_keeps_them(client, lent, coordinator, profiled_talent):
    sign_in(client, coordinator)
    page = client.get(reverse("talentpool:talent-capacity", args=[lent.pk])).content.decode()
    assert "他の都道府県との共有" in page
    okayama = org(OKAYAMA)
    response = client.post(
        reverse("talentpool:talent-sharing", args=[lent.pk]), {"prefectures": [okayama.pk]}
    )
    assert response.status_code == 302
    assert list(lent.sharings.values_list("prefecture", flat=True)) == [okayama.pk]
    page = client.get(reverse("talentpool:talent-capacity", args=[lent.pk])).content.decode()
    assert f'value="{okayama.pk}" id="id_prefectures_' in page and "checked" in page
    # Its own prefecture is not offered; forcing it says why and keeps the page.
    response = client.post(
        reverse("talentpool:talent-sharing", args=[lent.pk]), {"prefectures": [org(HIROSHIMA).pk]}
    )
    assert response.status_code == 200 and "候補にありません" in response.content.decode()
    # The talent edits their own days but not the sharing.
    sign_in(client, profiled_talent)
    assert (
        "他の都道府県との共有"
        not in client.get(reverse("talentpool:talent-capacity", args=[lent.pk])).content.decode()
    )


@pytest.mark.django_db(transaction=True)
def test_a_home_approval_and_a_lent_approval_racing_for_the_last_days_cannot_both_win(
    reference_data, staff, other_staff, coordinator, other_coordinator, prefecture_approver, profiled_talent
):
    okayama_approver = make_user(
        "approver@okayama.test", role=Role.PREFECTURE_APPROVER, organisation=org(OKAYAMA)
    )
    make_programme(allow_repeat=True)
    make_programme(org(OKAYAMA), allow_repeat=True)
    lent = profiled_talent.talent_profile
    share(lent, coordinator, OKAYAMA)
    kwargs = {"status": S.PENDING_APPROVAL, "talent": lent, "submitted_by": coordinator}
    home = make_dispatch_request(staff, **kwargs)
    away = make_dispatch_request(other_staff, municipality=org(SHINJO), **kwargs)
    for month in home.months():
        services.set_monthly_capacity(talent=lent, month=month, days=Decimal(3), by=coordinator)
    services.consent_to_dispatch(request=away, consent=True, by=coordinator)

    outcomes = race(
        lambda: approve(home, prefecture_approver).status, lambda: approve(away, okayama_approver).status
    )

    assert sorted(map(str, outcomes)) == sorted([S.APPROVED, S.WAITLISTED]), outcomes
    for month in home.months():
        booked = CapacityBooking.objects.filter(talent=lent, month=month).aggregate(t=Sum("days"))["t"]
        assert booked == Decimal(2)


def test_the_capacity_page_is_flat_in_the_number_of_sharings(
    client, lent, coordinator, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sign_in(client, coordinator)
    url = reverse("talentpool:talent-capacity", args=[lent.pk])
    share(lent, coordinator, OKAYAMA)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    share(lent, coordinator, OKAYAMA, "130001", "010006", "470007")
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200


def test_a_talent_lent_by_name_is_found_in_the_borrowing_prefectures_search_only(
    client, lent, coordinator, other_staff, staff, reference_data
):
    from talentpool.models import Talent

    lent.shared_across_prefectures = False
    lent.save()
    if lent.status != Talent.Status.PUBLISHED:
        services.change_talent_status(talent=lent, status=Talent.Status.PUBLISHED, by=coordinator)
    assert lent not in Talent.objects.visible_to(other_staff)
    share(lent, coordinator, OKAYAMA)
    assert lent in Talent.objects.visible_to(other_staff)  # 新庄村 (岡山県) may find and nominate them
    sign_in(client, other_staff)
    assert client.get(reverse("talentpool:talent-detail", args=[lent.pk])).status_code == 200
    share(lent, coordinator)  # the sharing withdrawn: gone again
    assert lent not in Talent.objects.visible_to(other_staff)


def test_the_request_keeps_its_talents_prefecture_as_the_database_writes_it(
    shinjo_request, lent, coordinator, other_coordinator, profiled_talent
):
    """The home pool's queue finds a lent talent's request through the request's copy of the talent's
    prefecture, which the database keeps: set when the talent is, followed when the talent moves pool,
    and right even when code writes the column itself."""
    share(lent, coordinator, OKAYAMA)
    assert shinjo_request not in DispatchRequest.objects.visible_to(coordinator)
    request = accepted(shinjo_request, lent, other_coordinator, profiled_talent)
    assert DispatchRequest.objects.get(pk=request.pk).talent_prefecture_id == org(HIROSHIMA).pk
    assert request in DispatchRequest.objects.visible_to(coordinator)

    DispatchRequest.objects.filter(pk=request.pk).update(talent_prefecture=org(OKAYAMA))
    assert DispatchRequest.objects.get(pk=request.pk).talent_prefecture_id == org(HIROSHIMA).pk

    type(lent).objects.filter(pk=lent.pk).update(prefecture=org(OKAYAMA))
    assert DispatchRequest.objects.get(pk=request.pk).talent_prefecture_id == org(OKAYAMA).pk
    assert request not in DispatchRequest.objects.visible_to(coordinator)
