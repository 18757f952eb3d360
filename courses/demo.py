"""Demo modules loaded from the files in courses/demo_modules/. Safe to run again: pages are found by slug and updated.

Each module is a folder: module.yaml (what the catalogue shows, the pass mark, the confidence
statements), one lesson-N-<slug>.yaml per lesson in order, and assessment.yaml. A trainer reviews
those files; this module only turns them into pages, created and published as an editor would.
"""
import uuid
from decimal import Decimal
from pathlib import Path

import yaml
from django.apps import apps
from django.db import transaction

from . import sign_off
from .models import CourseCatalogPage, CoursePage, LessonPage
from .packages.kinds import kind

CONTENT_DIR = Path(__file__).resolve().parent / "demo_modules"
CATALOGUE_SLUG = "modules"
ASSESSMENT_SLUG = "assessment"
# Block ids stay the same on every run, so learners' saved answers still match after reseeding.
BLOCK_IDS = uuid.UUID("7b0a4c8e-2f43-4f0e-9a57-6f1c2d9e8b10")


def _number(path: Path) -> int:
    return int(path.name.split("-", 2)[1 if path.name.startswith("lesson-") else 0])


def load_courses(folder: Path = CONTENT_DIR) -> list[dict]:
    """Every module folder, in the order of its number, as the dicts `seed` takes."""
    courses = []
    for module_dir in sorted((d for d in folder.iterdir() if d.is_dir()), key=_number):
        course = yaml.safe_load((module_dir / "module.yaml").read_text(encoding="utf-8"))
        course["lessons"] = []
        for path in sorted(module_dir.glob("lesson-*.yaml"), key=_number):
            lesson = yaml.safe_load(path.read_text(encoding="utf-8"))
            # Each block is written as a one-key mapping, `- heading: ...`: its type and its value.
            lesson["blocks"] = [next(iter(block.items())) for block in lesson["blocks"]]
            course["lessons"].append(lesson)
        course["assessment"] = yaml.safe_load((module_dir / "assessment.yaml").read_text(encoding="utf-8"))
        courses.append(course)
    return courses


def _demo_h5p_package():
    """The demo's H5P activity, made by the H5P app when it is installed (it registers the kind in its apps.py)."""
    h5p = kind("H5P")
    return h5p.demo_package() if h5p is not None and h5p.demo_package is not None else None


def _block(kind: str, value, *, h5p_package):
    """Turn one (block_type, value) of the demo content format into a raw StreamField block value."""
    if kind == "key_points":
        return {"points": list(value)}
    if kind == "h5p":
        if h5p_package is None:
            return None
        return {"package": h5p_package.pk, "title": value["title"], "instructions": value.get("instructions", "")}
    if kind == "question":
        return {"question": value["question"], "answers": [dict(answer) for answer in value["answers"]]}
    return value


def _stream(key: str, blocks: list[tuple], *, h5p_package) -> list[dict]:
    raw = []
    for index, (kind, value) in enumerate(blocks):
        value = _block(kind, value, h5p_package=h5p_package)
        if value is None:
            continue
        raw.append({"type": kind, "value": value, "id": str(uuid.uuid5(BLOCK_IDS, f"{key}/{index}"))})
    return raw


def _publish(parent, model, slug: str, **fields):
    """Create or update the child page with this slug and publish it."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = parent.add_child(instance=model(slug=slug, **fields))
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


def _lesson(course: CoursePage, key: str, data: dict, *, h5p_package, is_assessment=False) -> LessonPage:
    blocks = list(data["blocks"])
    if data.get("content_warning"):
        blocks.insert(0, ("content_warning", {"message": data["content_warning"]}))
    return _publish(
        course,
        LessonPage,
        data["slug"],
        title=data["title"],
        introduction=data.get("introduction", ""),
        is_assessment=is_assessment,
        body=_stream(key, blocks, h5p_package=h5p_package),
    )


@transaction.atomic
def seed(courses: list[dict] | None = None) -> CourseCatalogPage | None:
    if courses is None:
        courses = load_courses()
    sign_off.workflows_ensure()
    # The site's home page is the site shell's (lms), a floor above: named, not imported.
    home = apps.get_model("lms", "HomePage").objects.first()
    if home is None:
        return None
    catalogue = _publish(
        home,
        CourseCatalogPage,
        CATALOGUE_SLUG,
        title="Modules",
        introduction="Short online modules for staff of partner agencies. Take them at your own pace: "
        "you can stop at any time and carry on where you left off.",
    )
    h5p_package = None
    if any(kind == "h5p" for data in courses for lesson in data["lessons"] for kind, _ in lesson["blocks"]):
        h5p_package = _demo_h5p_package()
    for data in courses:
        course = _publish(
            catalogue,
            CoursePage,
            data["slug"],
            title=data["title"],
            summary=data["summary"],
            audience=data["audience"],
            topic=data.get("topic", "trauma_informed"),
            level=data["level"],
            cpd_hours=Decimal(str(data["cpd_hours"])),
            estimated_minutes=data["estimated_minutes"],
            pass_mark=data["pass_mark"],
            validity_months=data["validity_months"],
            sign_off_note=data.get("sign_off_note", ""),
            evaluation_questions=[{"type": "statement", "value": text} for text in data["evaluation_questions"]],
        )
        for lesson in data["lessons"]:
            _lesson(course, f"{data['slug']}/{lesson['slug']}", lesson, h5p_package=h5p_package)
        assessment = data["assessment"]
        _lesson(
            course,
            f"{data['slug']}/{ASSESSMENT_SLUG}",
            {
                "title": assessment["title"],
                "slug": ASSESSMENT_SLUG,
                "introduction": assessment.get("intro", ""),
                "blocks": [("question", question) for question in assessment["questions"]],
            },
            h5p_package=h5p_package,
            is_assessment=True,
        )
    return catalogue
