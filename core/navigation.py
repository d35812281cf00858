"""Product navigation: each section appears once its app serves the page."""
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

SECTIONS = [
    ("core:dashboard", _("Dashboard")),
    ("documents:list", _("My documents")),
    ("postings:list", _("Job postings")),
    ("coverletters:list", _("Cover letters")),
    ("interviews:list", _("Mock interviews")),
    ("avatar:room", _("Avatar interviewer")),
    ("assistant:chat", _("Assistant")),
    ("calendarparse:calendar", _("Hiring calendar")),
    ("masking:list", _("Privacy masking")),
    ("grading:list", _("Coding test")),
]


def sections() -> list[dict]:
    items = []
    for name, label in SECTIONS:
        try:
            items.append({"url": reverse(name), "label": label, "name": name})
        except NoReverseMatch:
            continue
    return items
