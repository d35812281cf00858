"""Questions about the user's documents, answered by quoting them (local engine).

Retrieval is documents.selectors.search (hybrid: vectors, full text, trigrams; owner-filtered),
plus the user's own mock-interview answers when the question is about interviews or the
documents hold nothing.
A passage counts only if it contains one of the question's content words; the answer quotes the
sentences that hold the most of them and cites each as [n] (document and page). When no passage
holds the words, the answer says so instead of guessing.
"""
from __future__ import annotations

import re

from django.db.models import Q

from ai.nlp.text import split_sentences
from assistant.types import Citation, citation_url
from documents import selectors
from documents.models import Chunk, Document
from documents.selectors import Passage, chunk_sentences, query_terms
from interviews.models import InterviewTurn

DOC_TYPE_WORDS = [
    (re.compile(r"이력서|resume|\bcv\b", re.I), "resume"),
    (re.compile(r"포트폴리오|portfolio", re.I), "portfolio"),
    (re.compile(r"채용\s*공고|공고|job\s+posting|\bposting", re.I), "job_posting"),
    (re.compile(r"자소서|자기소개서|cover\s+letter", re.I), "attachment"),
]
TYPE_LABEL = {"resume": ("이력서", "resume"), "portfolio": ("포트폴리오", "portfolio"),
              "job_posting": ("채용공고", "job posting"), "attachment": ("첨부 문서", "document")}
# Words that say where to look or that it is a question, not what to look for.
GENERIC = {"이력서", "resume", "cv", "포트폴리오", "portfolio", "공고", "채용공고", "채용", "posting", "job", "자소서",
           "자기소개서", "cover", "letter", "문서", "document", "documents", "경험", "experience", "내용", "관련", "뭐야",
           "뭐", "뭔가", "있어", "있는", "있나", "알려줘", "알려", "대해", "대한", "정리", "요약", "내", "my", "about",
           "what", "which", "무엇", "어떤", "했던", "했나", "했어", "했는지", "적힌", "적혀", "써있는", "나와", "나온", "줘",
           "have", "has", "had", "done", "mention", "say", "says", "written", "me", "tell", "is", "are", "was", "were",
           "말고", "빼고", "제외하고", "except", "other", "than"}
MAX_QUOTES = 3
# "성과가 뭐야?": a sentence with a measured outcome answers it even without the word itself
RESULT_WORDS = {"성과", "결과", "수치", "실적", "achievement", "achievements", "impact", "result", "results", "outcome"}
_REQUEST_ENDING = re.compile(r"(?:해\s*줘|해주세요|해줄래|줘|줄래|봤어|봤나|봤니|봤는지|었어|았어|했어|할래|할까)$")
_EXCEPT = re.compile(r"([^\s,]+?)\s*(?:말고|빼고|제외하고|except|other than)", re.I)
_RESULT = re.compile(r"\d+(?:\.\d+)?\s*(?:%|배|배로|시간|분|초|명|건|만|억|x\b|times)|향상|단축|개선|절감|증가|감소|improv|reduc|increas", re.I)


def _types_in(message: str) -> list[str]:
    return [doc_type for pattern, doc_type in DOC_TYPE_WORDS if pattern.search(message or "")]


def _citations(passages) -> list[Citation]:
    return [Citation(n=i, document_pk=p.document_pk, document_id=p.document_id, title=p.title, doc_type=p.doc_type,
                    page=p.page, chunk_id=p.chunk_id, quote=p.text[:600],
                    url=citation_url(p.doc_type, p.document_pk, p.page)) for i, p in enumerate(passages, start=1)]


_INTERVIEW_WORDS = re.compile(r"면접|인터뷰|답변|interview|answer", re.I)


def _interview_passages(user, focus: list[str], limit: int = 4):
    """The user's own mock-interview answers that contain the words (transcripts are not in the
    vector store; they are few per user, so a filtered scan is enough)."""
    words = [t for t in focus if t not in RESULT_WORDS and len(t) >= 2]
    if not words:
        return []
    condition = Q()
    for word in words:
        condition |= Q(answer_text__icontains=word)
    turns = (InterviewTurn.objects.filter(session__owner=user).exclude(answer_text="").filter(condition)
             .select_related("session").order_by("-session__created_at", "order")[:limit])
    return [Passage(chunk_id=-turn.pk, document_id=f"interview_{turn.session_id}", doc_type="interview", page=None,
                    text=turn.answer_text, score=0.0, vector_score=0.0, text_score=0.0, document_pk=turn.session_id,
                    title=f"모의면접 {turn.session.created_at:%Y-%m-%d} Q{turn.order}") for turn in turns]


