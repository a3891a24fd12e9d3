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
