"""The choices the courses app's records and pages share: levels, topics, progress and evaluation stages."""
from django.db import models


class Level(models.TextChoices):
    INFORMED = "informed", "Trauma-informed"
    SKILLED = "skilled", "Trauma-skilled"
    ENHANCED = "enhanced", "Trauma-enhanced"
    SPECIALIST = "specialist", "Trauma-specialist"


class Topic(models.TextChoices):
    TRAUMA_INFORMED = "trauma_informed", "Trauma-informed practice"
    VIOLENCE_REDUCTION = "violence_reduction", "Responding to violence"
    BLEEDING_CONTROL = "bleeding_control", "Bleeding control"


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"


class EvaluationStage(models.TextChoices):
    BEFORE = "before", "Before the module"
    AFTER = "after", "After the module"