def retrieve(user, query: str, *, k: int = 5) -> list[Citation]:
    """Passages for the openai engine's prompt: typed search first, then all documents."""
    types = _types_in(query)
    passages = selectors.search(user=user, query=query[:500], types=types or None, k=k)
    if not passages and types:
        passages = selectors.search(user=user, query=query[:500], k=k)
    if _INTERVIEW_WORDS.search(query or ""):
        passages = [*passages, *_interview_passages(user, focus_terms(query))]
    return _citations(passages)


def _contains(term: str, text: str) -> bool:
    if term in RESULT_WORDS:
        return bool(_RESULT.search(text or "")) or term in (text or "").lower()
    return term.lower() in (text or "").lower()


def focus_terms(message: str) -> list[str]:
    """What to look for: content words minus where-to-look words, request endings ("요약해줘") and
    anything the question excludes ("Kafka 말고 RabbitMQ" looks for RabbitMQ)."""
    excluded = {term for match in _EXCEPT.finditer(message or "") for term in query_terms(match.group(1))}
    terms = [t for t in query_terms(message) if t not in excluded]
    kept = [t for t in terms if t not in GENERIC and not _REQUEST_ENDING.search(t)]
    if not kept:
        kept = [_REQUEST_ENDING.sub("", t) for t in terms if t not in GENERIC and _REQUEST_ENDING.sub("", t)]
    return kept


def _display(term: str, message: str) -> str:
    """The word as the user wrote it (the search term is stemmed: redi → Redis)."""
    found = re.search(re.escape(term) + r"[A-Za-z0-9+#.]*", message or "", re.I)
    return found.group(0).rstrip(".") if found else term


def _recent_passages(user, types: list[str], limit: int = 30):
    """For "성과가 뭐야?": no word to search for, so read the documents' passages in order."""

    chunks = Chunk.objects.filter(owner=user).select_related("document").order_by("-document__updated_at", "ordinal")
    if types:
        chunks = chunks.filter(doc_type__in=types)
    return [Passage(chunk_id=c.pk, document_id=c.document.document_id, doc_type=c.doc_type, page=c.page, text=c.text,
                    score=0.0, vector_score=0.0, text_score=0.0, document_pk=c.document_id, title=c.document.display_name)
            for c in chunks[:limit]]


