"""Typed inputs and outputs of finding personal data: the one shape both engines use
(masking.local's rules and masking.ai's model pass), which masking.ai re-exports."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

# type → (Korean label, English label); the API's `type` values, documented in the OpenAPI schema.
ITEM_TYPES: dict[str, tuple[str, str]] = {
    "resident_id": ("주민등록번호", "Resident registration number"),
    "foreigner_id": ("외국인등록번호", "Foreigner registration number"),
    "passport": ("여권번호", "Passport number"),
    "driver_license": ("운전면허번호", "Driver's licence number"),
    "phone": ("전화번호", "Phone number"),
    "email": ("이메일", "E-mail address"),
    "address": ("주소", "Street address"),
    "birth_date": ("생년월일", "Date of birth"),
    "bank_account": ("계좌번호", "Bank account number"),
    "card_number": ("카드번호", "Card number"),
    "name": ("이름", "Name"),
    "profile_url": ("개인 URL", "Personal profile URL"),
    "face": ("얼굴 사진", "Face"),
    "manual": ("직접 지정", "Marked by hand"),
}


@dataclass(frozen=True)
class Word:
    text: str
    box: tuple[int, int, int, int]  # x, y, width, height in page pixels
    line: int = -1  # words with the same line id (>= 0) form one line; -1: group by position
    visible: bool = True  # False for text-layer words that leave no mark on the rendered page


@dataclass
class PageInput:
    number: int
    width: int
    height: int
    words: list[Word] = field(default_factory=list)
    source: str = "ocr"  # "ocr" | "text" (the PDF's own text layer)
    image: object | None = None  # PIL image of the page (faces); None skips face detection


@dataclass
class DetectedItem:
    type: str
    page: int
    box: tuple[int, int, int, int]
    confidence: float
    rule: str
    text: str = ""  # what was matched; kept server-side only, never sent in API answers
    visible: bool = True

    def as_dict(self) -> dict:
        data = asdict(self)
        data["box"] = list(self.box)
        return data


@dataclass
class Detection:
    engine: str
    items: list[DetectedItem]
    fallback_reason: str = ""  # the AI error code when the model server failed and only the rules answered


@dataclass(frozen=True)
class DetectOptions:
    owner_names: tuple[str, ...] = ()  # the account holder's own name(s), masked wherever they appear
    faces: bool = True
