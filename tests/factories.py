"""The accounts factories under their first name, kept so the test files that import it need not change:
the definitions are in tests/accounts/factories.py."""
from tests.accounts.factories import PASSWORD, AreaFactory, OrganisationFactory, UserFactory, make_person

__all__ = ["PASSWORD", "AreaFactory", "OrganisationFactory", "UserFactory", "make_person"]
