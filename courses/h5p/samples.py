"""Well-formed `.h5p` packages built in memory from the project's own content types (demo_library/).

Used by the demo (courses/h5p/demo.py), the benchmark and the tests (tests/courses/h5p/builders.py adds the
hostile variants). Zips are deterministic (fixed dates, sorted names), so the same files always give the same
bytes and the same hash.
"""
import io
import json
import stat
import zipfile
from pathlib import Path

LIBRARY_DIR = Path(__file__).resolve().parent / "demo_library" / "H5P.VrpCheck-1.0"
LIBRARY_FOLDER = "H5P.VrpCheck-1.0"
MAIN_LIBRARY = "H5P.VrpCheck"
FIXED_DATE = (2026, 1, 1, 0, 0, 0)

DEFAULT_CONTENT = {
    "question": "<p>A young person shouts at you when you ask them to sit down. What is a "
    "<strong>trauma-informed</strong> first response?</p>",
    "answers": [
        {
            "text": "Tell them firmly that shouting will not be tolerated.",
            "correct": False,
            "feedback": "<p>A firm telling-off can feel like another threat and may raise their alarm.</p>",
        },
        {
            "text": "Stay calm, lower your voice and give them a little space and time.",
            "correct": True,
            "feedback": "<p>Shouting may be a fight response. Calm, predictable adults help a stressed body "
            "feel safe enough to settle.</p>",
        },
        {
            "text": "Ignore them until they apologise.",
            "correct": False,
            "feedback": "<p>Being ignored can feel like rejection, which many young people affected by "
            "trauma have already known too often.</p>",
        },
    ],
}
CORRECT_ANSWER = DEFAULT_CONTENT["answers"][1]["text"]


def library_files() -> dict[str, bytes]:
    """The content type's files, as they sit in the package's library folder."""
    return {
        f"{LIBRARY_FOLDER}/{path.name}": path.read_bytes()
        for path in sorted(LIBRARY_DIR.iterdir())
        if path.is_file()
    }


def h5p_json(title: str = "Knowledge check", **overrides) -> dict:
    return {
        "title": title,
        "language": "en",
        "mainLibrary": MAIN_LIBRARY,
        "embedTypes": ["iframe"],
        "license": "U",
        "preloadedDependencies": [{"machineName": MAIN_LIBRARY, "majorVersion": 1, "minorVersion": 0}],
        **overrides,
    }


def package_files(*, title: str = "Knowledge check", content: dict | None = None) -> dict[str, bytes]:
    """All files of a valid package, by name; change the dict to make a variant."""
    return {
        "h5p.json": json.dumps(h5p_json(title)).encode(),
        "content/content.json": json.dumps(content if content is not None else DEFAULT_CONTENT).encode(),
        **library_files(),
    }


