"""The assistant's agent tools: their definitions (for tool calling) and how the server runs them.

On the seed 000 surface the client runs get_schedule/add_schedule/get_interview_history/
get_match_report itself (`tool_required`) and sends `tool_result` back; search_documents always
runs here (the documents live in our vector store). On the assistant page the server runs every
tool with `run()` and shows the result as a card.

Results have the seed's shape: {"tool", "success", "data"} (data for get_schedule is a list of
{"title", "date", "time"} as in the seed's example, with a few extra keys).
"""
from __future__ import annotations

import re
from datetime import date, time

from ai.llm import function_tool

TOOLS_RUN_BY_CLIENT = ("get_schedule", "add_schedule", "get_interview_history", "get_match_report")
TOOL_NAMES = ("get_schedule", "add_schedule", "search_documents", "get_interview_history", "get_match_report")
_ISO = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")

DEFINITIONS = [
    function_tool("get_schedule", "The user's hiring schedule (deadlines, tests, interviews) between two dates.", {
        "type": "object", "properties": {
            "start_date": {"type": "string", "description": "YYYY-MM-DD, inclusive"},
            "end_date": {"type": "string", "description": "YYYY-MM-DD, inclusive"}},
        "required": ["start_date", "end_date"]}),
    function_tool("add_schedule", "Add an event to the user's hiring calendar.", {
        "type": "object", "properties": {
            "title": {"type": "string", "description": "e.g. 카카오 1차 면접"},
            "date": {"type": "string", "description": "YYYY-MM-DD"},
            "time": {"type": ["string", "null"], "description": "HH:MM (24 h) or null"}},
        "required": ["title", "date"]}),
    function_tool("search_documents", "Search the user's own documents (resume, portfolio, postings, cover "
                                      "letters) and return passages with their page.", {
        "type": "object", "properties": {
            "query": {"type": "string"},
            "doc_type": {"type": ["string", "null"], "enum": ["resume", "portfolio", "job_posting", "attachment", None]}},
        "required": ["query"]}),
    function_tool("get_interview_history", "The user's recent mock interview reports (scores, strengths, weaknesses).", {
        "type": "object", "properties": {"limit": {"type": "integer", "minimum": 1, "maximum": 10}}}),
    function_tool("get_match_report", "The user's latest resume-to-posting match reports.", {
        "type": "object", "properties": {"posting_id": {"type": ["integer", "null"]}}}),
]


class ToolError(Exception):
    pass


def _date(value, name: str) -> date:
    if not isinstance(value, str) or not _ISO.match(value):
        raise ToolError(f"{name} must be YYYY-MM-DD.")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ToolError(f"{name} is not a real date.") from exc


def _time(value) -> time | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{1,2}:[0-9]{2}", value):
        raise ToolError("time must be HH:MM.")
    hour, minute = (int(part) for part in value.split(":"))
    if hour > 23 or minute > 59:
        raise ToolError("time must be HH:MM.")
    return time(hour, minute)


def run(user, tool: str, params: dict) -> dict:
    """Run a tool for `user`; always returns {"tool", "success", "data"} (and "error" on failure)."""
    handler = {"get_schedule": get_schedule, "add_schedule": add_schedule, "search_documents": search_documents,
               "get_interview_history": get_interview_history, "get_match_report": get_match_report}.get(tool)
    if handler is None:
        return {"tool": tool, "success": False, "data": None, "error": f"Unknown tool {tool!r}."}
    try:
        return {"tool": tool, "success": True, "data": handler(user, **_known(params, handler))}
    except ToolError as exc:
        return {"tool": tool, "success": False, "data": None, "error": str(exc)}


def _known(params: dict, handler) -> dict:
    names = handler.__code__.co_varnames[1:handler.__code__.co_argcount + handler.__code__.co_kwonlyargcount]
    return {k: v for k, v in (params or {}).items() if k in names}


