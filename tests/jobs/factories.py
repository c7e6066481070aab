import factory

from jobs.models import Company, CompanySize, Industry


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Faker("company")
    slug = factory.Sequence(lambda n: f"company-{n}")
    website = factory.LazyAttribute(lambda o: f"https://{o.slug}.example.com")
    industry = Industry.SOFTWARE
    size = CompanySize.SMALL_MID
    country = "GB"
