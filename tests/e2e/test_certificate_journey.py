"""A learner who completes a module finds the certificate in My learning, downloads the PDF, and its QR code
opens the public page, which says Valid. Real Chromium, axe on every page shown."""
import io

import pypdf
import pytest
from PIL import Image

from certificates import codes
from certificates.models import Certificate
from courses.demo import load_courses

COURSES = load_courses()

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COURSE = next(course for course in COURSES if course["slug"] == "understanding-trauma-influenced-behaviour")


@pytest.fixture
def signed_in_learner(sign_in_new_learner):
    return sign_in_new_learner("Robin Certified")


def complete_the_module(user):
    """Finish every lesson through the courses services (the course journey test clicks through them)."""
    from courses import services
    from courses.models import CoursePage

    course = CoursePage.objects.live().get(slug=COURSE["slug"])
    services.enrolment_start(user=user, course=course)
    services.evaluation_submit(user=user, course=course, stage="before", ratings=None)
    for lesson in course.lessons().specific():
        # A lesson counts only once its page has been served to the learner.
        services.lesson_open(user=user, lesson=lesson, course=course)
        if lesson.is_assessment:
            answers = {block.id: min(block.block.correct_indexes(block.value)) for block in lesson.questions()}
            services.assessment_submit(user=user, lesson=lesson, answers=answers)
        elif lesson.has_activity:
            for activity_id in lesson.activity_ids():
                services.lesson_activity_scored(user=user, lesson=lesson, activity_id=activity_id, score=1, max_score=1)
        else:
            services.lesson_complete(user=user, lesson=lesson)
    return course


def qr_modules(image: Image.Image) -> list[list[bool]]:
    """The dark/light modules of a QR code printed one pixel per module."""
    pixels = image.convert("L")
    return [[pixels.getpixel((x, y)) < 128 for x in range(pixels.width)] for y in range(pixels.height)]


def url_in_qr_code(pdf_bytes: bytes, candidates: list[str]) -> str:
    """Which of the candidate URLs the PDF's QR code encodes: its modules must match that URL's QR code exactly.

    No QR decoder ships with the project, so the printed code is compared with a fresh encoding.
    """
    from certificates.pdf import qr_data_uri
    import base64

    printed = qr_modules(pypdf.PdfReader(io.BytesIO(pdf_bytes)).pages[0].images[0].image)
    for url in candidates:
        encoded = base64.b64decode(qr_data_uri(url).split(",", 1)[1])
        if qr_modules(Image.open(io.BytesIO(encoded))) == printed:
            return url
    raise AssertionError("The QR code encodes none of the expected addresses")


def test_certificate_from_completion_to_public_check(page, live_demo, signed_in_learner, axe, live_server):
    course = complete_the_module(signed_in_learner)
    certificate = Certificate.objects.get(recipient=signed_in_learner)  # issued by the task on commit
    assert certificate.achievement_title == course.title

    # My learning lists it, valid, with a PDF to download.
    page.goto("/my-learning/")
    section = page.locator("section", has=page.get_by_role("heading", name="Your certificates"))
    row = section.locator("tr", has_text=course.title)
    assert row.get_by_text("Valid", exact=True).is_visible()
    axe(page)
    with page.expect_download() as download_info:
        row.get_by_role("link", name=f"PDF certificate for {course.title}").click()
    download = download_info.value
    assert download.suggested_filename == f"certificate-{certificate.display_code}.pdf"
    pdf_bytes = open(download.path(), "rb").read()
    text = " ".join(" ".join(page_.extract_text() for page_ in pypdf.PdfReader(io.BytesIO(pdf_bytes)).pages).split())
    assert "Robin Certified" in text and certificate.display_code in text

    # The QR code is the verification page's address; a phone would open it without signing in.
    url = url_in_qr_code(pdf_bytes, [certificate.get_verify_url()])
    assert url.startswith(live_server.url)
    page.context.clear_cookies()
    page.goto(url)
    assert page.get_by_role("heading", name="Valid").is_visible()
    assert page.get_by_text("Robin Certified").is_visible()
    assert page.get_by_text(signed_in_learner.email).count() == 0
    axe(page)

    # Someone typing the printed code (lower case, spaces) lands on the same page.
    page.goto("/certificates/verify/")
    axe(page)
    page.get_by_label("Certificate code").fill(certificate.display_code.lower().replace("-", " "))
    page.get_by_role("button", name="Check certificate").click()
    assert page.url.endswith(f"/certificates/verify/{codes.normalise(certificate.code)}/")
    assert page.get_by_role("heading", name="Valid").is_visible()
