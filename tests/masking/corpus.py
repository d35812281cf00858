"""A corpus of generated resumes and forms (Korean and English) with planted personal data.

Every document is built from lines of segments; a segment with a type is planted personal
data, and its box on the page is known because we draw it ourselves. Each template is made
four ways: a clean PNG (screenshot), a JPEG photo of the page (slight rotation, noise, blur),
a scanned PDF (image only) and a digital PDF (text layer). Values come from a seeded random
generator, so the corpus is the same on every run.
"""
from __future__ import annotations

import io
import math
import random
import re
from dataclasses import dataclass, field

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from tests.documents.files import NOTO_CJK, NOTO_KR_INDEX

PAGE_W, PAGE_H = 1654, 2339  # A4 at 200 dpi: the masking page grid for PDFs
DPI = 200
OWNER_EN = "Park Minseo"
OWNER_KO = "박민서"


@dataclass
class Planted:
    type: str
    text: str
    page: int
    box: tuple[int, int, int, int]


@dataclass
class Doc:
    name: str
    kind: str  # "image" | "pdf"
    data: bytes
    planted: list[Planted]
    lang: str
    variant: str
    owner: str = ""
    texts: list[str] = field(default_factory=list)  # every line, for reference


# --- values -----------------------------------------------------------------------------------------
KO_SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
KO_GIVEN = ["민수", "서연", "지훈", "하은", "도윤", "지우", "현우", "수아", "예준", "채원", "시우", "유진"]
EN_FIRST = ["Jisoo", "Hyunwoo", "Minji", "Daniel", "Sora", "Kevin", "Yuna", "Jaehyun"]
EN_LAST = ["Kim", "Lee", "Choi", "Jung", "Kang", "Yoon", "Han", "Shin"]
KO_ADDRESSES = ["서울특별시 강남구 테헤란로 152, 12층", "서울시 마포구 월드컵북로12길 34", "경기도 성남시 분당구 판교역로 235",
                "부산광역시 해운대구 센텀중앙로 79", "대전광역시 유성구 대학로 99", "인천광역시 연수구 송도과학로 32",
                "경기도 수원시 영통구 매탄동 416-2", "서울특별시 서초구 반포대로 58, 101동 1203호"]
EN_ADDRESSES = ["152 Teheran-ro, Gangnam-gu, Seoul", "34 Worldcupbuk-ro 12-gil, Mapo-gu, Seoul",
                "235 Pangyoyeok-ro, Bundang-gu, Seongnam-si, Gyeonggi-do", "79 Centum jungang-ro, Haeundae-gu, Busan"]
BANKS = ["국민은행", "신한은행", "우리은행", "하나은행", "카카오뱅크", "NH농협"]


def _rrn(rng: random.Random, *, checksum: bool, foreign: bool = False) -> str:
    while True:
        yy, mm, dd = rng.randint(70, 99), rng.randint(1, 12), rng.randint(1, 28)
        gender = rng.choice([5, 6] if foreign else [1, 2])
        body = f"{yy:02d}{mm:02d}{dd:02d}{gender}{rng.randint(0, 99999):05d}"
        weights = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
        total = sum(int(d) * w for d, w in zip(body, weights))
        good = ((13 if foreign else 11) - total % 11) % 10
        check = good if checksum else (good + rng.randint(1, 9)) % 10
        if not checksum and ((11 - total % 11) % 10 == check or (13 - total % 11) % 10 == check):
            continue
        return f"{body[:6]}-{body[6:]}{check}"


def _luhn_card(rng: random.Random) -> str:
    digits = [4] + [rng.randint(0, 9) for _ in range(14)]
    total = 0
    for index, value in enumerate(reversed(digits)):
        if index % 2 == 0:
            value *= 2
            value = value - 9 if value > 9 else value
        total += value
    digits.append((10 - total % 10) % 10)
    text = "".join(map(str, digits))
    return " ".join(text[i:i + 4] for i in range(0, 16, 4))


def _phone(rng: random.Random, style: int) -> str:
    a, b = rng.randint(1000, 9999), rng.randint(1000, 9999)
    return [f"010-{a}-{b}", f"010 {a} {b}", f"010.{a}.{b}", f"+82 10-{a}-{b}", f"02-{rng.randint(100, 999)}-{b}",
            f"031-{a}-{b}", f"010{a}{b}"][style % 7]


def _address_lines(address: str, *, wrapped: bool):
    """The address on one line, or broken after the district as narrow forms do."""
    if not wrapped:
        return [[("주소: ", None), (address, "address")]]
    parts = address.split(" ")
    return [[("주소: ", None), (" ".join(parts[:2]), "address")], [(" ".join(parts[2:]), "address", 236)]]


# --- templates: lines of (text, type | None) segments -----------------------------------------------------
Line = list[tuple[str, str | None]]


