"""Pages for teachers finding and linking to their school, and for staff running the directory and closures."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.audit import audit_record
from accounts.decorators import permission_required

from . import selectors, services
from .bookings.manage_views import _links as manage_links
from .forms import ClosureDateForm, MembershipRequestForm, SchoolForm, SchoolSearchForm, StaffSchoolFilterForm
from .models import ClosureDate, MembershipStatus, School, SchoolMembership, SchoolStatus

STAFF_PAGE_SIZE = 50


# --- teachers ---------------------------------------------------------------------------------

@login_required
def join(request):
    """Find your school: a plain GET search that works without JavaScript (school-search.js only enhances it)."""
    form = SchoolSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = selectors.school_search(query=query) if query else []
    # Schools already asked for; a declined request may be made again.
    linked = set(
        SchoolMembership.objects.filter(user=request.user)
        .exclude(status=MembershipStatus.DECLINED)
        .values_list("school_id", flat=True)
    )
    context = {"form": form, "query": query, "results": results, "linked": linked, "searched": bool(query)}
    if request.GET.get("partial") == "1":
        return render(request, "schools/includes/search_results.html", context)
    return render(request, "schools/join.html", context)


@login_required
def join_school(request, urn: int):
    school = get_object_or_404(School, urn=urn, status=SchoolStatus.OPEN)
    form = MembershipRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.school_membership_request(
                user=request.user, school=school, role_in_school=form.cleaned_data["role_in_school"]
            )
        except services.SchoolError as refusal:
            form.add_error(None, str(refusal))
        else:
            if membership.status == MembershipStatus.APPROVED:
                messages.success(request, f"You are linked to {school.name}. You can now book sessions for it.")
            else:
                messages.info(
                    request,
                    f"Partnership staff will check that you work at {school.name}. We will email you when they have.",
                )
            return redirect("schools:my_schools")
    automatic = services.domain_matches(user=request.user, school=school)
    return render(request, "schools/join_school.html", {"school": school, "form": form, "automatic": automatic})


@login_required
def my_schools(request):
    memberships = selectors.memberships_for_user(user=request.user)
    return render(request, "schools/my_schools.html", {"memberships": memberships})


@require_POST
@login_required
def membership_leave(request, pk: int):
    membership = get_object_or_404(SchoolMembership.objects.select_related("school"), pk=pk, user=request.user)
    services.school_membership_leave(membership=membership)
    messages.success(request, f"You are no longer linked to {membership.school.name}.")
    return redirect("schools:my_schools")


# --- partnership staff: approvals -----------------------------------------------------------------

@require_POST
@permission_required("accounts.approve_members")
def membership_decide(request, pk: int):
    membership = get_object_or_404(SchoolMembership.objects.select_related("user", "school"), pk=pk)
    approve = request.POST.get("decision") == "approve"
    try:
        services.school_membership_decide(membership=membership, approve=approve, decided_by=request.user)
    except services.SchoolError as refusal:
        messages.error(request, str(refusal))
    else:
        audit_record(
            actor=request.user, action="schools.link_approve" if approve else "schools.link_decline",
            target=membership, detail=f"School: {membership.school.name} (URN {membership.school.urn})", request=request,
        )
        who, school = membership.user.full_name or membership.user.email, membership.school.name
        if approve:
            messages.success(request, f"{who} is now linked to {school} as a teacher.")
        else:
            messages.success(request, f"{who}'s request to be linked to {school} was declined.")
    return redirect("accounts:pending_members")


# --- partnership staff: the school directory -----------------------------------------------------

@permission_required("accounts.manage_programme")
def manage_school_list(request):
    form = StaffSchoolFilterForm(request.GET or None, local_authorities=selectors.local_authorities())
    filters = form.cleaned_data if form.is_valid() else {}
    schools = selectors.schools_for_staff(
        query=filters.get("q", ""), status=filters.get("status", ""), local_authority=filters.get("local_authority", "")
    )
    page = Paginator(schools, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "schools/manage/school_list.html", {
        "form": form, "page": page, "query_string": query.urlencode(), "manage_links": manage_links(),
    })


@permission_required("accounts.manage_programme")
def manage_school_add(request):
    return _school_form(request, School())


@permission_required("accounts.manage_programme")
def manage_school_edit(request, pk: int):
    return _school_form(request, get_object_or_404(School, pk=pk))


def _school_form(request, school: School):
    adding = school.pk is None
    form = SchoolForm(request.POST or None, instance=school)
    if request.method == "POST" and form.is_valid():
        try:
            school = services.school_save(school=form.save(commit=False))
        except services.SchoolError as refusal:
            form.add_error("urn", str(refusal))
        else:
            messages.success(request, f"{school.name} has been {'added' if adding else 'saved'}.")
            return redirect("schools:manage_schools")
    return render(request, "schools/manage/school_form.html", {"form": form, "school": school, "adding": adding})


# --- partnership staff: closure dates -------------------------------------------------------------

@permission_required("accounts.manage_programme")
def manage_closure_list(request):
    show_past = request.GET.get("past") == "1"
    since = None if show_past else timezone.localdate()
    closures = selectors.closure_dates(since=since)
    return render(request, "schools/manage/closure_list.html", {
        "closures": closures, "show_past": show_past, "manage_links": manage_links(),
    })


@permission_required("accounts.manage_programme")
def manage_closure_add(request):
    form = ClosureDateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            closure = services.closure_date_create(**form.cleaned_data)
        except services.SchoolError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"{closure.name} has been added. No sessions can be offered on those days.")
            return redirect("schools:manage_closures")
    return render(request, "schools/manage/closure_form.html", {"form": form})


@permission_required("accounts.manage_programme")
def manage_closure_delete(request, pk: int):
    closure = get_object_or_404(ClosureDate.objects.select_related("area"), pk=pk)
    if request.method == "POST":
        services.closure_date_delete(closure=closure)
        messages.success(request, f"{closure.name} has been removed.")
        return redirect("schools:manage_closures")
    return render(request, "schools/manage/closure_delete.html", {"closure": closure})
