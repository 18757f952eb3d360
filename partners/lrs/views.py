"""Partnership staff set up partners' LRS and watch their outboxes. Staff pages: the second factor applies."""
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.audit import audit_record
from accounts.decorators import permission_required

from . import selectors, services
from .forms import DestinationForm
from .models import LrsDestination

staff_only = permission_required("lrs.manage_lrs")


@staff_only
def destination_list(request):
    return render(request, "lrs/list.html", {"rows": selectors.destinations_with_status()})


def _save(request, form: DestinationForm, *, action: str):
    try:
        destination = services.destination_save(destination=form.save(commit=False),
                                                 secret=form.cleaned_data.get("secret", ""))
    except services.LrsSetupError as refusal:
        form.add_error(None, str(refusal))
        return None
    audit_record(actor=request.user, action=action, target=destination,
                 detail=f"{destination.endpoint} ({destination.get_actor_identification_display()})", request=request)
    return destination


@staff_only
def destination_create(request):
    form = DestinationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        destination = _save(request, form, action="lrs.destination.create")
        if destination is not None:
            messages.success(request, f"{destination.name} is set up.")
            return redirect("lrs:detail", pk=destination.pk)
    return render(request, "lrs/form.html", {"form": form, "destination": None},
                  status=400 if request.method == "POST" else 200)


@staff_only
def destination_edit(request, pk: int):
    destination = get_object_or_404(LrsDestination, pk=pk)
    form = DestinationForm(request.POST or None, instance=destination)
    if request.method == "POST" and form.is_valid():
        if _save(request, form, action="lrs.destination.change") is not None:
            messages.success(request, f"{destination.name} is saved.")
            return redirect("lrs:detail", pk=destination.pk)
    return render(request, "lrs/form.html", {"form": form, "destination": destination},
                  status=400 if request.method == "POST" else 200)


@staff_only
def destination_detail(request, pk: int):
    destination = get_object_or_404(LrsDestination.objects.select_related("organisation"), pk=pk)
    return render(request, "lrs/detail.html", {
        "destination": destination,
        "status": selectors.destination_status(destination),
        "failures": selectors.recent_failures(destination),
        "retrying": selectors.waiting_for_retry(destination),
    })


@require_POST
@staff_only
def destination_retry(request, pk: int):
    destination = get_object_or_404(LrsDestination, pk=pk)
    count = services.outbox_retry_failed(destination=destination)
    if count:
        audit_record(actor=request.user, action="lrs.outbox.retry", target=destination,
                     detail=f"{count} failed statement{'s' if count != 1 else ''} queued again", request=request)
        messages.success(request, f"{count} failed statement{'s are' if count != 1 else ' is'} queued to send again.")
    else:
        messages.info(request, "There were no failed statements to retry.")
    return redirect("lrs:detail", pk=destination.pk)
