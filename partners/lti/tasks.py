"""Background work of the LTI tool: posting a completed module's grade to the partner's platform."""
import logging

import requests
from celery import shared_task
from django.db import OperationalError
from pylti1p3.exception import LtiServiceException

from . import grades, services
from .models import GradeTarget

logger = logging.getLogger(__name__)

# Worth retrying: the platform did not answer, or answered with an error (it may be down for a while).
TRANSIENT = (OperationalError, requests.RequestException, LtiServiceException, ConnectionError, TimeoutError)


@shared_task(name="lti.post_grade", bind=True, retry_backoff=True, retry_backoff_max=3600, max_retries=10)
def post_grade(self, target_id: int, enrolment_id: int) -> bool:
    """Send one completed enrolment's score to one line item; takes ids, safe to run twice."""
    try:
        return grades.grade_post(target_id=target_id, enrolment_id=enrolment_id)
    except TRANSIENT as error:
        GradeTarget.objects.filter(pk=target_id).update(last_error=str(error)[:2000])
        logger.warning("Grade for target %s not sent yet: %s", target_id, error)
        raise self.retry(exc=error, countdown=min(3600, 30 * 2 ** self.request.retries))


@shared_task(name="lti.purge_launch_records", autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def purge_launch_records() -> int:
    """Daily: forget spent and expired login states and launch handoffs."""
    return services.launch_records_purge()
