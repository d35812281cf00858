from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from postings.services import MAX_TEXT_CHARS


class PostingForm(forms.Form):
    title = forms.CharField(label=_("Title (optional)"), max_length=255, required=False)
    text = forms.CharField(label=_("Posting text"), required=False, max_length=MAX_TEXT_CHARS,
                           widget=forms.Textarea(attrs={"rows": 10}))
    file = forms.FileField(label=_("Or upload a PDF or image"), required=False,
                           widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/*"}))

    def clean(self):
        data = super().clean()
        text = (data.get("text") or "").strip()
        upload = data.get("file")
        if upload and text:
            raise forms.ValidationError(_("Paste the text or upload a file, not both."))
        if not upload and not text:
            raise forms.ValidationError(_("Paste the posting text or upload a PDF or image."))
        if upload and upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("The file is too large."))
        data["text"] = text
        return data
