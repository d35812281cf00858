"""The local engine's schedule parser: rules over ai.nlp.dates and the stage table in stages.py.

A posting is read line by line. In each line the stage mentions split it into regions; the
dates in a stage's region (or, failing that, the dates just before the first stage, or a
date-only next line, as in a two-column table turned into text) belong to that stage. An
application period gives two entries (서류 접수, 서류 마감); a deadline takes the last date of
its range; other stages take the first date and keep the range's end. Years: the posting's own
date ("게시일 2026.12.20", "Posted on …") or today is the base, dates without a year never fall
before it, and each follows the date written before it (ai.nlp.dates `future_only`).
"""
from __future__ import annotations

import re
from datetime import date

from ai.nlp import dates as nlp_dates
from ai.nlp.text import detect_language
from calendarparse.types import CalendarParse, Schedule
from calendarparse.local import stages as st
from ai.nlp.text import clean

_POSTED = re.compile(r"(?:게시일|등록일|공고일|작성일|게시\s*일자|공고\s*게시|posted(?:\s+on)?|date\s+posted|published)"
                     r"\s*[:：]?\s*", re.I)
_UNTIL_WORDS = re.compile(r"까지|마감|until|by\b|before\b|no later than|deadline|close", re.I)
_POSITION_SUFFIX = re.compile(r"\s*(?:개발자|엔지니어|담당자|담당|직무|채용|모집|신입|경력|\(.*?\))+$")
_LEVEL_TAGS = [("신입/경력", ["#신입", "#경력"]), ("신입", ["#신입"]), ("경력 무관", ["#경력무관"]), ("경력", ["#경력"])]


def parse(text: str, *, today: date) -> CalendarParse:
    text = clean(text or "")
    language = detect_language(text)
    english = language == "en"
    base = posting_date(text, today) or today
    mentions = nlp_dates.parse_dates(text, base, future_only=True)
    lines = _lines(text)
    schedules: list[Schedule] = []
    skip_next = False
    for index, (start, end, line) in enumerate(lines):
        if skip_next:
            skip_next = False
            continue
        line_mentions = [m for m in mentions if start <= m.span[0] < end and not _is_posting_date(line, m, start)]
        found = st.find_stages(line, english=english)
        if not found:
            continue
        if not any(m.date for m in line_mentions) and index + 1 < len(lines):
            # "서류 마감" on one line, its date alone on the next (tables turned into text)
            n_start, n_end, n_line = lines[index + 1]
            if not st.find_stages(n_line, english=english):
                next_mentions = [m for m in mentions if n_start <= m.span[0] < n_end]
                if any(m.date for m in next_mentions):
                    line_mentions = [_shift(m, start, n_start, len(line) + 1) for m in next_mentions]
                    line = f"{line} {n_line}"
                    skip_next = True
        schedules.extend(_line_schedules(line, start, found, line_mentions, english=english))
    schedules = _dedupe(schedules)
    notes = []
    rolling = st.undated_note(text)
    dated_deadline = next((s for s in schedules if s.kind == "deadline" and s.date), None)
    if rolling and dated_deadline is not None:
        dated_deadline.note = dated_deadline.note or rolling  # "마감 2026-12-15 (채용 시 조기 마감)"
    elif rolling:
        notes.append(rolling)
        if not any(s.kind == "deadline" for s in schedules):
            label = "Application deadline" if english else "서류 마감"
            schedules.insert(0, Schedule(stage=label, date=None, time=None, kind="deadline", note=rolling))
    facts = _facts(text)
    company = facts.company if facts else ""
    position = facts.position if facts else ""
    return CalendarParse(company=company, position=position, schedules=schedules,
                         hashtags=_hashtags(company, position, facts, rolling, text), notes=notes, engine="local",
                         language=language, base_date=base)


def posting_date(text: str, today: date) -> date | None:
    """The date the posting says it was published, if it says so with a full date."""
    for match in _POSTED.finditer(text):
        tail = text[match.end():match.end() + 40]
        found = nlp_dates.parse_dates(tail, today)
        if found and found[0].date and found[0].span[0] <= 2:
            return found[0].date
    return None


def _is_posting_date(line: str, mention, line_start: int) -> bool:
    before = line[:mention.span[0] - line_start]
    return bool(_POSTED.search(before[-25:]))


def _lines(text: str) -> list[tuple[int, int, str]]:
    out, offset = [], 0
    for raw in text.split("\n"):
        out.append((offset, offset + len(raw), raw))
        offset += len(raw) + 1
    return [item for item in out if item[2].strip()]


class _Shifted:
    """A date mention re-based onto a joined line."""

    def __init__(self, mention, span):
        self.date, self.time, self.role, self.approx, self.span = (mention.date, mention.time, mention.role,
                                                                   mention.approx, span)


def _shift(mention, line_start: int, next_start: int, joined_offset: int):
    start = mention.span[0] - next_start + joined_offset + line_start
    return _Shifted(mention, (start, start + mention.span[1] - mention.span[0]))


