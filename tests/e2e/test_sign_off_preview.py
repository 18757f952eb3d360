"""A trainer reviewing a lesson for sign-off sees it as a learner will, and plays its H5P activity: the score shows,
nothing is saved."""
import pytest
from allauth.account.models import EmailAddress
from wagtail.models import Workflow

from accounts import roles
from tests.conftest import totp_code
from tests.e2e.test_h5p_player import h5p_lesson, site_page, two_origins  # noqa: F401  (fixtures)
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_trainer_plays_the_activity_in_the_sign_off_preview(site_page, two_origins, h5p_lesson,  # noqa: F811
                                                                 make_user, axe):
    from courses import sign_off
    from courses.h5p.models import XAPIStatement
    from courses.models import LessonPage

    sign_off.workflows_ensure()
    editor, trainer = make_user(roles.EDITOR), make_user(roles.TRAINER)
    EmailAddress.objects.create(user=trainer, email=trainer.email, verified=True, primary=True)
    draft = LessonPage.objects.get(pk=h5p_lesson.pk)
    draft.save_revision(user=editor)
    workflow = Workflow.objects.get(name=sign_off.TRAINER_WORKFLOW)
    workflow.start(draft, editor)
    task = workflow.workflow_tasks.first().task

    page = site_page
    page.goto("/account/login/")
    page.fill("#id_login", trainer.email)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    if "/2fa/authenticate" in page.url:  # reviewers with an authenticator give its code
        page.fill("input[name=code]", totp_code())
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")

    assert "/account/login/" not in page.url, page.content()[:2000]
    page.goto(f"/admin/pages/workflow/preview/{h5p_lesson.pk}/{task.pk}/")
    assert "Lesson 1 of" in page.content() and "of 0" not in page.content()
    content = page.frame_locator("iframe[data-h5p-activity]").frame_locator("iframe.h5p-iframe")
    content.get_by_label("Freeze", exact=True).check()
    content.get_by_role("button", name="Check your answer").click()
    content.get_by_text("That's right.").wait_for()
    page.get_by_text("Preview: scored 1 out of 1.").wait_for()
    assert not XAPIStatement.objects.filter(user=trainer).exists()
    axe(page)
