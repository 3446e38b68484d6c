"""Every form control on every page has a label a screen reader can announce."""

from html.parser import HTMLParser

import pytest

from recruiting import candidate_emails, services
from tests.factories import InterviewFactory


class ControlsAndLabels(HTMLParser):
    def __init__(self):
        super().__init__()
        self.controls: list[dict] = []
        self.label_targets: set[str] = set()
        self.open_labels = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "label":
            self.open_labels += 1
            if attributes.get("for"):
                self.label_targets.add(attributes["for"])
        elif tag in ("input", "select", "textarea") and attributes.get("type") not in ("hidden", "submit"):
            self.controls.append(attributes | {"_wrapped": self.open_labels > 0, "_tag": tag})

    def handle_endtag(self, tag):
        if tag == "label":
            self.open_labels -= 1

    def unlabelled(self) -> list[dict]:
        return [
            control
            for control in self.controls
            if not control["_wrapped"]
            and control.get("id") not in self.label_targets
            and not control.get("aria-label")
            and not control.get("aria-labelledby")
        ]


@pytest.fixture
def every_page(application_a, admin_a):
    interview = InterviewFactory(application=application_a, interviewers=[admin_a])
    template = candidate_emails.save_email_template(
        organization=application_a.organization, name="Invitation", subject="Hi", body="Hello {{candidate_first_name}}"
    )
    note = services.add_note(candidate=application_a.candidate, body="A note", author=admin_a)
    return [
        "/",
        "/jobs/",
        "/jobs/new/",
        f"/jobs/{application_a.job_id}/",
        f"/jobs/{application_a.job_id}/edit/",
        f"/jobs/{application_a.job_id}/scorecard/",
        f"/jobs/{application_a.job_id}/stages/",
        f"/jobs/{application_a.job_id}/careers/",
        "/candidates/",
        "/candidates/new/",
        f"/candidates/{application_a.candidate_id}/",
        f"/candidates/{application_a.candidate_id}/edit/",
        "/interviews/",
        f"/applications/{application_a.pk}/interviews/new/",
        f"/interviews/{interview.pk}/scorecard/",
        "/settings/users/",
        "/settings/pipeline/",
        "/settings/rejection-reasons/",
        "/settings/integrations/",
        "/settings/webhooks/new/",
        f"/interviews/{interview.pk}/reschedule/",
        f"/candidates/{application_a.candidate_id}/email/?template={template.pk}",
        f"/notes/{note.pk}/edit/",
        "/settings/profile/",
        "/settings/tags/",
        "/settings/email-templates/",
        f"/settings/email-templates/{template.pk}/",
    ]


def test_every_form_control_has_a_label(page_as, admin_a, every_page):
    client = page_as(admin_a)
    for url in every_page:
        parser = ControlsAndLabels()
        parser.feed(client.get(url).content.decode())
        assert parser.unlabelled() == [], url


def test_sign_in_and_reset_forms_are_labelled(client, db):
    for url in ["/accounts/login/", "/accounts/password_reset/"]:
        parser = ControlsAndLabels()
        parser.feed(client.get(url).content.decode())
        assert parser.controls and parser.unlabelled() == [], url
