"""Korean particles (조사) chosen by how the preceding word is read aloud.

`josa("Python", "을/를")` → "Python을", `josa("서울", "으로")` → "서울로", `josa("SQL", "이")` →
"SQL이", `josa("3", "을")` → "3을". A template writes a marker after a placeholder —
"{skill}을(를)", "‘{quote}’(이)라고", "{position}(으)로서" — and `resolve()` turns every marker
into the one particle the word before it takes; `particle_errors()` is the grammar check the
evaluation set runs over every generated question.

Latin words and digits are read the way a Korean speaker says them: acronyms letter by letter
(SQL → 에스큐엘, so SQL을/SQL로), known names by their usual reading (Django → 장고, Kafka → 카프카),
other words by loanword spelling rules on their last letters (Python → 파이썬, Git → 깃, Redis →
레디스), numbers as Sino-Korean numerals (3 → 삼, 10 → 십, 1000 → 천).
"""
from __future__ import annotations

import re

HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3
_JONG = ["", "ㄱ", "ㄲ", "ㄳ", "ㄴ", "ㄵ", "ㄶ", "ㄷ", "ㄹ", "ㄺ", "ㄻ", "ㄼ", "ㄽ", "ㄾ", "ㄿ", "ㅀ", "ㅁ", "ㅂ", "ㅄ",
         "ㅅ", "ㅆ", "ㅇ", "ㅈ", "ㅊ", "ㅋ", "ㅌ", "ㅍ", "ㅎ"]

# Letter names as read in Korean; the final sound is what matters (엘, 엠, 엔, 알 end in consonants).
_LETTER_FINAL = {c: "" for c in "abcdeghijkopqstuvwxyz"} | {"f": "", "l": "ㄹ", "m": "ㅁ", "n": "ㄴ", "r": "ㄹ"}
_DIGIT_FINAL = {"0": "ㅇ", "1": "ㄹ", "2": "", "3": "ㅁ", "4": "", "5": "", "6": "ㄱ", "7": "ㄹ", "8": "ㄹ", "9": ""}
# Trailing zeros of an integer name its last place: 십, 백, 천, 만 … 억 … 조.
_PLACE_FINAL = {1: "ㅂ", 2: "ㄱ", 3: "ㄴ", 4: "ㄴ", 5: "ㄴ", 6: "ㄴ", 7: "ㄴ", 8: "ㄱ", 9: "ㄱ", 10: "ㄱ", 11: "ㄱ"}
_SYMBOL_FINAL = {"%": "", "#": "ㅂ", "+": "", "°": "", "℃": "", "$": "", "€": "", "₩": "ㄴ"}  # 퍼센트 샵 플러스 도 달러 유로 원

