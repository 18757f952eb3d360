"""A reviewer's preview plays the lesson's H5P activity, as learners will have it, and keeps nothing."""
from courses.models import Enrolment


def test_the_preview_frames_the_activity_player_and_marks_it_as_a_preview(h5p_lesson, package, make_user):
    response = h5p_lesson.make_preview_request()
    page = response.content.decode()
    assert response.status_code == 200
    frame = page.split("<iframe", 1)[1].split("</iframe>", 1)[0]
    assert f'src="{package.player_url}"' in frame
    # The page script plays it but posts no results or saved answers for the reviewer (h5p-host.js).
    assert 'data-preview="true"' in frame
    assert "Start this activity again" not in page
    assert "Lesson 1 of 3" in page
    assert not Enrolment.objects.exists()


def test_learners_get_the_activity_without_the_preview_mark(client, h5p_lesson, h5p_course, make_user):
    from tests.courses.conftest import start_module

    learner = make_user()
    start_module(learner, h5p_course)
    client.force_login(learner)
    page = client.get(h5p_lesson.url).content.decode()
    assert "data-h5p-activity" in page and 'data-preview="true"' not in page
