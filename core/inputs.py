"""One input rule for every surface: no control characters where they make no sense.

PostgreSQL cannot store NUL in text and cannot encode a lone UTF-16 surrogate (which JSON's
`\\ud800` escapes can produce), so either one reaching a query was a 500. The rule is applied
in two places that every request passes through, so no view has to remember it:

- `InputGuardMiddleware` (core.middleware) checks the URL path and the query string: no C0
  control character, DEL or surrogate at all;
- the project's parsers (core.parsers, DRF's defaults) check every key and string of a JSON,
  form or multipart body, and uploaded file names: tab, line feed, carriage return, vertical
  tab and form feed are allowed in text, every other control character is refused.

A refusal is a `ParseError` (DRF) or the surface's 400 (middleware), in the surface's format.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError

from core.errors import seed000_error

_IN_TEXT = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff]")  # \t \n \v \f \r are text
_IN_URL = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")
MAX_DEPTH = 64


class BadInput(ParseError):
    default_code = "invalid_characters"


def _describe(char: str) -> str:
    return "NUL" if char == "\x00" else f"U+{ord(char):04X}"


def bad_char(value: str, *, url: bool = False) -> str | None:
    """The first character the rule refuses in `value`, described (`NUL`, `U+001B`), or None."""
    match = (_IN_URL if url else _IN_TEXT).search(value)
    return _describe(match.group()) if match else None


def refusal(where: str, found: str) -> BadInput:
    return BadInput(_("%(where)s contains a control character (%(found)s) that is not allowed.")
                    % {"where": where, "found": found})


def check_text(value: str, where: str) -> None:
    found = bad_char(value)
    if found:
        raise refusal(where, found)


def check_data(data, where: str = "", depth: int = 0) -> None:
    """Walk a parsed body (dicts, lists, QueryDicts, strings) and refuse bad characters anywhere."""
    if depth > MAX_DEPTH:
        return  # the JSON parser already bounds nesting; this only guards the walk itself
    if isinstance(data, str):
        check_text(data, where or _("The request body"))
    elif hasattr(data, "lists"):  # QueryDict / MultiValueDict: every value of every key
        for key, values in data.lists():
            check_text(str(key), _("A field name"))
            for value in values:
                if isinstance(value, str):
                    check_text(value, _("The field “%(name)s”") % {"name": key})
                elif getattr(value, "name", None):  # an uploaded file: its name is text
                    check_text(value.name, _("The file name of “%(name)s”") % {"name": key})
    elif isinstance(data, Mapping):
        for key, value in data.items():
            if isinstance(key, str):
                check_text(key, _("A field name"))
            check_data(value, where=_("The field “%(name)s”") % {"name": key}, depth=depth + 1)
    elif isinstance(data, (list, tuple)):
        for item in data:
            check_data(item, where=where, depth=depth + 1)


# --- seed 000 request fields (`{"message", "error_code", "data"}` surfaces) ----------------------

def seed000_payload(request) -> Mapping:
    """The body as a mapping, else 400 invalid_request 4000."""
    if not isinstance(request.data, Mapping):
        raise seed000_error("invalid_request", "The request body must be a JSON object or a form.")
    return request.data


def seed000_text_field(data: Mapping, name: str, *, max_length: int) -> str | None:
    """A scalar field as a stripped string; None when absent, null or blank; 400 invalid_request
    4000 when it is no string or too long."""
    value = data.get(name)
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        value = str(value)
    if not isinstance(value, str):
        raise seed000_error("invalid_request", f"{name} must be a string.")
    value = value.strip()
    if len(value) > max_length:
        raise seed000_error("invalid_request", f"{name} is longer than {max_length} characters.")
    return value or None


def seed000_missing(names: list[str]):
    """400 missing_required_field 4003 naming the fields."""
    return seed000_error("missing_required_field", f"Missing: {', '.join(names)}")
