import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from grading import services
from grading.models import Exam, Problem


class Command(BaseCommand):
    help = ("Open an exam session for a user on a problem and print, as JSON, the ids a seed 004 client needs "
            "(examParticipantId, sessionId, problemId, specVersion).")

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="username or email")
        parser.add_argument("--problem", required=True, help="problem id or slug")
        parser.add_argument("--exam", type=int, help="an existing exam id (default: a new practice exam)")
        parser.add_argument("--hours", type=float, default=2.0, help="length of a new practice exam")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(Q(username=options["user"]) | Q(email__iexact=options["user"])).first()
        if user is None:
            raise CommandError(f"no user {options['user']!r}")
        key = options["problem"]
        problem = Problem.objects.filter(Q(slug=key) | Q(pk=int(key)) if key.isdigit() else Q(slug=key)).first()
        if problem is None:
            raise CommandError(f"no problem {key!r}")
        exam = None
        if options["exam"]:
            exam = Exam.objects.filter(pk=options["exam"]).first()
            if exam is None:
                raise CommandError(f"no exam {options['exam']}")
        try:
            session = services.session_open(user=user, problem=problem, exam=exam, hours=options["hours"])
        except services.GradingError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(json.dumps({"examId": session.participant.exam_id, "examParticipantId": session.participant_id,
                                      "sessionId": session.pk, "problemId": problem.pk,
                                      "specVersion": session.spec.version}))
