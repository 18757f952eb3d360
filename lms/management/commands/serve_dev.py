"""Serve the site on 127.0.0.1:8000 and the H5P and SCORM content origins (p/s<package>.localhost:8001), for development."""
import os
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = ("Run the development server and a second one (default port 8001) that stands in for the separate H5P and "
            "SCORM content origins. Both reload when the code changes.")

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000", help="the site's port (default 8000)")
        parser.add_argument("--h5p-port", "--content-port", dest="content_port", default="8001",
                            help="the content origins' port (default 8001)")

    def handle(self, *args, port, content_port, **options):
        # runserver's autoreloader runs this command again in a child process (RUN_MAIN=true), and again after
        # every code change. Only the first process starts the content server: a second one would find its port
        # taken and print "Error: That port is already in use."
        if os.environ.get("RUN_MAIN") == "true":
            call_command("runserver", f"127.0.0.1:{port}")
            return
        # Both servers are new processes that read their settings from the environment: point the site's links and
        # the content origins at the ports asked for, unless the environment already says where they are.
        os.environ.setdefault("SITE_URL", f"http://127.0.0.1:{port}")
        os.environ.setdefault("H5P_ORIGIN", f"http://p{{package}}.localhost:{content_port}")
        os.environ.setdefault("SCORM_ORIGIN", f"http://s{{package}}.localhost:{content_port}")
        content = subprocess.Popen([sys.executable, "manage.py", "runserver", f"127.0.0.1:{content_port}"])
        try:
            call_command("runserver", f"127.0.0.1:{port}")
        finally:
            content.terminate()
            try:
                content.wait(timeout=10)
            except subprocess.TimeoutExpired:
                content.kill()
