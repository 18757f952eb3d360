"""The person's own account pages, and approval of people waiting to join an organisation."""
import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import onboarding, services
from .audit import audit_record
from .decorators import permission_required
from .forms import DeleteAccountForm, MemberDecisionForm, ProfileForm
from .models import MembershipStatus, User
from .selectors import members_waiting_for_approval


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.profile_update(user=request.user, **form.cleaned_data)
        messages.success(request, "Your profile has been updated.")
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def data_download(request):
    data = services.account_export(user=request.user)
    stamp = timezone.now().strftime("%Y-%m-%d")
    response = HttpResponse(json.dumps(data, indent=2, default=str), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="my-data-{stamp}.json"'
    return response


@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.account_delete(user=request.user)
        logout(request)
        messages.success(request, "Your account has been deleted. We have removed your personal details.")
        return redirect("/")
    return render(request, "accounts/delete.html", {"form": form})


@permission_required("accounts.approve_members")
def pending_members(request):
    queues = [{"queue": queue, "items": list(queue.pending())} for queue in onboarding.approval_queues()]
    return render(
        request, "accounts/pending_members.html", {"members": members_waiting_for_approval(), "queues": queues}
    )


@require_POST
@permission_required("accounts.approve_members")
def decide_member(request, pk: int):
    member = get_object_or_404(User, pk=pk, membership_status=MembershipStatus.PENDING)
    approve = request.POST.get("decision") == "approve"
    form = MemberDecisionForm(request.POST)
    seen = form.cleaned_data["organisation"] if form.is_valid() else None
    try:
        services.member_decide(member=member, approve=approve, decided_by=request.user, organisation_seen=seen)
    except services.MembershipError as error:
        messages.error(request, str(error))
        return redirect("accounts:pending_members")
    # `member` still names the organisation asked for (the service saved its own locked copy).
    audit_record(actor=request.user, action="members.approve" if approve else "members.decline", target=member,
                 detail=f"Organisation: {member.organisation or 'none'}", request=request)
    if approve:
        messages.success(request, f"{member.full_name} is now a member of {member.organisation}.")
    else:
        messages.success(request, f"{member.full_name}'s request to join was declined.")
    return redirect("accounts:pending_members")
