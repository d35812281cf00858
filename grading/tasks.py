from celery import shared_task

from grading import services


@shared_task(name="grading.submission_grade", acks_late=True)
def submission_grade(submission_pk: int) -> None:
    """Grade one submission (the service claims it first, so a redelivery does nothing)."""
    services.submission_grade(submission_pk=submission_pk)