def korean_resume(rng: random.Random, i: int) -> tuple[list[Line], str]:
    name = rng.choice(KO_SURNAMES) + rng.choice(KO_GIVEN)
    user = f"{rng.choice(['minsu', 'seoyeon', 'jihoon', 'haeun'])}{rng.randint(10, 99)}"
    return [
        [("이력서", None)],
        [("성명: ", None), (name, "name")],
        [("생년월일: ", None), (f"{rng.randint(1985, 2000)}.{rng.randint(1, 12):02d}.{rng.randint(1, 28):02d}", "birth_date")],
        [("주민등록번호: ", None), (_rrn(rng, checksum=i % 2 == 0), "resident_id")],
        [("연락처: ", None), (_phone(rng, i), "phone")],
        [("이메일: ", None), (f"{user}@naver.com", "email")],
        *_address_lines(rng.choice(KO_ADDRESSES), wrapped=i % 2 == 1),
        [("GitHub: ", None), (f"github.com/{user}", "profile_url")],
        [("경력", None)],
        [("2019.03 - 2023.02 카카오 백엔드 개발자", None)],
        [("정산 배치 처리 시간을 6시간에서 40분으로 단축", None)],
        [("고객센터 1588-1234 운영 시스템 개선", None)],
        [("위 내용은 사실과 다름이 없습니다. ", None), (OWNER_KO, "name")],
    ], OWNER_KO


def english_resume(rng: random.Random, i: int) -> tuple[list[Line], str]:
    name = f"{rng.choice(EN_FIRST)} {rng.choice(EN_LAST)}"
    user = name.lower().replace(" ", ".")
    return [
        [("RESUME", None)],
        [("Name: ", None), (name, "name")],
        [("Date of Birth: ", None), (f"{rng.choice(['March', 'July', 'Oct'])} {rng.randint(1, 28)}, {rng.randint(1985, 2000)}", "birth_date")],
        [("Phone: ", None), (_phone(rng, i + 3), "phone")],
        [("Email: ", None), (f"{user}@gmail.com", "email")],
        [("Address: ", None), (rng.choice(EN_ADDRESSES), "address")],
        [("LinkedIn: ", None), (f"linkedin.com/in/{user.replace('.', '-')}", "profile_url")],
        [("Passport No. ", None), (f"M{rng.randint(10000000, 99999999)}", "passport")],
        [("Experience", None)],
        [("2020 - 2024 Naver, Search platform engineer", None)],
        [("Cut p99 latency from 800 ms to 120 ms for 3,000 QPS", None)],
        [("References available from ", None), (OWNER_EN, "name"), (" on request", None)],
    ], OWNER_EN


def korean_form(rng: random.Random, i: int) -> tuple[list[Line], str]:
    name = rng.choice(KO_SURNAMES) + rng.choice(KO_GIVEN)
    bank = rng.choice(BANKS)
    return [
        [("입사지원서 (인적사항)", None)],
        [("이름 ", None), (name, "name"), ("   휴대폰 ", None), (_phone(rng, i + 1), "phone")],
        [("외국인등록번호 ", None), (_rrn(rng, checksum=i % 2 == 1, foreign=True), "foreigner_id")],
        [("운전면허번호 ", None), (f"{rng.randint(11, 28)}-{rng.randint(10, 99)}-{rng.randint(100000, 999999)}-{rng.randint(10, 99)}", "driver_license")],
        [("급여 계좌: ", None), (f"{bank} ", None), (f"{rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(100000, 999999)}", "bank_account")],
        [("카드번호: ", None), (_luhn_card(rng), "card_number")],
        [("현주소: ", None), (rng.choice(KO_ADDRESSES), "address")],
        [("블로그: ", None), (f"{rng.choice(['dev', 'code', 'log'])}{rng.randint(10, 99)}.tistory.com", "profile_url")],
        [("지원 분야: 데이터 엔지니어 / 희망 연봉 5,500만원", None)],
        [("사업자등록번호 120-81-47521 (주)테크컴퍼니", None)],
        [("작성자 ", None), (OWNER_KO, "name")],
    ], OWNER_KO


