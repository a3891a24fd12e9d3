"""factory-boy factories for the talent pool."""

import factory

from portal.models import Organisation
from talentpool.models import Talent


class TalentFactory(factory.django.DjangoModelFactory):
    """A published profile of 広島県's pool; its search text is filled the way the services fill it."""

    class Meta:
        model = Talent
        skip_postgeneration_save = True

    prefecture = factory.LazyFunction(lambda: Organisation.objects.get(lg_code="340006"))
    display_name = factory.Sequence(lambda n: f"人材 {n}")
    name_kana = factory.Sequence(lambda n: f"じんざい {n}")
    employment_form = Talent.EmploymentForm.FIXED_TERM
    affiliation = Talent.Affiliation.PREFECTURE
    status = Talent.Status.PUBLISHED

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def search_text(self, create, extracted, **kwargs):
        # Last of the hooks, so the themes set above are in it; services call the same method.
        if create:
            self.refresh_search_text()


def make_programme(prefecture=None, *, year: int | None = None, confirmed: bool = True, **fields):
    """A prefecture's programme settings for the current fiscal year, confirmed unless asked not to."""
    import datetime
    from decimal import Decimal

    from portal.dates import fiscal_year, today
    from talentpool.models import DispatchProgramme

    year = year or fiscal_year(today())
    values = {
        "max_days_per_case": Decimal(24),
        "allow_repeat": False,
        "unit_cost_yen": 40_000,
        "share_national": 50,
        "share_prefecture": 25,
        "share_municipality": 25,
        "window_opens": datetime.date(year, 4, 1),
        "window_closes": datetime.date(year + 1, 3, 31),
        "status": DispatchProgramme.Status.CONFIRMED if confirmed else DispatchProgramme.Status.DRAFT,
        **fields,
    }
    return DispatchProgramme.objects.create(
        prefecture=prefecture or Organisation.objects.get(lg_code="340006"), fiscal_year=year, **values
    )


def make_dispatch_request(created_by, *, municipality=None, status=None, **fields):
    """A request of 神石高原町 (January–February of the current fiscal year, 2 days a month)."""
    import datetime
    from decimal import Decimal

    from django.utils import timezone

    from portal.dates import fiscal_year, today
    from talentpool.models import DispatchRequest, SupportTheme

    year = fiscal_year(today())
    values = {
        "title": "窓口DXの進め方の相談",
        "theme": SupportTheme.objects.order_by("pk").first(),
        "situation": "職員2名で情報システムを担当している。",
        "goals": "書かない窓口の計画を作る。",
        "start_date": datetime.date(year + 1, 1, 1),
        "end_date": datetime.date(year + 1, 2, 28),
        "days_per_month": Decimal(2),
        "status": status or DispatchRequest.Status.DRAFT,
        **fields,
    }
    if values["status"] not in (DispatchRequest.Status.DRAFT, DispatchRequest.Status.SUBMITTED):
        values.setdefault("sent_at", timezone.now())
    return DispatchRequest.objects.create(
        municipality=municipality or Organisation.objects.get(lg_code="345458"),
        created_by=created_by,
        **values,
    )