def get_schedule(user, start_date=None, end_date=None) -> list[dict]:
    from calendarparse import selectors

    start, end = _date(start_date, "start_date"), _date(end_date, "end_date")
    if end < start:
        raise ToolError("end_date is before start_date.")
    if (end - start).days > 366:
        raise ToolError("Ask for at most a year at a time.")
    return [schedule_item(event) for event in selectors.events_between(user, start, end)]


def schedule_item(event) -> dict:
    return {"title": event.title, "date": event.date.isoformat(),
            "time": event.time.strftime("%H:%M") if event.time else None, "stage": event.stage,
            "company": event.company, "kind": event.kind, "id": event.pk,
            "end_date": event.end_date.isoformat() if event.end_date else None}


def add_schedule(user, title=None, date=None, time=None) -> dict:  # noqa: A002 - the tool's parameter names
    from calendarparse import services
    from calendarparse.services import find_stages, kind_of

    if not isinstance(title, str) or not title.strip():
        raise ToolError("title is required.")
    title = " ".join(title.split())[:150]
    day = _date(date, "date")
    clock = _time(time)
    # "카카오 1차 면접" → company 카카오, stage 1차 면접 (the calendar shows them together again)
    stages = find_stages(title, english=not re.search(r"[가-힣]", title))
    company, stage = "", title
    if stages and stages[0].start > 0:
        company, stage = title[:stages[0].start].strip(), title[stages[0].start:].strip()
    event = services.event_create(owner=user, company=company, position="", item=services.EventInput(
        stage=stage[:100], date=day, time=clock, kind=kind_of(stage)), source="assistant")
    return schedule_item(event)


def search_documents(user, query=None, doc_type=None, k=5) -> list[dict]:
    from documents import selectors

    if not isinstance(query, str) or not query.strip():
        raise ToolError("query is required.")
    passages = selectors.search(user=user, query=query[:500], types=[doc_type] if doc_type else None,
                                k=max(1, min(int(k or 5), 8)))
    return [{"document_pk": p.document_pk, "document_id": p.document_id, "title": p.title, "doc_type": p.doc_type,
             "page": p.page, "chunk_id": p.chunk_id, "text": p.text, "score": p.score} for p in passages]


def get_interview_history(user, limit=5) -> list[dict]:
    from interviews import selectors

    try:
        limit = max(1, min(int(limit or 5), 10))
    except (TypeError, ValueError) as exc:
        raise ToolError("limit must be a number.") from exc
    items = []
    for session in selectors.sessions_for(user).exclude(report=None)[:limit]:
        report = session.report or {}
        items.append({
            "id": session.pk, "date": session.created_at.date().isoformat(), "type": session.interview_type,
            "position": session.position, "total_score": report.get("total_score", session.total_score),
            "grade": report.get("grade", session.grade), "strengths": report.get("strength_patterns", [])[:4],
            "weaknesses": report.get("weakness_patterns", [])[:4], "guide": report.get("learning_guide", [])[:4],
            "feedback": report.get("total_feedback", "")[:600]})
    return items


def get_match_report(user, posting_id=None) -> list[dict]:
    from postings import selectors

    posting = None
    if posting_id not in (None, ""):
        try:
            posting = selectors.postings_for(user).filter(pk=int(posting_id)).first()
        except (TypeError, ValueError) as exc:
            raise ToolError("posting_id must be a number.") from exc
        if posting is None:
            raise ToolError("No such posting.")
    items = []
    for match in selectors.matches_for(user, posting=posting, limit=3):
        result = match.result or {}
        matching = result.get("matching", result)
        posting_info = result.get("posting_analysis", {})
        items.append({
            "id": match.pk, "date": match.created_at.date().isoformat(), "score": match.score, "grade": match.grade,
            "company": (match.posting.company if match.posting else "") or posting_info.get("company", ""),
            "position": (match.posting.position if match.posting else "") or posting_info.get("position", ""),
            "matched_skills": matching.get("matched_skills", [])[:10],
            "missing_skills": matching.get("missing_skills", [])[:10],
            "recommendations": matching.get("recommendations", [])[:4]})
    return items
