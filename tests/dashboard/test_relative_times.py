"""Relative times read naturally everywhere: "just now" in the first minute, never "0 minutes ago"."""

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from integrations.services.notifications import notify_user
from recruiting.templatetags.local_times import relative_time
from tests.factories import ApplicationFactory, CandidateFactory, JobFactory


def test_the_first_minute_is_just_now_and_later_ones_name_their_largest_unit():
    now = timezone.now()
    assert relative_time(now) == "just now"
    assert relative_time(now - timedelta(seconds=59)) == "just now"
    assert relative_time(now - timedelta(minutes=1, seconds=5)) == "1\xa0minute ago"
    assert relative_time(now - timedelta(hours=3, minutes=20)) == "3\xa0hours ago"
    assert relative_time(now - timedelta(days=9)) == "1\xa0week ago"
    # A clock a little ahead of the server's is not "in the future".
    assert relative_time(now + timedelta(seconds=20)) == "just now"
    assert relative_time(None) == ""


def test_no_template_writes_its_own_relative_time():
    # Every relative time goes through the one filter, so none can say "0 minutes ago".
    for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        text = template.read_text()
        assert "|timesince" not in text and "|naturaltime" not in text, template


def test_home_and_board_say_just_now_for_what_just_happened(page_as, recruiter_a, org_a):
    job = JobFactory(organization=org_a, status="open")
    ApplicationFactory(job=job, candidate=CandidateFactory(organization=org_a))
    notify_user(user=recruiter_a, type="partner.message", title="Bienvenue, Zoë")
    client = page_as(recruiter_a)
    home = client.get("/").content.decode()
    board = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "0\xa0minutes" not in home + board
    assert "just now</time>" in home
    assert "Entered stage just now" in board
