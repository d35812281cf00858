"""Korean and English dates and times in free text, resolved against a base date.

Understands "2026년 1월 15일", "2026.01.15", "26.01.15", "1/20(화) 14:00", "~1.15까지",
"1월 25일 오후 2시", "오후 2시", "12/20", "Jan 15, 2026", "15 January", "오늘/내일/모레",
"다음 주 화요일", a day-only range end ("1월 10일 ~ 15일") and a week of a month ("1월 셋째 주",
"2월 2주차": the Monday of that week, `approx="week"`). A missing year is taken from the base
date, preferring a date ahead of it (a posting read in December that says "1/5" means next
January; with `future_only` never a date before the base); a weekday in brackets picks the year
whose calendar agrees.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

_KO_WEEKDAYS = {"월": 0, "화": 1, "수": 2, "목": 3, "금": 4, "토": 5, "일": 6}
_EN_WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
           "oct": 10, "nov": 11, "dec": 12}
_MONTH_RE = (r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
             r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_WD = (r"(?:\s*\(\s*(?P<wd>[월화수목금토일](?:요일)?|mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\s*\)"
       r"|\s+(?P<wd2>[월화수목금토일])요일)?")
_NB = r"(?<![\d.])"  # not inside a longer number

_DATE_PATTERNS = [
    ("ko", re.compile(rf"{_NB}(?:(?P<y>\d{{4}})\s*년\s*)?(?P<m>\d{{1,2}})\s*월\s*(?P<d>\d{{1,2}})\s*일{_WD}")),
    ("ymd", re.compile(rf"{_NB}(?P<y>\d{{4}})\s*[.\-/]\s*(?P<m>\d{{1,2}})\s*[.\-/]\s*(?P<d>\d{{1,2}})(?![\d])\.?{_WD}",
                       re.IGNORECASE)),
    ("yymmdd", re.compile(rf"{_NB}(?P<y2>\d{{2}})\.(?P<m>\d{{2}})\.(?P<d>\d{{2}})(?![\d.]){_WD}", re.IGNORECASE)),
    ("en_md", re.compile(rf"\b{_MONTH_RE}\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s*(?P<y>\d{{4}})\b)?",
                         re.IGNORECASE)),
    ("en_dm", re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_RE}\b\.?(?:,?\s*(?P<y>\d{{4}})\b)?",
                         re.IGNORECASE)),
    # the first day of "8 and 12 February", "8–12 Feb 2027" (the second day is en_dm's)
    ("en_dd_range", re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?=\s*(?:-|–|~|to|and|through)\s*\d{{1,2}}"
                               rf"(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_RE}\b\.?(?:,?\s*(?P<y>\d{{4}})\b)?)",
                               re.IGNORECASE)),
    ("slash", re.compile(rf"(?<![\d./])(?P<m>\d{{1,2}})\s*/\s*(?P<d>\d{{1,2}})(?![\d/]){_WD}", re.IGNORECASE)),
    # M.D only with a sign that it is a date: "~1.15", "1.15(목)", "1.15까지", "1.15 ~", "2. 15.(월)"
    ("dot", re.compile(rf"(?:(?<=~)|(?<=~\s)|{_NB})(?P<m>\d{{1,2}})\.\s?(?P<d>\d{{1,2}})(?:\.(?![\d.]))?(?![\d.]){_WD}"
                       r"(?=(?P<tail>\s*(?:까지|부터|마감|~|-|–|오전|오후|\d{1,2}:\d{2}))?)", re.IGNORECASE)),
    ("relative", re.compile(r"(?P<rel>오늘|내일|모레|글피|today|tomorrow|the day after tomorrow)", re.IGNORECASE)),
    ("week", re.compile(r"(?P<which>이번\s*주|다음\s*주|차주|다다음\s*주|this|next)\s*(?P<wk>[월화수목금토일])요일"
                        r"|(?P<which_en>this|next)\s+(?P<wk_en>mon|tues|wednes|thurs|fri|satur|sun)day",
                        re.IGNORECASE)),
    ("day_only", re.compile(r"(?<=[~\-–])\s*(?P<d>\d{1,2})\s*일(?!\s*[간동])")),
    ("month_week", re.compile(r"(?<!\d)(?:(?P<y>\d{4})\s*년\s*)?(?P<m>\d{1,2})\s*월\s*"
                              r"(?:(?P<nth>첫|둘|셋|넷|다섯|마지막)\s*째?\s*주|(?P<num>\d)\s*(?:주차|째\s*주|번째\s*주))")),
]
_NTH_WEEK = {"첫": 1, "둘": 2, "셋": 3, "넷": 4, "다섯": 5, "마지막": -1}
_TIME_PATTERNS = [
    re.compile(r"(?P<ap>오전|오후|낮|밤|저녁|새벽|아침)?\s*(?P<h>\d{1,2})\s*시(?!간|즌|작|스템|장)"  # not 시간, 시작…
               r"(?:\s*(?P<min>\d{1,2})\s*분|\s*(?P<half>반))?"),
    re.compile(r"(?P<ap>오전|오후|낮|밤|저녁|새벽|아침)?\s*(?<![\d.])(?P<h>\d{1,2}):(?P<min>\d{2})(?!\d)"
               r"(?:\s*(?P<en>[ap]\.?m\.?)(?![a-z]))?", re.IGNORECASE),
    re.compile(r"(?<![\d.:])(?P<h>\d{1,2})\s*(?P<en>[ap]\.?m\.?)(?![a-z])", re.IGNORECASE),
]
_JOINER = re.compile(r"[\s,]{0,3}(?:(?:at|@|on)\s+)?", re.IGNORECASE)  # "Jan 15 at 5 PM", "1/20 14:00"
_RELATIVE_DAYS = {"오늘": 0, "today": 0, "내일": 1, "tomorrow": 1, "모레": 2, "the day after tomorrow": 2, "글피": 3}


@dataclass(frozen=True)
class DateMention:
    date: date | None  # None for a time alone ("오후 2시")
    time: time | None
    span: tuple[int, int]
    text: str
    role: str = ""  # "from" (…부터, start of a range), "until" (~…, …까지, 마감) or ""
    approx: str = ""  # "week": the text names a week ("1월 셋째 주"), `date` is its Monday

    @property
    def datetime(self) -> datetime | None:
        return datetime.combine(self.date, self.time or time(0)) if self.date else None


@dataclass
class _Found:
    start: int
    end: int
    day: date
    explicit_year: bool
    approx: str = ""
    redo: object = None  # re-resolves a year-less date against another base


# A year-less date follows the one written before it when that keeps it within this many days
# ("2026.12.28 ~ 1.5" is 2027-01-05); further than that, the lines are not one sequence.
CHAIN_DAYS = 180


def parse_dates(text: str, base: date | None = None, *, future_only: bool = False) -> list[DateMention]:
    """Every date or time mention in order of appearance. `future_only`: a date written without
    a year is never put before `base` (schedules in a posting published on `base`), nor before
    the date written just before it ("2026.01.05 ~ 01.15" stays in January 2026)."""
    base = base or date.today()
    text = text or ""
    dates = _find_dates(text, base, future_only)
    times = _find_times(text, taken=[(f.start, f.end) for f in dates])
    mentions: list[DateMention] = []
    used_times: set[int] = set()
    for found in dates:
        end, clock = found.end, None
        for index, (t_start, t_end, value) in enumerate(times):
            gap = text[found.end:t_start]
            if index not in used_times and t_start >= found.end and _JOINER.fullmatch(gap):
                end, clock = t_end, value
                used_times.add(index)
                break
        mentions.append(DateMention(found.day, clock, (found.start, end), text[found.start:end],
                                    _role(text, found.start, end), found.approx))
    for index, (t_start, t_end, value) in enumerate(times):
        if index not in used_times:
            mentions.append(DateMention(None, value, (t_start, t_end), text[t_start:t_end],
                                        _role(text, t_start, t_end)))
    return sorted(mentions, key=lambda m: m.span)


def _find_dates(text: str, base: date, future_only: bool = False) -> list[_Found]:
    found: list[_Found] = []
    for kind, pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < f.end and f.start < end for f in found):
                continue  # an earlier, more specific pattern already took this text
            if kind == "dot" and not _dot_is_date(text, match):
                continue
            value = _resolve(kind, match, base, found, text, future_only)
            if value is not None and value[0] is not None:  # 2/30 and friends are not dates
                while text[start].isspace():
                    start += 1
                redo = None
                if future_only and not value[1] and kind not in ("relative", "week", "day_only"):
                    redo = (lambda k, m: lambda new_base: _resolve(k, m, new_base, [], text, True))(kind, match)
                found.append(_Found(start, end, value[0], value[1], "week" if kind == "month_week" else "", redo))
    found.sort(key=lambda f: f.start)
    if future_only:
        for previous, current in zip(found, found[1:]):
            if current.redo is not None and current.day != previous.day:
                chained = current.redo(previous.day)
                if chained and chained[0] and 0 <= (chained[0] - previous.day).days <= CHAIN_DAYS:
                    current.day = chained[0]
    return found


def _dot_is_date(text: str, match: re.Match) -> bool:
    before = text[:match.start()].rstrip()
    return bool(before.endswith("~") or match.group("wd") or match.group("wd2") or match.group("tail"))


def _resolve(kind: str, match: re.Match, base: date, found: list[_Found], text: str,
             future_only: bool = False) -> tuple[date | None, bool] | None:
    groups = match.groupdict()
    if kind == "month_week":
        return _month_week(groups, base, future_only)
    if kind == "relative":
        return base + timedelta(days=_RELATIVE_DAYS[groups["rel"].lower()]), True
    if kind == "week":
        return _week_day(groups, base), True
    if kind == "day_only":
        previous = [f for f in found if f.end <= match.start() and match.start() - f.end <= 6]
        if not previous:
            return None
        anchor = previous[-1].day
        try:
            day = anchor.replace(day=int(groups["d"]))
        except ValueError:
            return None
        return (day, previous[-1].explicit_year) if day >= anchor else None
    month = _MONTHS[groups["mon"][:3].lower()] if groups.get("mon") else int(groups["m"])
    day_num = int(groups["d"])
    weekday = _weekday(groups.get("wd") or groups.get("wd2"))
    if groups.get("y"):
        return _safe_date(int(groups["y"]), month, day_num), True
    if groups.get("y2"):
        return _safe_date(2000 + int(groups["y2"]), month, day_num), True
    return _infer_year(month, day_num, weekday, base, future_only), False


def nth_week_monday(year: int, month: int, nth: int) -> date | None:
    """The Monday of a month's n-th week (n = -1: the last). Week 1 is the one holding the
    month's first Thursday (the Korean and ISO convention), so "1월 첫째 주" never starts in
    December; a Monday before the 1st is moved to the 1st."""
    first = date(year, month, 1)
    first_thursday = first + timedelta(days=(3 - first.weekday()) % 7)
    week1 = first_thursday - timedelta(days=3)
    if nth == -1:
        following = date(year + (month == 12), month % 12 + 1, 1)
        last_thursday = following - timedelta(days=1)
        last_thursday -= timedelta(days=(last_thursday.weekday() - 3) % 7)
        return max(first, last_thursday - timedelta(days=3))
    monday = week1 + timedelta(weeks=nth - 1)
    if monday.month != month and monday > first:
        return None  # "2월 다섯째 주" in a four-week February
    return max(first, monday)


def _month_week(groups: dict, base: date, future_only: bool) -> tuple[date | None, bool]:
    month = int(groups["m"])
    nth = _NTH_WEEK[groups["nth"]] if groups.get("nth") else int(groups["num"])
    if not 1 <= month <= 12 or nth == 0 or nth > 5:
        return None, False
    if groups.get("y"):
        return nth_week_monday(int(groups["y"]), month, nth), True
    for year in (base.year - 1, base.year, base.year + 1):
        monday = nth_week_monday(year, month, nth)
        if monday and monday + timedelta(days=6) >= base:  # a week is ahead until it has ended
            return monday, False
    return None, False


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _infer_year(month: int, day: int, weekday: int | None, base: date, future_only: bool = False) -> date | None:
    candidates = [d for d in (_safe_date(base.year + k, month, day) for k in (-1, 0, 1)) if d]
    if weekday is not None and any(d.weekday() == weekday for d in candidates):
        candidates = [d for d in candidates if d.weekday() == weekday]  # the posting's own calendar wins
    elif future_only:
        candidates = [d for d in candidates if d >= base] or candidates
    if not candidates:
        return None
    # the past counts double: schedules mostly point ahead, but "12/20" read on 1/10 is last month
    return min(candidates, key=lambda d: (d - base).days if d >= base else 2 * (base - d).days)


def _weekday(token: str | None) -> int | None:
    if not token:
        return None
    token = token.lower()
    return _KO_WEEKDAYS.get(token[0]) if token[0] in _KO_WEEKDAYS else _EN_WEEKDAYS.get(token[:3])


def _week_day(groups: dict, base: date) -> date:
    which = re.sub(r"\s+", "", (groups.get("which") or groups.get("which_en") or "").lower())
    target = _KO_WEEKDAYS[groups["wk"]] if groups.get("wk") else _EN_WEEKDAYS[groups["wk_en"][:3].lower()]
    weeks = {"이번주": 0, "this": 0, "다음주": 1, "차주": 1, "next": 1, "다다음주": 2}[which]
    monday = base - timedelta(days=base.weekday())
    return monday + timedelta(weeks=weeks, days=target)


def _find_times(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, time]]:
    times: list[tuple[int, int, time]] = []
    for pattern in _TIME_PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            while start < end and text[start].isspace():
                start += 1
            if any(start < e and s < end for s, e in taken) or any(start < e and s < end for s, e, _ in times):
                continue
            value = _clock(match.groupdict())
            if value is not None:
                times.append((start, end, value))
    return sorted(times)


def _clock(groups: dict) -> time | None:
    hour = int(groups["h"])
    minute = 30 if groups.get("half") else int(groups.get("min") or 0)
    ko, en = groups.get("ap"), (groups.get("en") or "").replace(".", "").lower()
    if hour > 24 or minute > 59:
        return None
    if ko in ("오후", "저녁", "밤") or en == "pm":
        if hour < 12:
            hour += 12
    elif ko in ("오전", "새벽", "아침") or en == "am":
        if hour == 12:
            hour = 0
    elif ko == "낮":
        if hour < 6:
            hour += 12
    elif groups.get("min") is None and not groups.get("half") and 1 <= hour <= 6:
        hour += 12  # a bare "2시" in a schedule means the afternoon
    return time(hour % 24, minute)


def _role(text: str, start: int, end: int) -> str:
    before, after = text[max(0, start - 3):start].rstrip(), text[end:end + 6].lstrip()
    if before.endswith(("~", "–")) or after.startswith(("까지", "마감", "until")):
        return "until"
    if after.startswith(("부터", "~", "–", "from")) or text[max(0, start - 5):start].rstrip().lower().endswith("from"):
        return "from"
    return ""
