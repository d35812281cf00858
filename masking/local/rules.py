"""Rules that find personal data in one line of text (Korean and English documents).

Each rule yields `Hit(type, start, end, confidence, rule)` over the line's characters. Numbers
are validated where a checksum or structure exists (resident registration numbers, Luhn for
cards, dates inside an RRN); types that are only personal next to a word that says so (birth
dates, bank accounts, names) need that label on the same line. Overlapping hits are settled by
confidence in `resolve`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Hit:
    type: str
    start: int
    end: int
    confidence: float
    rule: str


def _rx(pattern: str, flags: int = 0) -> re.Pattern:
    return re.compile(pattern, flags | re.VERBOSE)


S = r"(?:\s?[-.]?\s?)"  # between groups of digits: nothing, a space, '-' or '.', spaced or not

# --- resident / foreigner registration numbers ---------------------------------------------------
_RRN = _rx(r"(?<![\d\w])\d(?:\s?-?\s?\d){12}(?!\d)")
_RRN_PARTIAL = _rx(r"(?<!\d)\d{6}\s?-\s?[1-8][*xX●○•]{6}")
_RRN_LABEL = _rx(r"주민\s?(?:등록)?\s?번호|주민번호|\bRRN\b|Resident\s+(?:Registration|ID)", re.I)
_FOREIGN_LABEL = _rx(r"외국인\s?등록\s?번호|Alien\s+Registration|Foreign(?:er)?\s+Registration", re.I)
_RRN_LOOSE = _rx(r"(?<![\w])[\d(\[|/]{1,3}[\d\s\-()\[\]|/.]{10,22}\d(?!\d)")
_RRN_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)


def _rrn_date_ok(digits: str) -> bool:
    yy, mm, dd, gender = int(digits[0:2]), int(digits[2:4]), int(digits[4:6]), int(digits[6])
    if gender not in range(1, 9):
        return False
    century = 1900 if gender in (1, 2, 5, 6) else 2000
    try:
        date(century + yy, mm, dd)
    except ValueError:
        return False
    return True


def rrn_checksum_ok(digits: str) -> bool:
    """The check digit of numbers issued before October 2020 (foreigners' numbers: +2 mod 11)."""
    total = sum(int(d) * w for d, w in zip(digits[:12], _RRN_WEIGHTS))
    check = int(digits[12])
    if int(digits[6]) >= 5:
        return (13 - total % 11) % 10 == check or (11 - total % 11) % 10 == check
    return (11 - total % 11) % 10 == check


def _registration_numbers(text: str):
    labelled = bool(_RRN_LABEL.search(text))
    foreign_label = bool(_FOREIGN_LABEL.search(text))
    for match in _RRN.finditer(text):
        raw = match.group()
        digits = re.sub(r"\D", "", raw)
        if len(digits) != 13 or not _rrn_date_ok(digits):
            continue
        kind = "foreigner_id" if int(digits[6]) >= 5 or foreign_label else "resident_id"
        if rrn_checksum_ok(digits):
            yield Hit(kind, match.start(), match.end(), 0.98, "rrn_checksum")
        elif labelled or foreign_label:
            yield Hit(kind, match.start(), match.end(), 0.96, "rrn_label")
        elif re.search(r"\d{6}\s?-\s?\d", raw) or re.fullmatch(r"\d{6}\s\d{7}", raw):
            # numbers issued since October 2020 carry no check digit: the YYMMDD-G layout decides
            yield Hit(kind, match.start(), match.end(), 0.9, "rrn_format")
        else:
            yield Hit(kind, match.start(), match.end(), 0.8, "rrn_digits")
    if labelled or foreign_label:
        # OCR sometimes puts a stray mark inside the number ("7(01017-6683631"): after the label,
        # a run of 12-14 digits with such marks is still the number.
        for match in _RRN_LOOSE.finditer(text):
            digits = re.sub(r"\D", "", match.group())
            if 12 <= len(digits) <= 14:
                kind = "foreigner_id" if foreign_label or (len(digits) == 13 and digits[6] in "5678") else "resident_id"
                yield Hit(kind, match.start(), match.end(), 0.88, "rrn_label_loose")
    for match in _RRN_PARTIAL.finditer(text):
        if _rrn_date_ok(re.sub(r"\D", "", match.group())[:7] + "000000"):
            yield Hit("resident_id", match.start(), match.end(), 0.9, "rrn_partial")


# --- phones ------------------------------------------------------------------------------------------
_AREA = r"(?:0(?:2|3[1-3]|4[1-4]|5[1-5]|6[1-4]|70|50[2-8]))"
_MOBILE = r"(?:01[016789])"
_PHONE = _rx(rf"""
    (?<![\d+\w])
    (?: \(\s?{_MOBILE}\s?\)|{_MOBILE} ) {S} \d{{3,4}} {S} \d{{4}} (?!\d)
  | (?<![\d+\w])
    (?: \(\s?{_AREA}\s?\)|{_AREA} ) {S} \d{{3,4}} {S} \d{{4}} (?!\d)
  | \+\s?82 {S} (?:\(0\)\s?)? (?:1[016789]|2|3[1-3]|4[1-4]|5[1-5]|6[1-4]|70) {S} \d{{3,4}} {S} \d{{4}} (?!\d)
""")
_PHONE_LABEL = _rx(r"전화|연락처|휴대\s?폰|핸드폰|\bH\.?P\b|\bTel\b|Phone|Mobile|Cell|\bFax\b", re.I)


def _phones(text: str):
    labelled = bool(_PHONE_LABEL.search(text))
    for match in _PHONE.finditer(text):
        yield Hit("phone", match.start(), match.end(), 0.98 if labelled else 0.95, "phone")


# --- e-mail and profile URLs ---------------------------------------------------------------------------
_EMAIL = _rx(r"(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*\s?@\s?[A-Za-z0-9-]+(?:\s?\.\s?[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PROFILE = _rx(r"""
    (?:https?://)?(?:www\.)?
    (?: (?:github|gitlab|bitbucket)\.(?:com|org)/[\w-]+
      | (?:[a-z]{2}\.)?linkedin\.com/in/[\w%-]+
      | velog\.io/@[\w-]+
      | [\w-]+\.tistory\.com
      | (?:m\.)?blog\.naver\.com/[\w-]+
      | medium\.com/@[\w.-]+
      | brunch\.co\.kr/@[\w-]+
      | (?:instagram|facebook|threads)\.(?:com|net)/[\w.-]+
      | (?:twitter|x)\.com/\w+
      | [\w-]+\.github\.io
      | [\w-]+\.notion\.site
      | [\w-]+\.oopy\.io
    )
    [\w./@%#?=&~-]*
""", re.I)
_PROFILE_LABEL = _rx(r"""
    (?:블로그|Blog|GitHub|Git\s?Hub|깃허브|LinkedIn|링크드인|Portfolio|포트폴리오|Homepage|홈페이지|Website|웹사이트)
    \s*[:：]?\s*
    (?P<url>(?:https?://)?[\w-]+(?:\.[\w-]+)+(?:/[\w./@%#?=&~-]*)?)
""", re.I)


_EMAIL_LABELLED = _rx(r"(?:이\s?메\s?일|E-?mail|메일)\s*[:：;]?\s*(?P<e>\S*@\S*)", re.I)


def _online(text: str):
    for match in _EMAIL.finditer(text):
        yield Hit("email", match.start(), match.end(), 0.99, "email")
    for match in _EMAIL_LABELLED.finditer(text):
        # badly read addresses still carry their '@' next to the label
        yield Hit("email", match.start("e"), match.end("e"), 0.85, "email_label")
    for match in _PROFILE.finditer(text):
        yield Hit("profile_url", match.start(), match.end(), 0.95, "profile_url_host")
    for match in _PROFILE_LABEL.finditer(text):
        if "@" in match.group("url"):
            continue
        yield Hit("profile_url", match.start("url"), match.end("url"), 0.9, "profile_url_label")


# --- passports and driver's licences --------------------------------------------------------------------
_PASSPORT = _rx(r"(?<![A-Za-z0-9])(?:[MSRODG]\d{3}[A-Z]\d{4}|[MSRODG]\d{8})(?![A-Za-z0-9])")
_PASSPORT_LABELLED = _rx(r"(?:여권\s?번호|여권|Passport(?:\s+(?:No\.?|Number))?)\s*[:：]?\s*(?P<n>[A-Z]{1,2}\s?\d{7,8}|[A-Z]\d{3}[A-Z]\d{4})(?![A-Za-z0-9])", re.I)
_REGIONS = r"(?:서울|부산|경기|강원|충북|충남|전북|전남|경북|경남|제주|대구|인천|광주|대전|울산)"
_LICENCE = _rx(rf"""
    (?<![\d\w]) (?:{_REGIONS}\s?\d{{2}}|(?:1[1-9]|2[0-8])\s?-\s?\d{{2}}) \s?-\s? \d{{6}} \s?-\s? \d{{2}} (?!\d)
""")
_LICENCE_LABELLED = _rx(r"(?:운전\s?면허(?:\s?번호)?|면허\s?번호|Driver'?s?\s+Licen[cs]e(?:\s+(?:No\.?|Number))?)\s*[:：]?\s*(?P<n>(?:[가-힣]{2}\s?\d{2}|\d{2}\s?-?\s?\d{2})\s?-?\s?\d{6}\s?-?\s?\d{2})(?!\d)", re.I)


def _documents(text: str):
    for match in _PASSPORT_LABELLED.finditer(text):
        yield Hit("passport", match.start("n"), match.end("n"), 0.97, "passport_label")
    for match in _PASSPORT.finditer(text):
        yield Hit("passport", match.start(), match.end(), 0.85, "passport_format")
    for match in _LICENCE_LABELLED.finditer(text):
        yield Hit("driver_license", match.start("n"), match.end("n"), 0.99, "licence_label")
    for match in _LICENCE.finditer(text):
        yield Hit("driver_license", match.start(), match.end(), 0.9, "licence_format")


# --- cards and bank accounts ------------------------------------------------------------------------------
_CARD = _rx(r"(?<![\d\w])\d(?:[ -]?\d){12,18}(?!\d)")
_CARD_LABEL = _rx(r"카드|Card|VISA|Master|AMEX|신용|체크", re.I)
_BANK_LABEL = _rx(r"""
    은행|뱅크|\bBank\b|계좌|Account|입금|예금주|농협|신협|새마을금고|우체국|수협|
    \bKB\b|\bNH\b|\bIBK\b|SC제일|씨티|신한|하나|국민
""", re.I)
_ACCOUNT = _rx(r"(?<![\d\w])\d{2,6}(?:\s?-\s?\d{2,8}){1,4}(?!\d)|(?<![\d\w])\d{10,14}(?!\d)")


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, ch in enumerate(reversed(digits)):
        value = int(ch)
        if index % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _money(text: str):
    card_label = bool(_CARD_LABEL.search(text))
    for match in _CARD.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if not luhn_ok(digits) or len(set(digits)) == 1:
            continue
        if card_label and 13 <= len(digits) <= 19:
            yield Hit("card_number", match.start(), match.end(), 0.99, "card_luhn_label")
        elif len(digits) in (15, 16):
            yield Hit("card_number", match.start(), match.end(), 0.93, "card_luhn")
    label = _BANK_LABEL.search(text)
    if label:
        for match in _ACCOUNT.finditer(text):
            digits = re.sub(r"\D", "", match.group())
            if 10 <= len(digits) <= 16:
                yield Hit("bank_account", match.start(), match.end(), 0.92, "account_label")


# --- birth dates ---------------------------------------------------------------------------------------------
_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = rf"""(?:
      (?:19|20)\d{{2}} \s?[.\-/년]\s? \d{{1,2}} \s?[.\-/월]\s? \d{{1,2}} (?:\s?일|\.)?
    | \d{{2}}\s?[.\-/]\s?\d{{1,2}}\s?[.\-/]\s?\d{{1,2}}
    | \d{{1,2}}\s?[./-]\s?\d{{1,2}}\s?[./-]\s?(?:19|20)\d{{2}}
    | \d{{1,2}}\s+{_MONTHS},?\s+(?:19|20)\d{{2}}
    | {_MONTHS}\s+\d{{1,2}},?\s+(?:19|20)\d{{2}}
    | (?:19|20)\d{{6}}
)"""
_BIRTH = _rx(rf"""
    (?:생년월일|생\s?일|출생일|출생|Date\s+of\s+Birth|Birth\s?date|Birthday|D\.?\s?O\.?\s?B\.?|Born)
    \s*(?:\([^)]{{0,12}}\))?\s*[:：]?\s*
    (?P<d>{_DATE})
""", re.I)


def _birth(text: str):
    for match in _BIRTH.finditer(text):
        yield Hit("birth_date", match.start("d"), match.end("d"), 0.97, "birth_label")


# --- addresses --------------------------------------------------------------------------------------------------
_SIDO = r"""(?:서울특별시|서울시|서울|부산광역시|부산시|부산|대구광역시|대구시|대구|인천광역시|인천시|인천|광주광역시|
    광주시|대전광역시|대전시|대전|울산광역시|울산시|울산|세종특별자치시|세종시|세종|경기도|경기|강원특별자치도|강원도|강원|
    충청북도|충북|충청남도|충남|전북특별자치도|전라북도|전북|전라남도|전남|경상북도|경북|경상남도|경남|제주특별자치도|
    제주도|제주|광주)"""
_ADDRESS_KO = _rx(rf"""
    {_SIDO} \s? (?:[가-힣]{{1,6}}(?:시|군|구)\s?){{0,3}}
    (?:[가-힣0-9]{{1,8}}(?:읍|면)\s?)?
    (?: [가-힣0-9.]{{1,12}}(?:대로|로|길)\s?\d+(?:\s?-\s?\d+)?(?:\s?번길\s?\d+(?:-\d+)?)?
      | [가-힣0-9]{{1,8}}(?:동|리|가)\s?(?:산\s?)?\d+(?:\s?-\s?\d+)?(?:\s?번지)? )
    (?: ,?\s? (?: \([^)]{{1,20}}\) | [가-힣A-Za-z0-9-]{{1,12}}(?:동|호|층|빌딩|아파트|오피스텔|타워) | \d+\s?(?:동|호|층) ) )*
""")
_ADDRESS_EN = _rx(r"""
    (?:(?:Apt\.?|Unit|Suite|\#)\s?\d+[A-Za-z]?,?\s)?
    \d+(?:-\d+)?,?\s
    (?:[A-Z][A-Za-z0-9]*(?:-[a-z0-9]+)*-(?:ro|gil|daero)(?:\s?\d+(?:beon)?-?gil)?)
    (?:,?\s(?:[A-Z][A-Za-z0-9]*-(?:gu|si|gun|dong|eup|myeon)))*
    (?:,?\s(?:Seoul|Busan|Incheon|Daegu|Daejeon|Gwangju|Ulsan|Sejong|Gyeonggi-do|Jeju(?:-do)?|[A-Z][a-z]+-do))?
    (?:,?\s(?:\d{5}))?
    (?:,?\s(?:Republic\sof\sKorea|South\sKorea|Korea))?
""")
_ADDRESS_LABEL = _rx(r"""
    (?<![Ee]-mail\s)(?<![Ee]mail\s)(?<!IP\s)
    (?:현\s?주소|주\s?소|거주지|Home\s+Address|Address)\s*[:：]?\s*
    (?P<a>\S.*?)
    (?=\s+(?:연락처|전화|휴대폰|핸드폰|이메일|E-?mail|Phone|Mobile|Tel|생년월일|Birth)\b|$)
""", re.I)


def _addresses(text: str):
    for match in _ADDRESS_KO.finditer(text):
        if re.search(r"\d", match.group()):
            yield Hit("address", match.start(), match.end(), 0.93, "address_ko")
    for match in _ADDRESS_EN.finditer(text):
        yield Hit("address", match.start(), match.end(), 0.9, "address_en")
    for match in _ADDRESS_LABEL.finditer(text):
        value = match.group("a")
        if len(re.sub(r"\W", "", value)) >= 5 and "@" not in value:
            yield Hit("address", match.start("a"), match.end("a"), 0.9, "address_label")


# --- names next to labels ------------------------------------------------------------------------------------
_NAME = _rx(r"""
    (?<![A-Za-z가-힣])(?<!Company\s)(?<!Project\s)(?<!File\s)(?<!User\s)(?<!Product\s)(?<!School\s)(?<!Bank\s)(?<!Course\s)
    (?:성\s?명|이\s?름|한글\s?(?:성명|이름)|지원자(?:\s?성명)?|예금주|Full\s+Name|Name|Applicant|Account\s+Holder)
    \s*(?:\((?:한글|국문|Korean)\))?\s*[:：]?\s*
    (?P<n>
        [가-힣]{2,4}(?![가-힣])
      | [가-힣](?:\s[가-힣]){1,3}(?![가-힣])
      | [A-Z][A-Za-z'-]+(?:\s[A-Z][A-Za-z'-]+){1,2}
    )
""")
_NOT_NAMES = {"없음", "미정", "해당", "기입", "작성", "입력", "확인", "서명", "Signature", "Date"}


_NAME_TOKEN = _rx(r"(?<![가-힣])(?:성\s?명|이\s?름)\s*[:：]?\s*(?P<n>[^\s\d:：]{2,8})(?=\s|$)")
_LABEL_WORDS = re.compile(r"^(?:휴대폰|연락처|전화|생년월일|주소|현주소|이메일|성별|나이|국적|주민|외국인|여권|운전|계좌|카드|"
                          r"Date|Phone|Address|E-?mail|Mobile|Birth|Passport|Account)", re.I)


def _names(text: str):
    for match in _NAME_TOKEN.finditer(text):
        # a Korean label followed by one word: the name, even when OCR misread its letters
        if not _LABEL_WORDS.match(match.group("n")) and match.group("n") not in _NOT_NAMES:
            yield Hit("name", match.start("n"), match.end("n"), 0.85, "name_label_token")
    for match in _NAME.finditer(text):
        value = match.group("n")
        if value.replace(" ", "") in _NOT_NAMES or value.split(" ")[0] in _NOT_NAMES or _LABEL_WORDS.match(value):
            continue
        yield Hit("name", match.start("n"), match.end("n"), 0.95, "name_label")


RULES = (_registration_numbers, _phones, _online, _documents, _money, _birth, _addresses, _names)


def find(text: str) -> list[Hit]:
    hits: list[Hit] = []
    for rule in RULES:
        hits.extend(rule(text))
    return hits


def resolve(hits: list[Hit]) -> list[Hit]:
    """Keep the most confident hit where hits overlap (a card beats an account on the same digits)."""
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (-h.confidence, -(h.end - h.start))):
        if all(hit.end <= other.start or hit.start >= other.end for other in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: h.start)