def zip_bytes(
    files: dict[str, bytes],
    *,
    symlinks: dict[str, str] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """Zip `files` (name -> bytes); `symlinks` adds Unix symbolic-link entries (name -> target)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
            info.compress_type = compression
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            info.create_system = 3
            archive.writestr(info, files[name])
        for name, target in sorted((symlinks or {}).items()):
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
            info.create_system = 3
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, target)
    return buffer.getvalue()


def valid_package(*, title: str = "Knowledge check", content: dict | None = None) -> bytes:
    return zip_bytes(package_files(title=title, content=content))


# --- Packages laid out as real exports are -------------------------------------------------------
# Our own libraries in demo_library/, zipped as H5P.org and Lumi export them: language/.en.json and
# translations, an icon font in five formats, icon.svg, upgrades.js, READMEs, and a dependency chain
# three deep (VrpQuiz -> VrpQuestion -> VrpUI -> VrpFontIcons). VrpUI is shared with a variant of the
# VrpCheck package, and comes in two patch versions (1.2.0 and 1.2.3).

DEMO_LIBRARIES = Path(__file__).resolve().parent / "demo_library"
QUIZ_LIBRARIES = ("H5P.VrpQuiz-1.0", "H5P.VrpQuestion-1.1", "H5P.VrpUI-1.2", "H5P.VrpFontIcons-1.0")
SHARED_LIBRARY = "H5P.VrpUI-1.2"
FONT_FORMATS = ("eot", "svg", "ttf", "woff", "woff2")

QUIZ_CONTENT = {
    "intro": "<p>Four short questions on how stress can show in behaviour. Your answers are kept if you leave.</p>",
    "questions": [
        {"text": "A pupil laughs when told off. What might this be?",
         "answers": ["Defiance, always", "A nervous or stress response", "A sign they did not hear"], "correct": 1},
        {"text": "Which response helps a stressed adult feel safer?",
         "answers": ["A calm, low voice", "Standing over them", "Listing the rules"], "correct": 0},
        {"text": "What does 'freeze' often look like?",
         "answers": ["Shouting", "Running off", "Going quiet and still"], "correct": 2},
        {"text": "Who can be affected by trauma?",
         "answers": ["Only children", "Anyone, at any age", "Only people in care"], "correct": 1},
    ],
    "behaviour": {"passPercentage": 75, "showResult": "score"},
    "l10n": {"check": "Check your answers", "result": "You got :score out of :total.",
             "unanswered": "Answer every question, then check."},
}
QUIZ_ANSWERS = [question["answers"][question["correct"]] for question in QUIZ_CONTENT["questions"]]


def demo_library_files(folder: str, *, patch: int | None = None) -> dict[str, bytes]:
    """A library folder from demo_library/ as it sits in a package; `patch` makes another patch version."""
    root = DEMO_LIBRARIES / folder
    files = {
        f"{folder}/{path.relative_to(root).as_posix()}": path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }
    if folder == "H5P.VrpFontIcons-1.0":
        # Placeholder bytes where the font files go: the layout is real, the glyphs fall back to text.
        files.update({f"{folder}/fonts/vrp-icons.{ext}": f"vrp-icons placeholder ({ext})".encode() for ext in FONT_FORMATS})
        files[f"{folder}/fonts/vrp-icons.svg"] = b'<svg xmlns="http://www.w3.org/2000/svg"><defs><font id="vrp-icons"/></defs></svg>'
    if patch is not None:
        definition = json.loads(files[f"{folder}/library.json"])
        old = f"{definition['majorVersion']}.{definition['minorVersion']}.{definition['patchVersion']}"
        definition["patchVersion"] = patch
        files[f"{folder}/library.json"] = json.dumps(definition, indent=2).encode()
        new = f"{definition['majorVersion']}.{definition['minorVersion']}.{patch}"
        files = {
            name: data.replace(f'version: "{old}"'.encode(), f'version: "{new}"'.encode()) if name.endswith(".js") else data
            for name, data in files.items()
        }
    return files


def _dependencies(*folders: str) -> list[dict]:
    return [
        {"machineName": name, "majorVersion": int(version.split(".")[0]), "minorVersion": int(version.split(".")[1])}
        for name, version in (folder.rsplit("-", 1) for folder in folders)
    ]


def quiz_files(*, title: str = "Spotting stress responses", content: dict | None = None, ui_patch: int = 0) -> dict[str, bytes]:
    files = {
        "h5p.json": json.dumps(h5p_json(title, mainLibrary="H5P.VrpQuiz", preloadedDependencies=_dependencies(*QUIZ_LIBRARIES))).encode(),
        "content/content.json": json.dumps(content if content is not None else QUIZ_CONTENT).encode(),
    }
    for folder in QUIZ_LIBRARIES:
        files.update(demo_library_files(folder, patch=ui_patch if folder == SHARED_LIBRARY else None))
    return files


def quiz_package(**kwargs) -> bytes:
    """A multi-question activity whose answers can be resumed, with its dependency chain."""
    return zip_bytes(quiz_files(**kwargs))


def check_sharing_ui_package(*, title: str = "Knowledge check", ui_patch: int = 0) -> bytes:
    """The VrpCheck package, its library depending on H5P.VrpUI 1.2: shares that library (and the icons) with the quiz."""
    files = package_files(title=title)
    definition = json.loads(files[f"{LIBRARY_FOLDER}/library.json"])
    definition["preloadedDependencies"] = _dependencies(SHARED_LIBRARY)
    files[f"{LIBRARY_FOLDER}/library.json"] = json.dumps(definition).encode()
    files["h5p.json"] = json.dumps(
        h5p_json(title, preloadedDependencies=_dependencies(f"{LIBRARY_FOLDER}", SHARED_LIBRARY, "H5P.VrpFontIcons-1.0"))
    ).encode()
    for folder in (SHARED_LIBRARY, "H5P.VrpFontIcons-1.0"):
        files.update(demo_library_files(folder, patch=ui_patch if folder == SHARED_LIBRARY else None))
    return zip_bytes(files)
