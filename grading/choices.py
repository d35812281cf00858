"""Languages and verdicts (no model imports, so the sandbox and judge load without the ORM)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    PYTHON3 = "python3", "Python 3"
    CPP17 = "cpp17", "C++17"
    JAVA17 = "java17", "Java 17"


class Verdict(models.TextChoices):
    PENDING = "PENDING", _("Pending")
    AC = "AC", _("Accepted")
    WA = "WA", _("Wrong answer")
    TLE = "TLE", _("Time limit exceeded")
    MLE = "MLE", _("Memory limit exceeded")
    RE = "RE", _("Runtime error")
    CE = "CE", _("Compile error")
    SE = "SE", _("System error")  # the grader's fault, never the candidate's
