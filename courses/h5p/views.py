"""The player page and package files (H5P origin only), and xAPI intake (site origin)."""
import mimetypes
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.network import rate_limit_wait, rate_limited_json
from courses.archive import content_root
from courses.packages.policies import csp, own_sources, url_origin
from courses.selectors import learner_may_record
from courses.services import CourseError

from . import selectors
from .middleware import on_h5p_origin, origin_package_hex
from .models import libraries_root
from .services import MAX_STATE_BYTES, StateRejected, state_clear, state_parse, state_save, statement_record
from .validation import LIBRARY_EXTENSIONS, LIBRARY_FOLDER
from .xapi import MAX_STATEMENT_BYTES, StatementRejected, statement_parse, statement_quota_check

# Beyond the per-minute limit on saves (XAPI_RATE_LIMIT).
TOO_MANY_SAVES = ("Your progress is arriving faster than we can save it. Wait a minute, then carry on: "
                  "everything saved so far is kept.")

# Package files are served only with these types; anything else is not served at all.
CONTENT_TYPES = {
    "js": "text/javascript; charset=utf-8",
    "css": "text/css; charset=utf-8",
    "json": "application/json",
    "txt": "text/plain; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "vtt": "text/vtt; charset=utf-8",
    "webvtt": "text/vtt; charset=utf-8",
    "svg": "image/svg+xml",
    "woff2": "font/woff2",
    "woff": "font/woff",
    "ttf": "font/ttf",
    "otf": "font/otf",
    "eot": "application/vnd.ms-fontobject",
    "m4a": "audio/mp4",
    "oga": "audio/ogg",
    "ogg": "audio/ogg",
    "ogv": "video/ogg",
    "webp": "image/webp",
    "md": "text/plain; charset=utf-8",
    "textile": "text/plain; charset=utf-8",
    "diff": "text/plain; charset=utf-8",
    "patch": "text/plain; charset=utf-8",
    "gltf": "model/gltf+json",
    "glb": "model/gltf-binary",
}


def h5p_origin_only(view):
    """The site origin never serves H5P content (the middleware says so too; this keeps the view safe alone).

    With an origin per package, a package's player and files answer only on that package's origin.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not on_h5p_origin(request):
            raise Http404
        own = origin_package_hex(request)
        asked = kwargs.get("package_uuid")
        if own is not None and asked is not None and asked.hex != own:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def player_csp() -> str:
    """Scripts only from this origin, plus the player's one fixed inline bootstrap; framed only by the site, never
    by a sibling package's origin."""
    own = own_sources()
    return csp(
        script_src=f"{own} 'sha256-{settings.H5P_FRAME_BOOTSTRAP_SHA256}'",
        # H5P libraries set style attributes in markup they build; styles cannot run code.
        style_src=f"{own} 'unsafe-inline'",
        img_src=f"{own} data: blob:",
        media_src=f"{own} blob:",
        font_src=f"{own} data:",
        connect_src="'self'",
        frame_src="'self'",
    )


@require_GET
@h5p_origin_only
@xframe_options_exempt  # framing is governed by CSP frame-ancestors: the site only
def player(request, package_uuid):
    package = selectors.package_by_uuid(package_uuid)
    if package is None:
        raise Http404
    base = f"/h5p/content/{package.uuid}"
    config = {
        "contentId": package.uuid.hex,
        "h5pJsonPath": base,
        # Libraries are shared by packages; packages stored before that keep them in their own folder.
        "librariesPath": "/h5p/libraries" if package.shared_libraries else base,
        "saveFreq": int(getattr(settings, "H5P_SAVE_FREQ_SECONDS", 10)),
        "contentJsonPath": f"{base}/content",
        "frameJs": static("h5p-player/frame.bundle.js"),
        "frameCss": static("h5p-player/styles/h5p.css"),
        # Runs inside the content's frame before H5P starts it (see h5p-storage.js).
        "customJs": [static("js/site/h5p-storage.js")],
        "parentOrigin": url_origin(settings.SITE_URL),
        "title": package.title,
    }
    # Rendered without the request: the site's context processors (user, navigation) have no place here.
    response = HttpResponse(render_to_string("h5p/player.html", {"package": package, "config": config}))
    response["Content-Security-Policy"] = player_csp()
    response["Cross-Origin-Opener-Policy"] = "same-origin-allow-popups"
    return response