def korean_table(rng: random.Random, i: int) -> tuple[list[Line], str]:
    """A form with headings above their values, in columns (입사지원서 인적사항 표)."""
    name = rng.choice(KO_SURNAMES) + rng.choice(KO_GIVEN)
    bank = rng.choice(BANKS)
    return [
        [("입사지원서", None)],
        [("성명", None, 140), ("생년월일", None, 620), ("휴대폰", None, 1100)],
        [(name, "name", 140), (f"{rng.randint(1985, 2000)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "birth_date", 620),
         (_phone(rng, i + 2), "phone", 1100)],
        [("주민등록번호", None, 140), ("이메일", None, 800)],
        [(_rrn(rng, checksum=i % 2 == 0), "resident_id", 140), (f"{rng.choice(['kim', 'lee', 'park'])}{rng.randint(100, 999)}@daum.net", "email", 800)],
        [("주소", None, 140)],
        [(rng.choice(KO_ADDRESSES), "address", 140)],
        [("계좌번호", None, 140), ("예금주", None, 1100)],
        [(f"{bank} ", None, 140), (f"{rng.randint(100, 999)}-{rng.randint(100, 999)}-{rng.randint(100000, 999999)}", "bank_account"),
         (OWNER_KO, "name", 1100)],
        [("입사일", None, 140), ("퇴사일", None, 620), ("회사", None, 1100)],
        [("2018.03.02", None, 140), ("2022.02.28", None, 620), ("테크컴퍼니", None, 1100)],
        [("자격증: 정보처리기사 (2019.11.22 취득)", None)],
    ], OWNER_KO


def english_table(rng: random.Random, i: int) -> tuple[list[Line], str]:
    name = f"{rng.choice(EN_FIRST)} {rng.choice(EN_LAST)}"
    user = name.lower().replace(" ", "_")
    return [
        [("APPLICATION FORM", None)],
        [("Name", None, 140), ("Date of Birth", None, 700), ("Mobile", None, 1150)],
        [(name, "name", 140), (f"{rng.randint(1, 28)} {rng.choice(['Jan', 'Apr', 'Sep'])} {rng.randint(1985, 2000)}", "birth_date", 700),
         (_phone(rng, i + 4), "phone", 1150)],
        [("E-mail", None, 140), ("Passport No.", None, 900)],
        [(f"{user}@outlook.com", "email", 140), (f"M{rng.randint(100, 999)}{rng.choice('ABCDEFGH')}{rng.randint(1000, 9999)}", "passport", 900)],
        [("Address", None, 140)],
        [(rng.choice(EN_ADDRESSES), "address", 140)],
        [("Portfolio: ", None), (f"{user.replace('_', '')}.github.io", "profile_url")],
        [("Start date", None, 140), ("End date", None, 700), ("Employer", None, 1150)],
        [("2019-01-07", None, 140), ("2023-06-30", None, 700), ("Coupang", None, 1150)],
        [("Signed by ", None), (OWNER_EN, "name"), (" on 2026-11-30", None)],
    ], OWNER_EN


TEMPLATES = [("ko_resume", korean_resume, "ko"), ("en_resume", english_resume, "en"), ("ko_form", korean_form, "ko"),
             ("ko_table", korean_table, "ko"), ("en_table", english_table, "en")]
VARIANTS = ["png", "photo", "scan_pdf", "text_pdf"]


# --- drawing ---------------------------------------------------------------------------------------------
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(NOTO_CJK, size, index=NOTO_KR_INDEX)


def face_image(size: int = 150) -> Image.Image:
    """A drawn ID photo: OpenCV's frontal face cascades find it like a photographed face."""
    image = Image.new("L", (size * 2, size * 2), 235)
    draw = ImageDraw.Draw(image)
    s, cx, cy = size / 200, size, size
    draw.ellipse([cx - 80 * s, cy - 105 * s, cx + 80 * s, cy + 110 * s], fill=180)
    draw.ellipse([cx - 95 * s, cy - 130 * s, cx + 95 * s, cy - 40 * s], fill=40)
    draw.ellipse([cx - 80 * s, cy - 60 * s, cx + 80 * s, cy + 110 * s], fill=180)
    for ex in (-35, 35):
        draw.rectangle([cx + (ex - 22) * s, cy - 38 * s, cx + (ex + 22) * s, cy - 30 * s], fill=50)
        draw.ellipse([cx + (ex - 18) * s, cy - 20 * s, cx + (ex + 18) * s, cy - 4 * s], fill=60)
    draw.polygon([(cx, cy - 5 * s), (cx - 12 * s, cy + 35 * s), (cx + 12 * s, cy + 35 * s)], fill=150)
    draw.ellipse([cx - 30 * s, cy + 50 * s, cx + 30 * s, cy + 66 * s], fill=70)
    return image.filter(ImageFilter.GaussianBlur(3 * s)).convert("RGB")


def draw_page(lines: list[Line], *, with_face: bool, size: int = 40) -> tuple[Image.Image, list[Planted]]:
    image = Image.new("RGB", (PAGE_W, PAGE_H), "white")
    draw = ImageDraw.Draw(image)
    font = _font(size)
    planted = []
    x0, y, step = 140, 160, int(size * 2.1)
    for line in lines:
        x = x0
        for segment in line:
            text, kind = segment[0], segment[1]
            if len(segment) > 2:  # a table column: starts at this x
                x = segment[2]
            if kind:
                left, top, right, bottom = draw.textbbox((x, y), text, font=font)
                planted.append(Planted(kind, text, 1, (left, top, right - left, bottom - top)))
            draw.text((x, y), text, font=font, fill="black")
            x += draw.textlength(text, font=font)
        y += step
    if with_face:
        face = face_image(150)
        image.paste(face, (PAGE_W - 140 - face.width, 140))
        planted.append(Planted("face", "", 1, (PAGE_W - 140 - face.width + 40, 140 + 30, face.width - 80, face.height - 60)))
    return image, planted


def _rotate_box(box, angle_deg: float, centre: tuple[float, float]) -> tuple[int, int, int, int]:
    x, y, w, h = box
    a = math.radians(-angle_deg)  # PIL rotates counter-clockwise for positive angles (y grows downwards)
    cx, cy = centre
    points = []
    for px, py in ((x, y), (x + w, y), (x, y + h), (x + w, y + h)):
        dx, dy = px - cx, py - cy
        points.append((cx + dx * math.cos(a) - dy * math.sin(a), cy + dx * math.sin(a) + dy * math.cos(a)))
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return round(min(xs)), round(min(ys)), round(max(xs) - min(xs)), round(max(ys) - min(ys))


def photo(image: Image.Image, planted: list[Planted], rng: random.Random) -> tuple[Image.Image, list[Planted]]:
    """A phone photo of the page: rotated by up to 2°, grey paper, sensor noise, slight blur."""
    import numpy as np

    angle = rng.uniform(0.6, 2.0) * rng.choice([-1, 1])
    rotated = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=(250, 250, 250))
    centre = (image.width / 2, image.height / 2)
    arr = np.asarray(rotated).astype(np.float32) * 0.93 + 8
    noise = np.random.default_rng(rng.randint(0, 10**6)).normal(0, 7, arr.shape)
    out = Image.fromarray(np.clip(arr + noise, 0, 255).astype("uint8")).filter(ImageFilter.GaussianBlur(0.6))
    return out, [Planted(p.type, p.text, p.page, _rotate_box(p.box, angle, centre)) for p in planted]


