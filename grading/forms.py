from django import forms
from django.utils.translation import gettext_lazy as _

from django.contrib.auth import get_user_model
from django.db.models import Q

from grading.models import Language, Problem

TEST_SEPARATOR = "==="
OUTPUT_SEPARATOR = "---"


def parse_tests(text: str, samples: int) -> list[tuple[str, str, bool]]:
    """Blocks separated by a line `===`; in each, input, a line `---`, expected output."""
    tests = []
    blocks = [b for b in text.replace("\r\n", "\n").split(f"\n{TEST_SEPARATOR}\n") if b.strip()]
    for index, block in enumerate(blocks):
        if f"\n{OUTPUT_SEPARATOR}\n" not in f"\n{block}\n":
            raise forms.ValidationError(_("Test %(n)s has no line '---' between input and output.") % {"n": index + 1})
        given, expected = f"\n{block}\n".split(f"\n{OUTPUT_SEPARATOR}\n", 1)
        tests.append((given.strip("\n") + "\n", expected.strip("\n") + "\n", index < samples))
    return tests


class ProblemSpecForm(forms.Form):
    title = forms.CharField(label=_("Title (Korean)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    slug = forms.SlugField(label=_("Slug"), max_length=80)
    techniques = forms.CharField(label=_("Techniques"), required=False,
                                 help_text=_("Comma-separated: dp, two_pointers, prefix_sum, hashing, sorting, "
                                             "binary_search, bfs, greedy, stack, implementation"))
    statement = forms.CharField(label=_("Statement (Korean, Markdown)"), widget=forms.Textarea(attrs={"rows": 8}))
    statement_en = forms.CharField(label=_("Statement (English, Markdown)"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 6}))
    constraints = forms.CharField(label=_("Constraints"), required=False, max_length=1000)
    time_limit_ms = forms.IntegerField(label=_("Time limit (ms)"), min_value=100, max_value=10000, initial=1000)
    memory_limit_mb = forms.IntegerField(label=_("Memory limit (MB)"), min_value=16, max_value=1024, initial=128)
    languages = forms.MultipleChoiceField(label=_("Allowed languages"), choices=Language.choices,
                                          initial=[c.value for c in Language], widget=forms.CheckboxSelectMultiple)
    tests = forms.CharField(label=_("Tests"), widget=forms.Textarea(attrs={"rows": 10, "class": "mono"}),
                            help_text=_("Input, a line '---', the expected output; tests separated by a line '==='."))
    samples = forms.IntegerField(label=_("How many of the first tests are samples"), min_value=0, initial=1)
    checker = forms.CharField(label=_("Checker (optional, Python)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 5, "class": "mono"}),
                              help_text=_("Run as checker.py input expected output; exit 0 accepts, 1 rejects."))
    reference_solution = forms.CharField(label=_("Reference solution (staff only)"), required=False,
                                         widget=forms.Textarea(attrs={"rows": 5, "class": "mono"}))

    def clean(self):
        data = super().clean()
        for key, value in data.items():
            if isinstance(value, str) and "\x00" in value:
                self.add_error(key, _("NUL characters are not allowed."))
        if data.get("tests") is not None:
            try:
                data["parsed_tests"] = parse_tests(data["tests"], data.get("samples") or 0)
            except forms.ValidationError as exc:
                self.add_error("tests", exc)
            else:
                if not data["parsed_tests"]:
                    self.add_error("tests", _("Add at least one test."))
        data["technique_list"] = [t.strip() for t in (data.get("techniques") or "").split(",") if t.strip()]
        return data


class ExamForm(forms.Form):
    title = forms.CharField(label=_("Exam title"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    problems = forms.ModelMultipleChoiceField(label=_("Problems"), queryset=Problem.objects.all(),
                                              widget=forms.CheckboxSelectMultiple)
    participants = forms.CharField(label=_("Participants"), widget=forms.Textarea(attrs={"rows": 3}),
                                   help_text=_("Usernames or emails, separated by commas or new lines."))

    def clean_participants(self):
        names = [n.strip() for n in self.cleaned_data["participants"].replace(",", "\n").splitlines() if n.strip()]
        users, missing = [], []
        model = get_user_model()
        for name in dict.fromkeys(names):
            user = model.objects.filter(Q(username=name) | Q(email__iexact=name)).first()
            (users.append(user) if user else missing.append(name))
        if missing:
            raise forms.ValidationError(_("Unknown users: %(names)s") % {"names": ", ".join(missing)})
        if not users:
            raise forms.ValidationError(_("Add at least one participant."))
        return users

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The exam must end after it starts."))
        return data