@require_GET
@h5p_origin_only
def package_file(request, package_uuid, path):
    return _serve_file(content_root() / "h5p" / str(package_uuid), path)


@require_GET
@h5p_origin_only
def library_file(request, folder, path):
    """A shared library's file; libraries are public code, so any package's origin may load them."""
    if not LIBRARY_FOLDER.match(folder):
        raise Http404
    return _serve_file(libraries_root() / folder, path)


def _serve_file(root: Path, path: str):
    parts = path.split("/")
    if any(part in ("", ".", "..") or part.startswith((".", "_")) or "\\" in part for part in parts):
        raise Http404
    extension = Path(parts[-1]).suffix[1:].lower()
    if extension not in LIBRARY_EXTENSIONS:
        raise Http404
    folder = root.resolve()
    target = folder.joinpath(*parts).resolve()
    if folder not in target.parents or not target.is_file():
        raise Http404
    content_type = CONTENT_TYPES.get(extension) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    response = FileResponse(open(target, "rb"), content_type=content_type)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_POST
def xapi_statement(request, lesson_id: int, block_id: str):
    """Take one statement from the activity `block_id` in lesson `lesson_id`, for the signed-in learner."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": "Sign in to save your progress."}, status=403)
    # Per learner and address (through the trusted proxies): everyone behind the site's TLS proxy, or one
    # school's network, has a bucket of their own, and the budget is far above what any activity sends.
    wait = rate_limit_wait(request, scope="h5p:xapi", limit=settings.XAPI_RATE_LIMIT, per_user=True)
    if wait is not None:
        return rate_limited_json(wait, {"error": TOO_MANY_SAVES})
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_STATEMENT_BYTES:
        return JsonResponse({"error": "The statement is too large."}, status=413)
    activities = selectors.lesson_activity(lesson_id=lesson_id, activity_id=block_id, request=request)
    if activities is None:
        return JsonResponse({"error": "There is no such activity."}, status=404)
    try:
        statement = statement_parse(
            request.body,
            actor={
                "objectType": "Agent",
                "account": {"homePage": settings.SITE_URL, "name": str(request.user.pk)},
            },
        )
        statement_quota_check(user=request.user, lesson_id=lesson_id, activity_id=block_id, size=len(request.body))
    except StatementRejected as exc:
        return JsonResponse({"error": exc.message}, status=exc.status)
    try:
        record, created = statement_record(
            user=request.user, activities=activities, activity_id=block_id, statement=statement
        )
    except CourseError as exc:  # not enrolled, lesson not opened, module unpublished: the score cannot count
        return JsonResponse({"error": exc.message}, status=403)
    return JsonResponse(
        {"id": str(record.statement_id), "stored": created, "scored": created and statement.scores_lesson},
        status=201 if created else 200,
    )


@require_http_methods(["GET", "POST", "DELETE"])
def activity_state(request, lesson_id: int, block_id: str):
    """Where the learner left activity `block_id` in lesson `lesson_id`: read (GET), save (POST), forget (DELETE).

    POST and DELETE are CSRF-checked by the middleware; the lesson page sends the token.
    """
    if not request.user.is_authenticated:
        return JsonResponse({"error": "Sign in to save your progress."}, status=403)
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_STATE_BYTES:
        return JsonResponse({"error": "The saved answers are too large to keep."}, status=413)
    activities = selectors.lesson_activity(lesson_id=lesson_id, activity_id=block_id, request=request)
    if activities is None:
        return JsonResponse({"error": "There is no such activity."}, status=404)
    if request.method == "POST" and not learner_may_record(user=request.user, lesson_id=lesson_id):
        # As for scores: only a learner who started the module keeps answers here.
        return JsonResponse({"error": "Start this module to save your answers."}, status=403)
    if request.method == "GET":
        state = selectors.saved_state(user=request.user, lesson_id=lesson_id, block_id=block_id)
        return JsonResponse({"state": state})
    if request.method == "DELETE":
        state_clear(user=request.user, lesson_id=lesson_id, block_id=block_id)
        return JsonResponse({"state": None})
    try:
        state = state_parse(request.body)
    except StateRejected as exc:
        return JsonResponse({"error": exc.message}, status=exc.status)
    state_save(user=request.user, lesson_id=lesson_id, block_id=block_id, state=state)
    return JsonResponse({"saved": True})
