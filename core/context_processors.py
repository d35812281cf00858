from ai.providers import engine
from core.navigation import sections


def product(request):
    """Values every page shows: the navigation and which AI engine produces results."""
    return {"ai_engine": engine(), "nav_sections": sections()}
