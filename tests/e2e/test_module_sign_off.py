"""A trainer reviews a module submitted with its changed lesson in one sign-off: the list of lessons, each previewed as
submitted."""
import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_trainer_sees_the_modules_changed_lessons_and_previews_one(page, live_demo, make_user, login, axe):
    from allauth.account.models import EmailAddress

    from accounts import roles
    from courses import sign_off
    from courses.models import CoursePage, LessonPage
    from tests.factories import PASSWORD

    sign_off.workflows_ensure()
    editor, trainer = make_user(roles.EDITOR), make_user(roles.TRAINER)
    EmailAddress.objects.create(user=trainer, email=trainer.email, verified=True, primary=True)
    module = CoursePage.objects.exclude(topic="bleeding_control").order_by("path").first()
    lesson = LessonPage.objects.child_of(module).filter(is_assessment=False).order_by("path").first()
    draft = lesson.get_latest_revision_as_object()
    draft.introduction = "A gentler opening, waiting for sign-off."
    draft.save_revision(user=editor)
    module.save_revision(user=editor)
    module.get_workflow().start(module, editor)

    login(trainer.email, PASSWORD)
    page.goto(f"/admin/pages/{module.pk}/edit/")
    page.get_by_role("link", name="See the lessons").click()
    page.wait_for_url("**/admin/sign-off/**")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Sign-off of")
    row = page.get_by_role("row").filter(has_text=lesson.title)
    assert "Changes to a live lesson" in row.inner_text()
    axe(page)

    with page.context.expect_page() as opened:
        row.get_by_role("link").click()
    preview = opened.value
    preview.wait_for_load_state()
    assert "A gentler opening, waiting for sign-off." in preview.content()
    preview.close()
    assert LessonPage.objects.get(pk=lesson.pk).introduction != "A gentler opening, waiting for sign-off."
