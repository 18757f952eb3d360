"""Plain SQL reads give the same model instances as the ORM, in one query each."""
import pytest
from django.utils import timezone

from accounts.models import Organisation, User
from foundation import plain_sql
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def fields(instance) -> list:
    return [getattr(instance, field.attname) for field in type(instance)._meta.concrete_fields]


def test_select_reads_instances_equal_to_the_orms_in_one_query(django_assert_num_queries):
    people = [UserFactory(), UserFactory()]
    with django_assert_num_queries(1):
        found = plain_sql.select(User, "id IN (%s, %s)", [p.pk for p in people], order_by="id")
    orm = list(User.objects.filter(pk__in=[p.pk for p in people]).order_by("id"))
    assert [fields(u) for u in found] == [fields(u) for u in orm]
    assert all(timezone.is_aware(u.date_joined) for u in found)  # converted as the ORM converts


def test_a_joined_read_goes_through_fetch_and_splits_into_models(django_assert_num_queries):
    person = UserFactory()
    sql = (f"SELECT {plain_sql.columns(User, table='u')}, {plain_sql.columns(Organisation, table='o')} "
           f"FROM accounts_user u JOIN accounts_organisation o ON o.id = u.organisation_id WHERE u.id = %s")
    with django_assert_num_queries(1):
        rows = plain_sql.fetch(sql, [person.pk])
    width = plain_sql.width(User)
    user, organisation = plain_sql.instance(User, rows[0][:width]), plain_sql.instance(Organisation, rows[0][width:])
    assert fields(user) == fields(User.objects.get(pk=person.pk))
    assert fields(organisation) == fields(person.organisation)


def test_nothing_found_is_an_empty_list():
    assert plain_sql.select(User, "id = %s", [-1]) == []
