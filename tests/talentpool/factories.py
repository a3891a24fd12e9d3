"""factory-boy factories for the talent pool."""

import factory

from portal.models import Organisation
from talentpool.models import Talent


class TalentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Talent

    prefecture = factory.LazyFunction(lambda: Organisation.objects.get(lg_code="340006"))
    display_name = factory.Sequence(lambda n: f"人材 {n}")
    name_kana = factory.Sequence(lambda n: f"じんざい {n}")
    employment_form = Talent.EmploymentForm.FIXED_TERM
    affiliation = Talent.Affiliation.PREFECTURE
    status = Talent.Status.PUBLISHED
