"""Each module can choose how its certificates look."""
from certificates.models import Certificate, CertificateTemplate
from tests.courses.test_pages import complete


def test_a_module_can_choose_its_certificate_template(learner, build_course, django_capture_on_commit_callbacks):
    from certificates import demo

    demo.seed()
    chosen = CertificateTemplate.objects.create(title="Bleeding control", heading="Certificate of attendance")
    course = build_course()
    course.certificate_template = chosen
    course.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        complete(learner, course)
    assert Certificate.objects.get(recipient=learner).template == chosen
