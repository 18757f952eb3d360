"""manage.py h5p_import: the same checks as an upload; the id on success, the rule and nothing written on failure."""
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command

from tests.courses.h5p import builders
from courses.h5p.models import H5PPackage

pytestmark = pytest.mark.django_db


def write(tmp_path, data: bytes, name="activity.h5p") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_valid_package_is_imported_and_its_id_printed(tmp_path):
    out = StringIO()
    call_command("h5p_import", str(write(tmp_path, builders.valid_package())), "--title", "Shouting", stdout=out)

    package = H5PPackage.objects.get()
    assert out.getvalue().strip() == str(package.pk)
    assert (package.title, package.main_library) == ("Shouting", "H5P.VrpCheck 1.0")
    assert len(package.sha256) == 64
    assert (package.folder / "content" / "content.json").is_file()


def test_the_title_defaults_to_the_one_in_the_package(tmp_path):
    call_command("h5p_import", str(write(tmp_path, builders.valid_package(title="From h5p.json"))), stdout=StringIO())
    assert H5PPackage.objects.get().title == "From h5p.json"


def test_a_refused_package_names_the_rule_and_writes_nothing(tmp_path, settings):
    with pytest.raises(CommandError) as caught:
        call_command("h5p_import", str(write(tmp_path, builders.symlink())), "--title", "Bad", stdout=StringIO())
    assert "Package refused (link)" in str(caught.value)
    assert H5PPackage.objects.count() == 0
    assert not any(path.is_file() for path in Path(settings.MEDIA_ROOT).rglob("*"))


def test_a_missing_file_is_reported(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("h5p_import", str(tmp_path / "nothing.h5p"), stdout=StringIO())


def test_the_command_exits_non_zero_on_refusal(tmp_path):
    """Through manage.py, as an operator runs it: the refusal fails before any database write."""
    path = write(tmp_path, builders.package_with({"content/evil.html": b"<script>alert(1)</script>"}))
    media = tmp_path / "media-cli"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.test", "MEDIA_ROOT": str(media)}
    result = subprocess.run(
        [sys.executable, "manage.py", "h5p_import", str(path), "--title", "Bad"],
        cwd=django_settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0
    assert "Package refused (html-in-content)" in result.stderr
    assert result.stdout == ""
    assert not media.exists() or not any(path.is_file() for path in media.rglob("*"))