def _line_schedules(line: str, line_start: int, found: list[st.StageMention], mentions, *,
                    english: bool) -> list[Schedule]:
    """Pair the stages of one line with its dates."""
    rel = [(m.span[0] - line_start, m) for m in mentions]
    out: list[Schedule] = []
    for i, stage in enumerate(found):
        region_end = found[i + 1].start if i + 1 < len(found) else len(line)
        own = [m for pos, m in rel if stage.start <= pos < region_end]
        if i == 0 and not any(m.date for m in own):
            own = [m for pos, m in rel if pos < stage.start] + own  # "~1/15(목) 18:00 서류 마감"
        dated = [m for m in own if m.date]
        region = line[stage.start:region_end]
        if not dated:
            if stage.kind in ("deadline", "application") and st.ROLLING.search(line):
                note = st.undated_note(line)
                out.append(Schedule(stage="Application deadline" if english else "서류 마감", date=None,
                                    kind="deadline", note=note, source=line.strip()))
            continue
        clock_only = [m for m in own if not m.date and m.time]
        first, last = dated[0], dated[-1]
        first_time = first.time or (clock_only[0].time if clock_only and clock_only[0].span[0] > first.span[0] else None)
        note = "주간 일정" if first.approx == "week" and not english else ("week of" if first.approx == "week" else "")
        source = line.strip()
        if stage.kind == "application":
            if len(dated) >= 2 or last.role == "until" or _UNTIL_WORDS.search(region):
                if len(dated) >= 2:
                    out.append(Schedule(stage="Applications open" if english else "서류 접수", date=first.date,
                                        time=first.time, kind="application", source=source))
                out.append(Schedule(stage="Application deadline" if english else "서류 마감", date=last.date,
                                    time=last.time or (first_time if len(dated) == 1 else None), kind="deadline",
                                    source=source))
            else:
                out.append(Schedule(stage=stage.label, date=first.date, time=first_time, kind="application",
                                    source=source))
            continue
        if stage.kind == "deadline":
            out.append(Schedule(stage=stage.label, date=last.date, time=last.time or (first_time if len(dated) == 1 else None),
                                kind="deadline", note=note, source=source))
            continue
        end_date = last.date if len(dated) >= 2 and last.date > first.date else None
        if end_date is not None and first_time is None:
            first_time = last.time  # "1.20 ~ 1.24 오후 2시": each day at two
        if end_date is None and first.approx == "week":
            from datetime import timedelta

            end_date = first.date + timedelta(days=4)  # a working week
        out.append(Schedule(stage=stage.label, date=first.date, time=first_time, kind=stage.kind, end_date=end_date,
                            note=note, source=source))
    return out


def _dedupe(schedules: list[Schedule]) -> list[Schedule]:
    """One entry per (stage, date): the one with a time wins; ordered by date, undated last."""
    kept: dict[tuple, Schedule] = {}
    order: list[tuple] = []
    for item in schedules:
        key = (item.stage, item.date)
        if key not in kept:
            kept[key] = item
            order.append(key)
        elif item.time and not kept[key].time:
            kept[key] = item
    # an undated deadline is dropped when the posting also gives a dated one
    items = [kept[k] for k in order]
    if any(s.kind == "deadline" and s.date for s in items):
        items = [s for s in items if not (s.kind == "deadline" and s.date is None)]
    position = {id(s): n for n, s in enumerate(items)}
    return sorted(items, key=lambda s: (s.date is None, s.date or date.max, position[id(s)]))


def _facts(text: str):
    from postings.services import posting_rules

    try:
        return posting_rules(text)
    except Exception:  # noqa: BLE001 - company/position are a bonus; the schedule still stands
        return None


def _hashtags(company: str, position: str, facts, rolling: str, text: str) -> list[str]:
    tags: list[str] = []

    def add(word: str) -> None:
        word = re.sub(r"[\s#,·/()\[\]]+", "", word or "")
        if word and len(word) <= 30 and f"#{word}" not in tags:
            tags.append(f"#{word}")

    add(re.sub(r"^\(주\)|^주식회사|\(주\)$|주식회사$|,?\s*Inc\.?$", "", company).strip())
    role = _POSITION_SUFFIX.sub("", position or "").strip()
    add(role.split()[0] if role and len(role.split()) > 2 else role)
    level = facts.experience_level if facts else ""
    for name, level_tags in _LEVEL_TAGS:
        if level == name:
            for tag in level_tags:
                add(tag)
            break
    if not level and re.search(r"new\s+grad|entry[- ]level", text, re.I):
        add("NewGrad")
    if facts and facts.employment_type:
        add(facts.employment_type)
    if rolling and re.search(r"상시|수시|rolling", rolling, re.I):
        add("상시채용" if re.search(r"[가-힣]", rolling) else "Rolling")
    for skill in (facts.required_skills if facts else [])[:2]:
        add(skill)
    return tags[:8]
