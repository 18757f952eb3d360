"""Certificates: PDFs per second in one worker, a ZIP of 1,000 certificates, and the public verification page."""
import os
import random
import time
from datetime import timedelta

from django.db import transaction

CERTIFICATES = 1000
PDF_SAMPLE = 60
TARGET_PDFS_PER_SECOND = 30
TARGET_ZIP_SECONDS = 60


@transaction.atomic
def _synthetic_certificates(template) -> list:
    """1,000 learners with a certificate each, written directly (the issuing path has its own tests)."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from accounts.models import Organisation, User
    from certificates.models import Certificate

    course = Organisation.objects.create(name="Bench: bleeding control", sector="other")
    users = User.objects.bulk_create(
        User(email=f"bench-holder-{i}@bench.test", full_name=f"Bench Holder {i}") for i in range(CERTIFICATES)
    )
    user_type = ContentType.objects.get_for_model(User)
    now = timezone.now()
    return Certificate.objects.bulk_create(
        Certificate(
            recipient=user, recipient_name=user.full_name, achievement=course,
            achievement_title="Bleeding control for schools", source_content_type=user_type,
            source_object_id=user.pk, template=template, cpd_hours=2, issued_at=now,
            valid_until=(now + timedelta(days=365)).date(),
        )
        for user in users
    )


def _pdfs_per_second(certificates) -> dict:
    """Make and store PDFs one after another in this process, as one worker does."""
    from certificates import services

    for certificate in certificates[:5]:  # warm up: fonts, stylesheet, templates
        services.certificate_pdf_ensure(certificate=certificate)
    sample = certificates[5:5 + PDF_SAMPLE]
    wall, cpu = time.perf_counter(), time.process_time()
    for certificate in sample:
        services.certificate_pdf_ensure(certificate=certificate)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "pdfs": len(sample),
        "pdfs_per_second": round(len(sample) / wall, 1),
        "ms_per_pdf": round(1000 * wall / len(sample), 1),
        # CPU time of this process: on a shared machine, what the worker would manage with a core to itself.
        "cpu_ms_per_pdf": round(1000 * cpu / len(sample), 1),
        "pdfs_per_cpu_second": round(len(sample) / cpu, 1),
    }


def _zip_seconds(staff) -> float:
    from certificates import services
    from certificates.models import BulkExport

    export = BulkExport.objects.create(requested_by=staff)
    started = time.perf_counter()
    services.bulk_export_build(export=export)
    seconds = time.perf_counter() - started
    export.refresh_from_db()
    assert export.status == BulkExport.Status.DONE and export.processed == CERTIFICATES, export.status
    return round(seconds, 1)


def run(ctx) -> dict:
    from accounts import roles
    from accounts.models import User
    from certificates import demo

    template = demo.seed()
    certificates = _synthetic_certificates(template)
    roles.ensure_roles()
    staff = User.objects.create_user(email="bench-staff@bench.test", full_name="Bench Staff")
    roles.assign_role(staff, roles.PARTNERSHIP_STAFF)

    figures = {"certificates": CERTIFICATES, "load_average_before": os.getloadavg()[0],
               "pdf_one_worker": _pdfs_per_second(certificates)}
    # Issuing stores each PDF, so an export normally only reads them ("stored"). The worst case, PDFs
    # never made (these synthetic certificates skipped issuing), makes the rest of them while zipping.
    figures["zip_1000_making_pdfs_seconds"] = _zip_seconds(staff)
    figures["zip_1000_stored_pdfs_seconds"] = _zip_seconds(staff)

    codes = [certificate.code for certificate in certificates]
    chooser = random.Random(4)

    def verify_request(_):
        return "GET", f"/certificates/verify/{chooser.choice(codes)}/", None, {}

    # The per-address limit stays on (its counter is part of every request) but set out of reach.
    with ctx.common.gunicorn_server(workers=2, extra_env={"CERTIFICATE_VERIFY_RATE_LIMIT": "1000000000"}) as url:
        # gunicorn listens before its workers have loaded Django: a short unmeasured run lets them finish.
        ctx.common.measure_load(url, request_fn=verify_request, concurrency=2, duration=3)
        runs = [ctx.common.measure_load(url, request_fn=verify_request, concurrency=10, duration=5)
                for _ in range(3)]
    figures["verify_page"] = ctx.common.median_of(runs)

    figures["target"] = (f">= {TARGET_PDFS_PER_SECOND} PDFs/s per worker; ZIP of {CERTIFICATES} "
                         f"< {TARGET_ZIP_SECONDS} s")
    figures["target_met"] = (figures["pdf_one_worker"]["pdfs_per_second"] >= TARGET_PDFS_PER_SECOND
                             and figures["zip_1000_making_pdfs_seconds"] < TARGET_ZIP_SECONDS)
    figures["load_average_after"] = os.getloadavg()[0]
    return figures
