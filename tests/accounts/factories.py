"""Test data for accounts: factory_boy factories for areas, organisations and people, and a person with a role.

Each app's test data is built in tests/<app>/factories.py (this, tests/schools/factories.py); other tests' helpers
read results back or stand in for a neighbour, and build no model data of their own.
"""
import factory

from accounts import roles
from accounts.models import Area, MembershipStatus, Organisation, Sector, User

PASSWORD = "correct-horse-battery-staple"


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Area {n}")
    slug = factory.Sequence(lambda n: f"area-{n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    sector = Sector.POLICE
    area = factory.SubFactory(AreaFactory)
    email_domains = factory.Sequence(lambda n: f"org{n}.example")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    organisation = factory.SubFactory(OrganisationFactory)
    membership_status = MembershipStatus.APPROVED
    area = factory.SelfAttribute("organisation.area")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])


def make_person(role: str, **kwargs) -> User:
    """A person (UserFactory, with any of its fields) holding one role of accounts.roles."""
    roles.ensure_roles()
    user = UserFactory(**kwargs)
    roles.assign_role(user, role)
    return user
