"""The player page and package files (each package's own origin), and CMI commits (site origin)."""
import json
from functools import wraps

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET, require_POST

from accounts.network import rate_limit_wait, rate_limited_json
from courses.archive import content_root
from courses.packages.policies import csp, own_sources, url_origin
from courses.services import CourseError

from . import cmi, selectors
from .middleware import package_on_host
from .services import AttemptClosed, attempt_commit
from .validation import CONTENT_TYPES, extension

# Beyond the per-minute limit on saves (SCORM_COMMIT_RATE_LIMIT).
TOO_MANY_SAVES = ("Your progress is arriving faster than we can save it. Wait a minute, then carry on: "
                  "everything saved so far is kept.")

# A commit carries at most 64,000 characters of suspend data and a few short values; anything far
# beyond is not a SCORM commit. Characters outside ASCII can take up to four bytes each in JSON.
MAX_COMMIT_BYTES = 300 * 1024


def package_origin_only(view):
    """Only the package's own origin serves its player and files (the middleware says so too)."""

    @wraps(view)
    def wrapped(request, package_uuid, *args, **kwargs):
        if package_on_host(request) != package_uuid.hex:
            raise Http404
        return view(request, package_uuid, *args, **kwargs)

    return wrapped


def player_csp() -> str:
    """Our scripts only, from files; framed by the site only. The SCO runs in a frame of the same origin."""
    own = own_sources()
    return csp(script_src=own, style_src=own, frame_src="'self'", img_src="'self'", connect_src="'none'")


def content_csp() -> str:
    """Authoring tools write inline scripts and styles; they run on the package's own origin, with no cookies,
    no site pages and no other package there, and may be framed only by the player inside the site."""
    return csp(
        default_src="'self' data: blob:",
        script_src="'self' 'unsafe-inline' 'unsafe-eval'",
        style_src="'self' 'unsafe-inline'",
        img_src="'self' data: blob:",
        media_src="'self' data: blob:",
        font_src="'self' data:",
        connect_src="'self'",
        frame_src="'self'",
        base_uri="'self'",
        form_action="'self'",
        frame_ancestors="'self'",
    )


@require_GET
@package_origin_only
@xframe_options_exempt  # framing is governed by CSP frame-ancestors: the site only
def player(request, package_uuid):
    package = selectors.package_by_uuid(package_uuid)
    if package is None:
        raise Http404
    config = {
        "version": package.version,
        "contentBase": f"/scorm/content/{package.uuid}/",
        "parentOrigin": url_origin(settings.SITE_URL),
        "title": package.title,
    }
    runtime = "scorm-again/scorm12.min.js" if package.version == cmi.SCORM_12 else "scorm-again/scorm2004.min.js"
    # Rendered without the request: the site's context processors (user, navigation) have no place here.
    html = render_to_string("scorm/player.html", {"package": package, "config": config, "runtime": static(runtime)})
    response = HttpResponse(html)
    response["Content-Security-Policy"] = player_csp()
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@package_origin_only
@xframe_options_exempt  # SCOs are framed by the player; CSP frame-ancestors limits who may
def package_file(request, package_uuid, path):
    parts = path.split("/")
    if any(part in ("", ".", "..") or part.startswith(".") or "\\" in part or "\x00" in part for part in parts):
        raise Http404
    content_type = CONTENT_TYPES.get(extension(parts[-1]))
    if content_type is None:
        raise Http404
    folder = (content_root() / "scorm" / str(package_uuid)).resolve()
    target = folder.joinpath(*parts).resolve()
    if folder not in target.parents or not target.is_file():
        raise Http404
    response = FileResponse(open(target, "rb"), content_type=content_type)
    response["Content-Security-Policy"] = content_csp()
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "public, max-age=3600"
    return response


def _error(version: str, code: int, message: str, status: int = 400, element: str = "") -> JsonResponse:
    return JsonResponse(
        {
            "result": "false",
            "errorCode": code,
            "errorName": cmi.error_name(version, code) if code else "",
            "element": element,
            "error": message,
        },
        status=status,
    )


@require_POST
def commit(request, lesson_id: int, block_id: str):
    """Save one commit of a SCO's CMI data for the signed-in learner (CSRF checked by the middleware)."""
    if not request.user.is_authenticated:
        return JsonResponse({"result": "false", "errorCode": 101, "error": "Sign in to save your progress."}, status=403)
    # As for H5P statements: per learner and address, with a budget no SCO's commits come near.
    wait = rate_limit_wait(request, scope="scorm:commit", limit=settings.SCORM_COMMIT_RATE_LIMIT, per_user=True)
    if wait is not None:
        return rate_limited_json(wait, {"result": "false", "errorCode": 101, "error": TOO_MANY_SAVES})
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_COMMIT_BYTES:
        return JsonResponse({"result": "false", "errorCode": 101, "error": "The data sent is too large."}, status=413)
    found = selectors.lesson_block(lesson_id=lesson_id, block_id=block_id, request=request)
    if found is None:
        return JsonResponse({"result": "false", "errorCode": 101, "error": "There is no such activity."}, status=404)
    if not selectors.learner_may_record(user=request.user, lesson=found.page):
        return JsonResponse(
            {"result": "false", "errorCode": 101, "error": "Start this module to save your progress."}, status=403
        )
    version = found.package.version
    try:
        body = json.loads(request.body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        return _error(version, 201, "The data sent is not valid JSON.")
    if not isinstance(body, dict):
        return _error(version, 201, "The data sent must be a JSON object.")
    sco, number, terminate = body.get("sco"), body.get("attempt"), body.get("terminate", False)
    if not isinstance(sco, str) or not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= 10_000:
        return _error(version, 201, "Say which SCO and which attempt the data belongs to.")
    if not isinstance(terminate, bool):
        return _error(version, 201, "“terminate” must be true or false.")
    try:
        result = attempt_commit(
            user=request.user,
            lesson=found.page,
            block_id=block_id,
            package=found.package,
            sco_identifier=sco,
            number=number,
            values=body.get("values", {}),
            terminate=terminate,
            pass_mark=found.pass_mark,
        )
    except cmi.CMIError as exc:
        return _error(version, exc.code, exc.message, element=exc.element)
    except AttemptClosed:
        return _error(version, 101, "This attempt has ended. Reload the page to start a new one.", status=409)
    except CourseError as exc:  # left the module meanwhile, or it was unpublished: nothing is saved
        return _error(version, 101, exc.message, status=403)
    attempt = result.attempt
    if terminate:
        # The next launch of this SCO (a resumed or a new attempt), so the page needs no reload.
        attempts = selectors.attempts_by_sco(user=request.user, lesson_id=lesson_id, block_id=block_id).get(
            attempt.sco_id, []
        )
        status = selectors.sco_status_label(attempts)
        following = selectors.launch_state(user=request.user, package=found.package, sco=attempt.sco, attempts=attempts)
    else:
        status, following = selectors.sco_status_label([attempt]), None
    return JsonResponse(
        {
            "result": "true",
            "errorCode": 0,
            "sco": sco,
            "status": status,
            "satisfied": attempt.satisfied,
            "lessonCompleted": result.lesson_completed,
            "navigation": result.navigation,
            "next": following,
        }
    )
