"""The lock files install on any machine: exact pins with hashes, from the public index, and nothing else.

A lock that names one machine's package folders, another index, a local path or an unhashed package installs
there and fails (or installs something else) everywhere else; this refuses it and names the package.
"""
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOCKS = ["requirements.txt", "requirements-dev.txt"]

# Options that send pip somewhere other than PyPI, or let it trust what it finds there.
SOURCE_OPTIONS = ("-i", "--index-url", "--extra-index-url", "-f", "--find-links", "--no-index", "--trusted-host",
                  "-e", "--editable")
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[A-Za-z0-9._,-]+\])?==(?P<version>[A-Za-z0-9.+!-]+)"
                 r"(?:\s*;[^-]*)?$")


def logical_lines(text: str) -> list[str]:
    """The lock's lines as pip reads them: continuations joined, comments dropped."""
    lines, current = [], ""
    for raw in text.splitlines():
        line = re.sub(r"(^|\s)#.*$", "", raw).rstrip()
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        current += line
        if current.strip():
            lines.append(current.strip())
        current = ""
    if current.strip():
        lines.append(current.strip())
    return lines


def lock_problems(text: str) -> list[str]:
    """Every reason this lock would not install the same set everywhere, one plain sentence each."""
    problems = []
    for line in logical_lines(text):
        first = line.split()[0]
        option = first.split("=")[0]
        if option in SOURCE_OPTIONS:
            problems.append(f"'{line}' points pip at a package source other than PyPI; remove it")
            continue
        if first.startswith("-"):
            problems.append(f"'{first}' is an option the locks do not use; remove it")
            continue
        requirement, _, options = line.partition(" --")
        requirement = requirement.strip()
        hashes = re.findall(r"--hash=sha256:[0-9a-f]{64}", line)
        if "@" in requirement or "/" in requirement or requirement.startswith(".") or "://" in requirement:
            problems.append(f"'{requirement}' is a path or URL, not a package from PyPI; lock it by name and version")
            continue
        pin = PIN.match(requirement)
        if pin is None:
            problems.append(f"'{requirement}' is not pinned to one version with ==; re-lock with `make lock`")
            continue
        if not hashes:
            problems.append(f"{pin['name']} {pin['version']} has no --hash; re-lock with `make lock`")
    return problems


def pins(text: str) -> dict[str, str]:
    found = {}
    for line in logical_lines(text):
        pin = PIN.match(line.partition(" --")[0].strip())
        if pin:
            found[pin["name"].lower().replace("_", "-")] = pin["version"]
    return found


@pytest.mark.parametrize("lock", LOCKS)
def test_the_lock_names_only_pinned_hashed_packages_from_pypi(lock):
    problems = lock_problems((ROOT / lock).read_text())
    assert not problems, f"{lock} would not install the same everywhere:\n" + "\n".join(problems)


def test_the_dev_lock_installs_the_runtime_lock_unchanged():
    """Tests run against exactly what production installs."""
    runtime, dev = pins((ROOT / "requirements.txt").read_text()), pins((ROOT / "requirements-dev.txt").read_text())
    assert runtime, "requirements.txt locks no packages"
    differ = [f"{name}: {version} in requirements.txt, {dev.get(name, 'missing')} in requirements-dev.txt"
              for name, version in runtime.items() if dev.get(name) != version]
    assert not differ, "\n".join(differ)


def test_the_locks_keep_extras_so_old_pips_do_not_resolve_them_afresh():
    """pip before 23.3 resolved a stripped extra (weasyprint's fonttools[woff]) to the newest release."""
    text = (ROOT / "requirements.txt").read_text()
    assert re.search(r"^fonttools\[woff\]==", text, re.MULTILINE)
    # ...and what the extra pulls in is locked too, so an install with --no-deps is complete.
    assert {"brotli", "zopfli"} <= pins(text).keys()


GOOD = "django==5.2.20 \\\n    --hash=sha256:" + "a" * 64 + "\n    # via -r requirements.in\n"


@pytest.mark.parametrize("bad, says", [
    ("--extra-index-url file:///opt/pypi/simple\n" + GOOD, "file:///opt/pypi/simple' points pip at a package source"),
    ("--find-links /opt/wheels\n" + GOOD, "--find-links /opt/wheels' points pip at a package source"),
    ("-i https://mirror.example/simple\n" + GOOD, "points pip at a package source other than PyPI"),
    (GOOD + "fonttools[woff]==4.68.0\n", "fonttools 4.68.0 has no --hash"),
    (GOOD + "pillow>=13 --hash=sha256:" + "b" * 64 + "\n", "'pillow>=13' is not pinned"),
    (GOOD + "weasyprint @ file:///opt/wheels/weasyprint-70.0-py3-none-any.whl\n", "'weasyprint @ file:///opt/wheels"),
    (GOOD + "./vendor/thing.whl --hash=sha256:" + "c" * 64 + "\n", "'./vendor/thing.whl' is a path or URL"),
    (GOOD + "-e .\n", "'-e .' points pip at a package source"),
])
def test_a_lock_with_a_local_source_or_an_unhashed_package_is_refused_by_name(bad, says):
    problems = lock_problems(bad)
    assert len(problems) == 1 and says in problems[0], problems


def test_a_well_formed_lock_has_no_problems():
    assert lock_problems(GOOD + "pytz==2025.2 ; python_version < '3.12' \\\n    --hash=sha256:" + "d" * 64 + "\n") == []