# Readings that the spelling rules get wrong, or that are worth pinning (lower-case word → final sound).
_READING_FINAL = {
    "django": "", "kafka": "", "java": "", "scala": "", "figma": "", "jira": "", "notion": "ㄴ", "slack": "ㄱ",
    "hub": "", "github": "", "gitlab": "ㅂ", "c++": "ㄹ", "c#": "ㅂ", "f#": "ㅂ", ".net": "ㅅ", "asp.net": "ㅅ",
    "go": "", "golang": "ㅇ", "rust": "", "kotlin": "ㄴ", "swift": "", "spring": "ㅇ", "string": "ㅇ",
    "redis": "", "nginx": "", "linux": "", "unix": "", "excel": "ㄹ", "oracle": "ㄹ", "google": "ㄹ",
    "apple": "ㄹ", "kaggle": "ㄹ", "tableau": "", "ubuntu": "", "hadoop": "ㅂ", "jupyter": "", "vue": "",
    "kubernetes": "", "helm": "ㅁ", "terraform": "ㅁ", "selenium": "ㅁ", "chromium": "ㅁ", "cinema": "",
    "react": "", "redux": "", "recoil": "ㄹ", "angular": "", "svelte": "", "vite": "", "jest": "",
    "celery": "", "flask": "", "express": "", "laravel": "ㄹ", "rails": "", "unity": "", "electron": "ㄴ",
    "bootstrap": "ㅂ", "webpack": "ㄱ", "babel": "ㄹ", "cypress": "", "playwright": "", "storybook": "ㄱ",
    "pandas": "", "numpy": "", "keras": "", "pytorch": "", "tensorflow": "", "airflow": "", "spark": "",
    "snowflake": "", "redshift": "", "bigquery": "", "looker": "", "docker": "", "jenkins": "", "ansible": "ㄹ",
    "prometheus": "", "grafana": "", "datadog": "", "sentry": "", "istio": "", "template": "ㅅ",
    "cache": "", "microservices": "", "agile": "ㄹ", "scrum": "ㅁ", "kanban": "ㄴ", "canva": "",
    "sketch": "", "zeplin": "ㄴ", "framer": "", "blender": "", "photoshop": "ㅂ", "illustrator": "",
    "firebase": "", "vercel": "ㄹ", "heroku": "", "cloudflare": "", "supabase": "", "lambda": "", "azure": "",
    "mongo": "", "postgres": "", "postgre": "", "mysql": "ㄹ", "sqlite": "", "mariadb": "", "cassandra": "",
    "elasticsearch": "", "opensearch": "", "kibana": "", "logstash": "", "grpc": "", "graphql": "ㄹ",
    "websocket": "ㅅ", "socket": "ㅅ", "javascript": "", "typescript": "", "script": "", "node": "",
    "python": "ㄴ", "ruby": "", "php": "", "perl": "ㄹ", "dart": "", "lua": "", "haskell": "ㄹ", "elixir": "",
    "erlang": "ㅇ", "clojure": "", "julia": "", "matlab": "ㅂ", "cobol": "ㄹ", "fortran": "ㄴ", "verilog": "",
    "solidity": "", "assembly": "", "groovy": "", "sass": "", "qt": "", "uikit": "ㅅ", "swiftui": "",
    "android": "", "ios": "", "unreal": "ㄹ", "hibernate": "", "mybatis": "", "querydsl": "ㄹ", "jpa": "",
    "nestjs": "", "nuxt": "", "next": "", "jquery": "", "tailwind": "", "flutter": "", "compose": "",
    "junit": "ㅅ", "pytest": "", "trino": "", "flink": "", "hive": "", "mlflow": "", "kubeflow": "",
    "langchain": "ㄴ", "opencv": "", "xgboost": "", "lightgbm": "ㅁ", "spss": "", "sas": "", "stata": "",
    "grafana's": "", "team": "ㅁ", "lead": "", "engineer": "", "developer": "", "manager": "", "designer": "",
}

_PAIRS = [  # (after a consonant, after a vowel); ㄹ-final words take the vowel form of 으로-particles
    ("이", "가"), ("을", "를"), ("은", "는"), ("과", "와"), ("아", "야"),
    ("으로", "로"), ("으로서", "로서"), ("으로써", "로써"), ("으로는", "로는"), ("으로도", "로도"), ("으로만", "로만"),
    ("으로부터", "로부터"), ("이라고", "라고"), ("이라는", "라는"), ("이라면", "라면"), ("이라도", "라도"),
    ("이라서", "라서"), ("이나", "나"), ("이나요", "나요"), ("이랑", "랑"), ("이며", "며"), ("이다", "다"),
    ("이든", "든"), ("이든지", "든지"), ("이에요", "예요"), ("이었", "였"), ("이었습니다", "였습니다"),
    ("이고", "고"), ("이면", "면"), ("이란", "란"), ("이야", "야"),
]
_FORMS: dict[str, tuple[str, str]] = {}
for _c, _v in _PAIRS:
    _FORMS.setdefault(_c, (_c, _v))
    _FORMS.setdefault(_v, (_c, _v))
# Forms that are words of their own after a vowel-final noun too (카프카이다 is fine), so the
# check does not call them wrong; only their consonant-form absence matters.
_OPTIONAL_I = {"이다", "이고", "이며", "이면", "이었", "이었습니다", "이든", "이든지", "이나요"}

_TRAILING = re.compile(r"[\s’”\"'」』\)\]}>»›…·.,!?~:;*_\-]+$")
_LATIN_TAIL = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+#%&/'\-]*[+#%]*$")


def _hangul_final(ch: str) -> str:
    return _JONG[(ord(ch) - HANGUL_FIRST) % 28]


def _number_final(number: str) -> str:
    digits = number.replace(",", "")
    if "." in digits:  # 3.5 → 삼 점 오: decimals are read digit by digit
        return _DIGIT_FINAL[digits.rstrip(".")[-1]]
    digits = digits.lstrip("0") or "0"
    if digits == "0":
        return "ㅇ"
    zeros = len(digits) - len(digits.rstrip("0"))
    if zeros == 0:
        return _DIGIT_FINAL[digits[-1]]
    return _PLACE_FINAL.get(zeros, "")  # 조 and beyond end in a vowel


