"""Reads for mock interviews, always narrowed to one user (another user's id is simply not found)."""
from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from core.storage import signed_url
from interviews.models import InterviewSession, InterviewTurn


def sessions_for(user) -> QuerySet[InterviewSession]:
    if user is None or not user.is_authenticated:
        return InterviewSession.objects.none()
    return (InterviewSession.objects.filter(owner=user)
            .select_related("posting", "cover_letter", "resume")
            .annotate(turn_count=Count("turns"), answered_count=Count("turns", filter=~Q(turns__answered_at=None)))
            .order_by("-created_at", "-id"))


def session_for(user, pk) -> InterviewSession:
    """The user's session or InterviewSession.DoesNotExist (malformed ids too)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError) as exc:
        raise InterviewSession.DoesNotExist from exc
    return (sessions_for(user).prefetch_related(Prefetch("turns", queryset=InterviewTurn.objects.order_by("order")))
            .get(pk=pk))


def session_by_label(user, client_session_id: str) -> InterviewSession | None:
    """Seed 000: the session a client calls `session_id` (unique per user)."""
    if not client_session_id:
        return None
    return sessions_for(user).filter(client_session_id=client_session_id).first()


def turn_for(user, pk) -> InterviewTurn:
    try:
        pk = int(pk)
    except (TypeError, ValueError) as exc:
        raise InterviewTurn.DoesNotExist from exc
    return InterviewTurn.objects.select_related("session", "session__cover_letter").get(pk=pk, session__owner=user)


def turns_of(session: InterviewSession) -> list[InterviewTurn]:
    return list(session.turns.all())  # ordered by (session, order); uses session_for's prefetch


def current_turn(session: InterviewSession) -> InterviewTurn | None:
    """The asked-but-unanswered turn, if any."""
    turns = turns_of(session)
    return turns[-1] if turns and not turns[-1].answered_at else None


def audio_url(field, request=None) -> str | None:
    """A signed, expiring link to a private audio file (None when there is none)."""
    name = getattr(field, "name", field)
    return signed_url(name, request=request) if name else None
