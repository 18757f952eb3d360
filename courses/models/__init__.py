"""Models of the courses app: the pages editors write, and the records of each learner's progress."""
from courses.choices import EvaluationStage, Level, ProgressStatus, Topic  # noqa: F401  (imported from here elsewhere)

from .module_sign_off import SubmittedLesson  # noqa: F401
from .page_tree import PageTreeVersion  # noqa: F401
from .pages import CourseCatalogPage, CoursePage, LessonPage  # noqa: F401
from .records import Enrolment, Evaluation, LessonProgress, Reflection  # noqa: F401
