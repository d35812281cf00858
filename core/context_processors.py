from django.utils.translation import gettext_lazy as _

from ai.providers import engine
from core.errors import seed000_messages
from core.navigation import sections


def http_messages() -> dict:
    """What static/js/http.js says when a request fails (base.html hands it over as JSON): the
    generic failure, the unreachable server and the words for every seed 000 code."""
    return {"failed": _("Something went wrong. Please try again."),
            "network": _("Could not reach the server. Check your connection and try again."),
            "codes": seed000_messages()}


def product(request):
    """Values every page shows: the navigation, which AI engine produces results, and the words
    for failed requests (a callable: only pages that render it pay for it)."""
    return {"ai_engine": engine(), "nav_sections": sections(), "http_messages": http_messages}
