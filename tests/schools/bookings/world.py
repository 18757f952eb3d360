"""The booking builders under their first name, kept so the booking tests that import it need not change: they are
defined in tests/schools/factories.py (and `make_person` in tests/accounts/factories.py)."""
from tests.accounts.factories import make_person
from tests.schools.factories import area, contact, link, school, session_type, slot

__all__ = ["area", "contact", "link", "make_person", "school", "session_type", "slot"]
