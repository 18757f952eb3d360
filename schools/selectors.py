"""Reads about schools: finding a school, a person's schools, links waiting for approval, closure dates."""
import datetime

from django.db.models import Count, Q, QuerySet

from . import gias
from .models import ClosureDate, MembershipStatus, School, SchoolMembership, SchoolStatus
from .search import normalise, score, tokens

MAX_FUZZY_CANDIDATES = 1000


def school_search(*, query: str, limit: int = 20, include_closed: bool = False) -> list[School]:
    """Schools matching a name, town, postcode or URN, best first; tolerant of punctuation and small typos."""
    query = (query or "").strip()
    schools = School.objects.select_related("area")
    if not include_closed:
        schools = schools.filter(status=SchoolStatus.OPEN)
    if not query:
        return []
    if query.isdigit():
        return list(schools.filter(urn=int(query))[:limit]) if len(query) <= 10 else []
    postcode = gias.postcode_normalise(query)
    if postcode is not None:
        return list(schools.filter(postcode=postcode).order_by("name")[:limit])
    outward = query.replace(" ", "").upper()
    if gias.is_outward_code(outward):
        # "SN1" means the SN1 district, not SN10 to SN19.
        return list(schools.filter(postcode__startswith=f"{outward} ").order_by("name")[:limit])
    words = tokens(query)
    if not words:
        return []
    # Whole words or word starts first, which the database answers alone.
    exact = schools
    for word in words:
        exact = exact.filter(Q(search_text__startswith=word) | Q(search_text__contains=f" {word}"))
    found = list(exact.order_by("name")[:limit])
    if found:
        return found
    # No exact match, so near misses ("st marry's", "devizies"): compare words in Python among schools
    # whose words start like every query word's first three letters (or, failing that, any one's),
    # which keeps the candidates few.
    def starts(prefix):
        return Q(search_text__startswith=prefix) | Q(search_text__contains=f" {prefix}")

    fields = ("id", "urn", "name", "town", "postcode", "search_text", "status", "local_authority", "area")
    every = Q()
    for word in words:
        every &= starts(word[:3])
    candidates = list(schools.filter(every).only(*fields)[:MAX_FUZZY_CANDIDATES])
    if not candidates:
        anyone = Q()
        for word in words:
            anyone |= starts(word[:3])
        candidates = list(schools.filter(anyone).only(*fields)[:MAX_FUZZY_CANDIDATES // 2])
    scored = [(score(words, school.search_text), school) for school in candidates]
    fuzzy = [school for value, school in sorted(scored, key=lambda item: (-item[0], item[1].name)) if value > 0]
    return fuzzy[:limit]


def schools_for_teacher(*, user) -> QuerySet[School]:
    """The schools this person may book for: their approved links."""
    if not user.is_authenticated:
        return School.objects.none()
    return School.objects.filter(
        memberships__user=user, memberships__status=MembershipStatus.APPROVED
    ).order_by("name")


def memberships_for_user(*, user) -> QuerySet[SchoolMembership]:
    return SchoolMembership.objects.filter(user=user).select_related("school").order_by("school__name")


def memberships_waiting_for_approval() -> QuerySet[SchoolMembership]:
    return (
        SchoolMembership.objects.filter(status=MembershipStatus.PENDING, user__is_active=True)
        .select_related("user", "school")
        .order_by("created_at")
    )


def schools_for_staff(*, query: str = "", status: str = "", local_authority: str = "") -> QuerySet[School]:
    """The directory as staff browse it, with how many teachers each school has."""
    schools = School.objects.select_related("area").annotate(
        teachers=Count("memberships", filter=Q(memberships__status=MembershipStatus.APPROVED))
    )
    if status:
        schools = schools.filter(status=status)
    if local_authority:
        schools = schools.filter(local_authority__iexact=local_authority)
    query = (query or "").strip()
    if query:
        if query.isdigit():
            schools = schools.filter(urn=int(query))
        else:
            for word in tokens(query) or [normalise(query)]:
                schools = schools.filter(search_text__contains=word)
    return schools.order_by("name")


def local_authorities() -> list[str]:
    return list(School.objects.exclude(local_authority="").order_by().values_list("local_authority", flat=True).distinct().order_by("local_authority"))


def closure_dates(*, since: datetime.date | None = None) -> QuerySet[ClosureDate]:
    closures = ClosureDate.objects.select_related("area")
    if since is not None:
        closures = closures.filter(end_date__gte=since)
    return closures.order_by("start_date", "name")


def closure_for_date(*, day: datetime.date, area=None) -> ClosureDate | None:
    """The closure covering this day where sessions would happen (everywhere, or in this area), if any."""
    area_filter = Q(area__isnull=True)
    if area is not None:
        area_filter |= Q(area=area)
    return ClosureDate.objects.filter(area_filter, start_date__lte=day, end_date__gte=day).order_by("start_date").first()


def closures_between(*, start: datetime.date, end: datetime.date, area=None) -> list[ClosureDate]:
    """Closures overlapping the days from start to end inclusive, for skipping dates in a repeating series."""
    area_filter = Q(area__isnull=True)
    if area is not None:
        area_filter |= Q(area=area)
    return list(ClosureDate.objects.filter(area_filter, start_date__lte=end, end_date__gte=start).order_by("start_date"))


def is_closed(*, day: datetime.date, closures: list[ClosureDate]) -> bool:
    """Whether a day falls in any of these closures (from closures_between), without another query."""
    return any(closure.start_date <= day <= closure.end_date for closure in closures)


def domain_belongs_to_school_alone(*, domain: str, school: School) -> bool:
    """Whether an email domain is `school`'s own: listed for it, not a shared host, and listed for no other school.

    Only then does a verified address on it prove that someone works at that school; otherwise a person
    approves the link.
    """
    domain = domain.lower()
    if not domain or gias.is_shared_host(domain) or domain not in school.domain_list():
        return False
    others = School.objects.exclude(pk=school.pk).filter(email_domains__icontains=domain).only("email_domains")
    return not any(domain in other.domain_list() for other in others.iterator())