def digital_pdf(lines: list[Line], *, size: float = 14.4) -> tuple[bytes, list[Planted]]:
    """A PDF with a text layer; boxes from the font metrics, in pixels of the 200 dpi render."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("HYSMyeongJo-Medium"))
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    width_pt, height_pt = A4
    scale = DPI / 72
    planted = []
    y = height_pt - 60
    for line in lines:
        font = "HYSMyeongJo-Medium" if any(re.search(r"[가-힣]", seg[0]) for seg in line) else "Helvetica"
        x = 50.0
        for segment in line:
            text, kind = segment[0], segment[1]
            if len(segment) > 2:
                x = 50.0 + (segment[2] - 140) * 72 / DPI * 1.0
            w = pdfmetrics.stringWidth(text, font, size)
            if kind:
                top = height_pt - y - size * 0.85
                planted.append(Planted(kind, text, 1, (round(x * scale), round(top * scale), round(w * scale),
                                                       round(size * 1.1 * scale))))
            pdf.setFont(font, size)
            pdf.drawString(x, y, text)
            x += w
        y -= size * 1.9
    pdf.showPage()
    pdf.save()
    return buf.getvalue(), planted


def _encode(image: Image.Image, fmt: str) -> bytes:
    buf = io.BytesIO()
    if fmt == "PDF":
        image.convert("RGB").save(buf, format="PDF", resolution=DPI)
    elif fmt == "JPEG":
        image.save(buf, format="JPEG", quality=88)
    else:
        image.save(buf, format="PNG")
    return buf.getvalue()


def build(count_per_template: int = 2, seed: int = 14) -> list[Doc]:
    rng = random.Random(seed)
    docs = []
    for round_ in range(count_per_template):
        for tname, template, lang in TEMPLATES:
            for vindex, variant in enumerate(VARIANTS):
                i = round_ * 10 + vindex
                lines, owner = template(rng, i)
                with_face = tname.endswith("resume") and variant != "text_pdf"
                if variant == "text_pdf":
                    data, planted = digital_pdf(lines)
                    kind = "pdf"
                else:
                    # forms use smaller type (about 11 pt): harder for OCR
                    image, planted = draw_page(lines, with_face=with_face, size=30 if "table" in tname else 40)
                    if variant == "photo":
                        image, planted = photo(image, planted, rng)
                    fmt = {"png": "PNG", "photo": "JPEG", "scan_pdf": "PDF"}[variant]
                    data, kind = _encode(image, fmt), ("pdf" if fmt == "PDF" else "image")
                texts = [" ".join(seg[0] for seg in line) for line in lines]
                docs.append(Doc(f"{tname}_{variant}_{round_}", kind, data, planted, lang, variant, owner, texts))
    return docs
