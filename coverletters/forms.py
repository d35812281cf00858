from django import forms
from django.utils.translation import gettext_lazy as _

from coverletters.services import MAX_CONTENT_CHARS


class LetterForm(forms.Form):
    job_posting = forms.TypedChoiceField(label=_("Job posting"), required=False, coerce=int, empty_value=None)
    title = forms.CharField(label=_("Title (optional)"), max_length=255, required=False)
    content = forms.CharField(label=_("Cover letter"), max_length=MAX_CONTENT_CHARS,
                              widget=forms.Textarea(attrs={"rows": 18, "data-char-count": ""}))

    def __init__(self, *args, postings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["job_posting"].choices = [("", _("No posting"))] + [
            (p.pk, p.title or f"#{p.pk}") for p in postings]
