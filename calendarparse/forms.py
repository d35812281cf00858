from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from calendarparse.models import EventKind
from calendarparse.services import MAX_TEXT_CHARS


class ParseForm(forms.Form):
    """Step 1: the posting to read (pasted, or a PDF/image)."""

    text = forms.CharField(label=_("Posting text"), required=False, max_length=MAX_TEXT_CHARS,
                           widget=forms.Textarea(attrs={"rows": 8, "data-parse-text": ""}))
    file = forms.FileField(label=_("Or upload a PDF or image"), required=False,
                           widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/*"}))

    def clean(self):
        data = super().clean()
        text = (data.get("text") or "").strip()
        if "\x00" in text:
            raise forms.ValidationError(_("The text contains invalid characters."))
        if not text and not data.get("file"):
            raise forms.ValidationError(_("Paste the posting text or upload a PDF or image."))
        if data.get("file") and data["file"].size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("The file is too large."))
        data["text"] = text
        return data


class HeaderForm(forms.Form):
    company = forms.CharField(label=_("Company"), max_length=200, required=False)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    posting = forms.IntegerField(required=False, widget=forms.HiddenInput)
    engine = forms.CharField(required=False, max_length=10, widget=forms.HiddenInput)


class EventRowForm(forms.Form):
    """One stage of the confirm/edit form; rows left unticked or without a date are not saved."""

    include = forms.BooleanField(label=_("Add"), required=False)
    stage = forms.CharField(label=_("Stage"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices, required=False)
    date = forms.DateField(label=_("Date"), required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    time = forms.TimeField(label=_("Time"), required=False, widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}))
    end_date = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if data.get("include") and (data.get("stage") or "").strip():
            if not data.get("date"):
                self.add_error("date", _("Choose a date, or untick this row."))
            if data.get("end_date") and data.get("date") and data["end_date"] < data["date"]:
                self.add_error("end_date", _("The end is before the start."))
        return data


EventRowFormSet = forms.formset_factory(EventRowForm, extra=1, max_num=30, validate_max=True)


class EventForm(forms.Form):
    """Editing one saved event."""

    company = forms.CharField(label=_("Company"), max_length=200, required=False)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    stage = forms.CharField(label=_("Stage"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    time = forms.TimeField(label=_("Time"), required=False, widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}))
    end_date = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