def answer(user, message: str, language: str) -> tuple[str, list[Citation]]:
    ko = language == "ko"
    focus = focus_terms(message)
    types = _types_in(message)

    has_interviews = InterviewTurn.objects.filter(session__owner=user).exclude(answer_text="").exists()
    if not has_interviews and not Document.objects.filter(owner=user, status=Document.Status.READY).exists():
        return (("아직 올린 문서가 없어서 답할 근거가 없습니다. ‘내 문서’에서 이력서나 포트폴리오를 올리면 "
                 "그 내용을 찾아 출처와 함께 답해 드릴게요. 일정(“이번 주 일정 알려줘”)이나 모의면접 기록도 물어보실 수 있어요.")
                if ko else ("You have not uploaded any documents yet, so I have nothing to answer from. Upload a "
                            "resume or portfolio under My documents and I will answer from it with sources. You can "
                            "also ask about your schedule (“what's on this week?”) or past mock interviews."), [])
    if not focus:
        return (("무엇을 찾을지 조금 더 구체적으로 적어 주세요. 예: “내 이력서에서 Kafka 경험은?”" if ko else
                 "Tell me a bit more about what to look for, e.g. “What does my resume say about Kafka?”"), [])
    query = " ".join(focus)
    passages = selectors.search(user=user, query=query, types=types or None, k=6)
    scope_types = types
    if not any(any(_contains(t, p.text) for t in focus) for p in passages) and types:
        passages = selectors.search(user=user, query=query, k=6)  # not in that document type: look everywhere
        scope_types = []
    if set(focus) <= RESULT_WORDS and not any(_contains(t, p.text) for p in passages for t in focus):
        passages = _recent_passages(user, types)
        scope_types = types
    relevant = [p for p in passages if any(_contains(t, p.text) for t in focus)]
    if has_interviews and (_INTERVIEW_WORDS.search(message) or not relevant):
        spoken = _interview_passages(user, focus)
        relevant = spoken + relevant if _INTERVIEW_WORDS.search(message) else relevant + spoken
    shown = ", ".join(_display(t, message) for t in focus[:3])
    absent = [t for t in focus if t not in RESULT_WORDS and not any(_contains(t, p.text) for p in relevant)]
    where = (TYPE_LABEL[types[0]][0] if ko else f"your {TYPE_LABEL[types[0]][1]}") if types else (
        "올리신 문서" if ko else "your documents")
    if not relevant:
        return ((f"{where}에서 ‘{shown}’에 관한 내용을 찾지 못했습니다. 문서에 적혀 있지 않은 내용은 추측해서 답하지 않을게요. "
                 "다른 표현으로 물어보시거나, 해당 경험이 담긴 문서를 올려 주세요.") if ko else
                (f"I could not find anything about “{shown}” in {where}. I will not guess about things your documents "
                 "do not say; try other words, or upload the document that covers it."), [])
    scored = []
    for rank, passage in enumerate(relevant[:4]):
        sentences = _sentences(passage)
        for index, sentence in enumerate(sentences):
            hits = sum(1 for t in focus if _contains(t, sentence))
            if hits:
                following = sentences[index + 1] if index + 1 < len(sentences) else ""
                if following and _RESULT.search(following) and not any(_contains(t, following) for t in focus):
                    sentence = f"{sentence} {following}"  # the outcome usually comes right after ("클릭률 12% 향상")
                elif len(sentence) < 30 and index > 0 and not any(
                        t not in RESULT_WORDS and _contains(t, sentence) for t in focus):
                    sentence = f"{sentences[index - 1]} {sentence}"  # a bare figure needs what it measured
                scored.append((-hits, rank, len(scored), sentence.strip(), passage))
    scored.sort(key=lambda item: item[:3])
    quotes, seen = [], set()
    for _hits, _rank, _order, sentence, passage in scored:
        key = re.sub(r"\W+", "", sentence)
        if key in seen:
            continue
        seen.add(key)
        quotes.append((sentence, passage))
        if len(quotes) == MAX_QUOTES:
            break
    used = []
    for _sentence, passage in quotes:
        if passage.chunk_id not in [p.chunk_id for p in used]:
            used.append(passage)
    citations = _citations(used)
    number = {c.chunk_id: c.n for c in citations}
    lines = [f"• “{_clip(sentence)}” [{number[passage.chunk_id]}]" for sentence, passage in quotes]
    sources = [f"[{c.n}] {c.title}" + ((f" {c.page}쪽" if ko else f", p. {c.page}") if c.page else "")
               for c in citations]
    found_in = where if (types and scope_types) else ("올리신 문서" if ko else "your documents")
    kinds = {c.doc_type == "interview" for c in citations}
    if kinds == {True}:
        found_in = "모의면접 답변" if ko else "your mock interview answers"
    elif kinds == {True, False}:
        found_in = f"{found_in}와 모의면접 답변" if ko else f"{found_in} and mock interview answers"
    present = ", ".join(_display(t, message) for t in focus[:3] if t not in absent)
    if ko:
        head = f"{found_in}에서 찾은 ‘{present}’ 관련 내용입니다."
        if types and not scope_types:
            head = f"{TYPE_LABEL[types[0]][0]}에는 ‘{present}’ 이야기가 없지만, 다른 문서에서 찾은 내용입니다."
        if absent:
            head = (f"{found_in}에서 ‘{', '.join(_display(t, message) for t in absent)}’에 관한 내용은 찾지 못했습니다. "
                    f"대신 ‘{present}’ 관련 내용은 다음과 같습니다.")
        tail = "출처: " + " · ".join(sources)
    else:
        head = f"Here is what {found_in} say{'s' if found_in.startswith('your ') and not found_in.endswith('s') else ''} about “{present}”."
        if types and not scope_types:
            head = f"Your {TYPE_LABEL[types[0]][1]} does not mention “{present}”, but another document does:"
        if absent:
            head = (f"I found nothing about “{', '.join(_display(t, message) for t in absent)}” in {found_in}; "
                    f"here is what they say about “{present}”.")
        tail = "Sources: " + " · ".join(sources)
    return "\n".join([head, *lines, "", tail]), citations


def _sentences(passage) -> list[str]:
    """The passage's sentences, split where the document had its lines (a chunk joins them with
    spaces, so a heading would otherwise run into the sentence after it)."""
    if passage.doc_type != "interview":
        document = Document.objects.filter(pk=passage.document_pk).only("pages", "text").first()
        if document is not None:
            source = next((p.get("text", "") for p in document.pages or [] if p.get("page") == passage.page),
                          "") if passage.page else document.text
            lines = [line for line in chunk_sentences(source or document.text) if line in passage.text]
            if lines:
                return [sentence for line in lines for sentence in split_sentences(line)]
    return split_sentences(passage.text)


def _clip(sentence: str, limit: int = 220) -> str:
    sentence = " ".join(sentence.split())
    return sentence if len(sentence) <= limit else sentence[:limit - 1].rstrip() + "…"
