"""`make run` loads a finished sample interview for the demo user, once."""
from django.conf import settings
from django.core.management import call_command

from interviews.models import InterviewSession


def test_demo_interview_is_loaded_once(db):
    call_command("load_demo")
    call_command("load_demo")
    sessions = InterviewSession.objects.filter(owner__username=settings.DEMO_USER["username"])
    assert sessions.count() == 1
    session = sessions.get()
    assert session.status == "completed" and session.posting is not None and session.report["learning_guide"]
    turns = list(session.turns.all())
    assert len(turns) == 5 and all(t.evaluation and t.turn_feedback for t in turns)
    # the demo answers were written for the questions the local engine asks
    assert [t.kind for t in turns][:3] == ["opening", "followup:skill", "followup:role"]
