"""Recount the dashboard's summary tables from the records: after bulk loads, restores or imports."""
import time

from django.core.management.base import BaseCommand

from lms.reporting import caching
from lms.reporting.summaries import summaries_rebuild


class Command(BaseCommand):
    help = "Rebuild the reporting summary tables from learners' records, in bulk SQL."

    def handle(self, *args, **options):
        started = time.perf_counter()
        summaries_rebuild()
        caching.invalidate()
        self.stdout.write(f"Rebuilt the report summaries in {time.perf_counter() - started:.1f} s.")
