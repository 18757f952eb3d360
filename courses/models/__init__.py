"""Models of the courses app: the pages editors write, and the records of each learner's progress."""
from .pages import CourseCatalogPage, CoursePage, LessonPage, Level  # noqa: F401
from .records import Enrolment, Evaluation, EvaluationStage, LessonProgress, ProgressStatus, Reflection  # noqa: F401
from .page_tree import PageTreeVersion  # noqa: F401
