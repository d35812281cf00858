"""Pages: the list of the user's avatar sessions and the avatar room (browser session login)."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from avatar import selectors, services
from avatar.models import AvatarSession


@login_required
def session_list(request):
    qs = AvatarSession.objects.filter(owner=request.user).order_by("-created_at", "-id")
    services.sessions_expire_due(owner=request.user)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    rows = [{"session": s, "duration": selectors.duration_seconds(s), "feedback": s.feedback or {}}
            for s in page.object_list]
    return render(request, "avatar/list.html", {"page": page, "rows": rows,
                                                "types": AvatarSession.InterviewType.choices,
                                                "languages": AvatarSession.Language.choices,
                                                "difficulties": AvatarSession.Difficulty.choices})


@login_required
@require_POST
def session_new(request):
    def pick(name, choices, default):
        value = request.POST.get(name, default)
        return value if value in choices else default

    try:
        session = services.session_create(
            owner=request.user, user_id=request.user.username,
            interview_type=pick("interview_type", AvatarSession.InterviewType.values, "general"),
            language=pick("language", AvatarSession.Language.values, "ko"),
            difficulty=pick("difficulty", AvatarSession.Difficulty.values, "medium"),
            duration_minutes=30)
    except services.AvatarError as exc:
        from django.contrib import messages

        messages.error(request, exc.details or exc.message)
        return redirect("avatar:room")
    return redirect("avatar:session", session_id=session.session_id)


@login_required
def room(request, session_id: str):
    try:
        session = selectors.session_get(owner=request.user, session_id=session_id)
    except services.AvatarError:
        raise Http404 from None
    body = selectors.session_response(session, request=request)
    return render(request, "avatar/room.html", {"session": session, "body": body,
                                                "ended": session.status in AvatarSession.ENDED})
