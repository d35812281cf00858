from django import forms
from django.utils.translation import gettext_lazy as _

from interviews.models import InterviewSession


class StartForm(forms.Form):
    """Start page: every choice is narrowed to the user's own records."""

    posting = forms.ModelChoiceField(label=_("Job posting"), queryset=None, required=False,
                                     empty_label=_("No posting (general questions)"))
    resume = forms.ModelChoiceField(label=_("Resume or portfolio"), queryset=None, required=False,
                                    empty_label=_("None"))
    cover_letter = forms.ModelChoiceField(label=_("Cover letter"), queryset=None, required=False,
                                          empty_label=_("None"))
    interview_type = forms.ChoiceField(label=_("Interview type"), choices=InterviewSession.Type.choices,
                                       initial=InterviewSession.Type.TECHNICAL, widget=forms.RadioSelect)
    language = forms.ChoiceField(label=_("Language"), choices=InterviewSession.Language.choices,
                                 initial=InterviewSession.Language.KO, widget=forms.RadioSelect)
    position = forms.CharField(label=_("Position (when there is no posting)"), max_length=200, required=False,
                               widget=forms.TextInput(attrs={"placeholder": _("e.g. Backend developer")}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from coverletters.models import CoverLetter
        from documents.models import Document
        from postings.models import JobPosting

        self.fields["posting"].queryset = JobPosting.objects.filter(owner=user).order_by("-created_at")
        self.fields["resume"].queryset = (Document.objects.filter(owner=user, doc_type__in=["resume", "portfolio"])
                                          .exclude(text="").order_by("-updated_at"))
        self.fields["cover_letter"].queryset = CoverLetter.objects.filter(owner=user).order_by("-created_at")
        self.fields["posting"].label_from_instance = lambda p: " · ".join(x for x in (p.title, p.company) if x) or f"#{p.pk}"
        self.fields["resume"].label_from_instance = lambda d: f"{d.get_doc_type_display()} · {d.display_name}"
        self.fields["cover_letter"].label_from_instance = lambda c: c.title or c.content[:40]
