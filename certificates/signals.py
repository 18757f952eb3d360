"""Signals other apps send to the certificates app.

`achievement_completed` is sent by courses (an Enrolment completed) and schools (a session
delivered), with `source=` the record that earned the certificate. The source must offer
`certificate_details() -> certificates.achievements.CertificateDetails`. The certificates app
listens and issues the certificate in a Celery task after the transaction commits.
"""
from django.dispatch import Signal

achievement_completed = Signal()
