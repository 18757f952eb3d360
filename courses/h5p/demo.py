"""The demo H5P activity, built from the project's own content type (see demo_library/README.md)."""
import hashlib
import io

from .models import H5PPackage
from .services import package_import, package_restore_files
from .samples import valid_package

DEMO_TITLE = "Which survival response is this?"

# Fits the demo lesson on the stress response. Demo content: to be signed off by a qualified trainer.
DEMO_CONTENT = {
    "question": "<p>A 15-year-old goes very quiet when a teacher raises their voice. They stare at the desk, "
    "do not answer and seem far away. Which survival response does this behaviour <strong>best</strong> match?</p>",
    "answers": [
        {
            "text": "Fight",
            "correct": False,
            "feedback": "<p>Fight looks like arguing, shouting or lashing out. This young person has gone still "
            "rather than pushing back.</p>",
        },
        {
            "text": "Flight",
            "correct": False,
            "feedback": "<p>Flight looks like leaving, hiding or avoiding. Staying put but going silent is closer "
            "to another response.</p>",
        },
        {
            "text": "Freeze",
            "correct": True,
            "feedback": "<p>Going still, quiet and far away is typical of freeze: the body shuts down when it "
            "cannot fight or escape. Speak calmly, give them time and do not demand an answer straight away.</p>",
        },
        {
            "text": "Fawn",
            "correct": False,
            "feedback": "<p>Fawn looks like trying hard to please or agreeing quickly to stay safe. This young "
            "person has withdrawn rather than tried to appease.</p>",
        },
    ],
}


def demo_package() -> H5PPackage:
    """Import the demo package once; afterwards return the same record (restoring its files if media was wiped)."""
    data = valid_package(title=DEMO_TITLE, content=DEMO_CONTENT)
    existing = H5PPackage.objects.filter(sha256=hashlib.sha256(data).hexdigest()).order_by("created_at").first()
    if existing is None:
        return package_import(upload=io.BytesIO(data), title=DEMO_TITLE)
    if not (existing.folder / "h5p.json").is_file():
        package_restore_files(package=existing, upload=io.BytesIO(data))
    return existing
