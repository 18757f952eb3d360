"""Deep linking: the platform's course adds our modules; we answer with a signed LtiDeepLinkingResponse."""
from pylti1p3.deep_link import DeepLink
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.lineitem import LineItem

from courses.models import CoursePage

from .models import HandoffPurpose
from .services import handoff_spend, tool_key_ensure


class NothingChosen(Exception):
    """The person chose no module to add."""


def modules_to_offer():
    """The modules a partner's course may add: published and public, in catalogue order."""
    return CoursePage.objects.live().public().order_by("path").only("pk", "title", "summary", "slug")


def deep_link_answer(*, key: str, course_ids: list[int], launch_url: str) -> tuple[str, str]:
    """Spend the deep-linking handoff and sign the response naming the chosen modules: (return URL, JWT).

    Each module becomes a resource link that launches with the custom parameter `module` (its page id) and
    asks the platform for a line item out of 100, where the learner's score is posted on completion.
    """
    chosen = list(modules_to_offer().filter(pk__in=course_ids))
    if not chosen:
        raise NothingChosen("Choose at least one module to add to your course.")
    handoff = handoff_spend(key=key, purpose=HandoffPurpose.DEEP_LINK)
    tool_key_ensure()
    resources = [
        DeepLinkResource().set_url(launch_url).set_title(course.title).set_custom_params({"module": str(course.pk)})
        .set_lineitem(LineItem().set_score_maximum(100).set_label(course.title).set_resource_id(str(course.pk)))
        for course in chosen
    ]
    settings_claim = handoff.deep_link_settings
    deep_link = DeepLink(handoff.registration.to_registration(), handoff.deployment_id, settings_claim)
    return settings_claim["deep_link_return_url"], deep_link.get_response_jwt(resources)
