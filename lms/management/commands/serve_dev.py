"""Serve the site on 127.0.0.1:8000 and the H5P content origins (p<package>.localhost:8001), for development."""
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the development server and a second one on port 8001 that stands in for the separate H5P origin."

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000")
        parser.add_argument("--h5p-port", default="8001")

    def handle(self, *args, port, h5p_port, **options):
        h5p = subprocess.Popen([sys.executable, "manage.py", "runserver", f"127.0.0.1:{h5p_port}", "--noreload"])
        try:
            call_command("runserver", f"127.0.0.1:{port}")
        finally:
            h5p.terminate()
            h5p.wait(timeout=10)
