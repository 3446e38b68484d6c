"""Forms of the integrations settings pages: labels in words; the rules are the services'."""

from __future__ import annotations

from django import forms

from integrations.models import Webhook
from integrations.providers import PROVIDERS
from recruiting.events import ALL_EVENTS, EVENT_NAMES, event_label


def provider_choices() -> list[tuple[str, str]]:
    return [(key, provider.name) for key, provider in PROVIDERS.items()]


def event_choices() -> list[tuple[str, str]]:
    return [(ALL_EVENTS, event_label(ALL_EVENTS)), *((name, event_label(name)) for name in EVENT_NAMES)]


class AddressField(forms.CharField):
    """A web address as people type it: "hooks.example.com/recruit" means https://hooks.example.com/recruit,
    as in a browser's address bar. Whether it may be called is the outbound guard's rule, not the form's."""

    def to_python(self, value):
        text = super().to_python(value)
        if text and "://" not in text and not text.startswith("/") and not any(c.isspace() for c in text):
            return f"https://{text}"
        return text


class ConnectIntegrationForm(forms.Form):
    provider = forms.ChoiceField(label="Service", choices=provider_choices)
    name = forms.CharField(
        label="Name", max_length=200, required=False, help_text="How it is listed here; the service's name if empty."
    )
    health_url = AddressField(
        label="Health URL",
        max_length=2000,
        required=False,
        help_text="For an HTTP service: the address we call to check it answers.",
    )
    api_key = forms.CharField(
        label="API key",
        max_length=2000,
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="For an HTTP service that needs one; stored encrypted.",
    )

    def clean(self):
        cleaned = super().clean()
        provider = cleaned.get("provider")
        if provider and not PROVIDERS[provider].describe()["oauth"] and not cleaned.get("health_url"):
            self.add_error("health_url", "Enter the address to check for an HTTP service.")
        return cleaned

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        oauth = PROVIDERS[data["provider"]].describe()["oauth"]
        return {
            "provider": data["provider"],
            "name": data["name"],
            "config": {} if oauth else {"health_url": data["health_url"].strip()},
            "credentials": "" if oauth else data["api_key"],
        }


class WebhookForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200, help_text="Who receives it, e.g. “Hiring channel relay”.")
    url = AddressField(
        label="Endpoint URL",
        max_length=2000,
        help_text="An http or https address on the internet; events are POSTed to it, signed with the secret.",
    )
    events = forms.MultipleChoiceField(
        label="Events",
        choices=event_choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one event to send."},
    )

    @classmethod
    def for_webhook(cls, webhook: Webhook, data=None) -> WebhookForm:
        # Events subscribed by another route (an alias, a custom event) stay as they are: only these boxes change.
        return cls(data, initial={"name": webhook.name, "url": webhook.url, "events": webhook.events})