def _is_acronym(segment: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", segment)
    if not letters:
        return False
    if letters.isupper() and len(letters) <= 6:
        return True
    # gRPC, iOS, eBPF: a lower-case prefix on an upper-case run is still spelled out
    return bool(re.fullmatch(r"[a-z]?[A-Z]{2,6}", letters))


def _english_final(word: str) -> str:
    """The last sound of an English word as Korean loanword spelling writes it."""
    w = word.lower()
    if w in _READING_FINAL:
        return _READING_FINAL[w]
    vowels = "aeiou"
    last = w[-1]
    if last in "aiouy" or last == "w" or last == "h" and not w.endswith(("ng",)):
        return ""
    if last == "e":
        if len(w) >= 3 and w[-2] == "l" and w[-3] not in vowels:
            return "ㄹ"  # Google, Oracle
        if w.endswith(("ine", "one", "ane", "une")):
            return "ㄴ"  # Engine, Pipeline, Phone
        if w.endswith(("ame", "ome", "ime")):
            return "ㅁ"  # Frame, Chrome, Runtime
        if w.endswith(("ale", "ile", "ole", "ule")):
            return "ㄹ"  # Scale, Mobile, Console, Module
        return ""
    if w.endswith("ng"):
        return "ㅇ"
    if last == "m":
        return "ㅁ"
    if last == "n":
        return "ㄴ"
    if last == "l":
        return "ㄹ"
    before = w[-2] if len(w) >= 2 else ""
    if last == "k":
        return "ㄱ" if before in vowels or before == "c" else ""  # Slack, Facebook; Spark, Flink → 크
    if last == "c":
        return "ㄱ" if before in vowels else ""  # Logic, Mac
    if last == "p":
        if before == "p":
            before = w[-3] if len(w) >= 3 else ""
        return "ㅂ" if before in vowels else ""  # App, Setup, Hadoop; Help → 헬프
    if last == "b":
        return "ㅂ" if before in vowels else ""  # Web, Lab; GitHub is pinned above
    if last == "t":
        if before in vowels and (len(w) < 3 or w[-3] not in vowels):
            return "ㅅ"  # Git, Chat, Socket; Boot → 부트
        return ""
    return ""  # d, g, s, x, z, f, v, r and the rest are read with a vowel after them


def final_sound(word: str) -> str:
    """The final consonant (받침) of `word` read aloud: "" after a vowel, otherwise the jamo
    ("ㄹ" matters on its own for 으로/로). Trailing quotes, brackets and ellipses are skipped."""
    text = _TRAILING.sub("", word or "")
    if not text:
        return ""
    last = text[-1]
    if HANGUL_FIRST <= ord(last) <= HANGUL_LAST:
        return _hangul_final(last)
    if last in _SYMBOL_FINAL and not text.lower().endswith(("c++", "c#", "f#")):
        if last == "%" or last == "#" and not re.search(r"[A-Za-z]#$", text):
            return _SYMBOL_FINAL[last]
    tail_match = _LATIN_TAIL.search(text)
    if not tail_match:
        return ""
    tail = tail_match.group()
    lowered = tail.lower()
    for pinned in (lowered, lowered.rsplit("/", 1)[-1]):
        if pinned in _READING_FINAL:
            return _READING_FINAL[pinned]
    number = re.search(r"\d[\d,]*(?:\.\d+)?$", tail)
    if number and (number.start() == 0 or not tail[number.start() - 1].isalpha()):
        return _number_final(number.group())
    if tail.endswith("%"):
        return ""
    # The last segment decides: PostgreSQL → SQL, MongoDB → DB, Node.js → js, FastAPI → API.
    segments = re.findall(r"[A-Z]{2,}(?=[A-Z][a-z]|\b|[^A-Za-z]|$)|[A-Z]?[a-z]+|[A-Z]+|\d+|[+#]+", tail)
    if not segments:
        return ""
    segment = segments[-1]
    if segment.isdigit():
        return _DIGIT_FINAL[segment[-1]]  # Python 3, S3, Route 53: read digit by digit at the end
    if set(segment) <= set("+#"):
        return "ㄹ" if segment == "++" else "ㅂ" if segment == "#" else ""
    if segment.lower() in _READING_FINAL:
        return _READING_FINAL[segment.lower()]
    if segment.lower() in ("js", "ts", "db", "io", "ai", "ui", "ux", "api"):
        return ""
    if _is_acronym(segment) or len(segment) == 1:
        return _LETTER_FINAL.get(segment[-1].lower(), "")
    whole = re.sub(r"[^A-Za-z]", "", tail)
    if whole.lower() in _READING_FINAL:
        return _READING_FINAL[whole.lower()]
    return _english_final(segment)


def has_final(word: str) -> bool:
    return final_sound(word) != ""


def choose(word: str, particle: str) -> str:
    """The form of `particle` (either form, or "을/를", "을(를)", "(으)로") that follows `word`."""
    if "/" in particle:
        key = particle.split("/")[0]
    elif particle.startswith("("):
        key = particle.replace("(", "").replace(")", "")
    elif "(" in particle:
        key = particle[:particle.index("(")]
    else:
        key = particle
    if key not in _FORMS:
        return key
    after_consonant, after_vowel = _FORMS[key]
    final = final_sound(word)
    if not final:
        return after_vowel
    if final == "ㄹ" and after_consonant.startswith("으로"):
        return after_vowel  # 서울로, SQL로, Excel로
    return after_consonant


def josa(word: str, particle: str) -> str:
    """`word` followed by the particle it takes: josa("Kafka", "을/를") → "Kafka를"."""
    return word + choose(word, particle)


# "을(를)", "이(가)", "(으)로서", "(이)라고" … written after a placeholder in a template.
_MARKER = re.compile(
    r"을\(를\)|를\(을\)|이\(가\)|가\(이\)|은\(는\)|는\(은\)|과\(와\)|와\(과\)|아\(야\)"
    r"|\(으\)로(?:서|써|는|도|만|부터)?"
    r"|\(이\)(?:라고|라는|라면|라도|라서|나요|나|랑|며|다|든지|든|에요|었습니다|었|고|면|란|야)?"
)


def resolve(text: str) -> str:
    """Replace every particle marker with the form the word before it takes."""
    if "(" not in (text or ""):
        return text

    def pick(match: re.Match) -> str:
        marker = match.group()
        before = text[:match.start()]
        if marker.startswith("(으)"):
            particle = "으" + marker[3:]
        elif marker.startswith("(이)"):
            particle = "이" + marker[3:] if marker[3:] else "이"
        else:
            particle = marker[0]
        return choose(before, particle)

    return _MARKER.sub(pick, text)


_CHECK_AFTER = re.compile(
    r"(?P<word>[A-Za-z0-9][A-Za-z0-9.+#%&\-]*[+#%]?|[’”」』\"])(?P<run>[\uac00-\ud7a3]+)")


def particle_errors(text: str, *, inserted: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Particles that do not agree with the word before them, and unresolved markers.

    Checked: every particle right after a Latin word, a number or a closing quote, and after each
    `inserted` value (the words a template filled in). A Hangul run counts as a particle only when
    it is one of the known forms, optionally followed by a short ending (Python이고 is fine)."""
    errors = [f"unresolved marker {m.group()!r}" for m in _MARKER.finditer(text or "")]
    spots: list[tuple[str, str]] = []
    for match in _CHECK_AFTER.finditer(text or ""):
        word = text[:match.start("run")]
        spots.append((word, match.group("run")))
    for value in inserted:
        value = (value or "").strip()
        if not value:
            continue
        for found in re.finditer(re.escape(value), text or ""):
            run = re.match(r"[\uac00-\ud7a3]+", text[found.end():])
            if run:
                spots.append((text[:found.end()], run.group()))
    for word, run in spots:
        form = _leading_particle(run)
        if not form or form in _OPTIONAL_I:
            continue
        expected = choose(word, form)
        if expected != form:
            tail = word[-12:]
            errors.append(f"{tail}{run}: expected {expected!r} after {tail!r}, got {form!r}")
    return errors


_BY_LENGTH = sorted(_FORMS, key=len, reverse=True)


def _leading_particle(run: str) -> str:
    """The particle a Hangul run starts with, when the rest is empty or a known continuation."""
    for form in _BY_LENGTH:
        if run == form:
            return form
    for form in _BY_LENGTH:
        rest = run[len(form):]
        if run.startswith(form) and rest in ("", "도", "는", "의", "만", "까지", "부터", "에서"):
            return form
    return ""


def particle(word: str, pair: str) -> str:
    """Only the particle josa() would attach: particle("쿠팡", "을/를") → "을"."""
    return josa(word, pair)[len(word):]


def join(items: list[str], conj: str = "") -> str:
    """"A, B, C" — Korean lists read fine with commas; `conj` ("와/과") joins two items."""
    items = [i for i in items if i]
    if len(items) == 2 and conj:
        return josa(items[0], conj) + " " + items[1]
    return ", ".join(items)
