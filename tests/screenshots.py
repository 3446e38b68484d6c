"""Write a PNG of every dashboard page with demo data into screenshots/ (`make screenshots`).

Seeds a throwaway SQLite database (or the configured DATABASE_URL with SCREENSHOTS_USE_DATABASE=1),
starts the real server on a free loopback port, signs in with headless Chromium and captures each page
at laptop width, plus a few at tablet width.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from tests.processes import free_port

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "screenshots"
PASSWORD = "demo-password"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _wait_until_up(url: str, deadline_seconds: float = 30) -> None:
    deadline = time.monotonic() + deadline_seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server at {url} did not start")


def _environment(workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("SECRET_KEY", "screenshots-only-secret")
    env["SECURE_COOKIES"] = "0"  # the server speaks plain HTTP on loopback
    env["VAR_DIR"] = str(workdir)
    env["CELERY_TASK_ALWAYS_EAGER"] = "1"
    if os.environ.get("SCREENSHOTS_USE_DATABASE") != "1":
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'screenshots.sqlite3'}"
        env.pop("REDIS_URL", None)
        env.pop("CELERY_BROKER_URL", None)
    return env


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def _demo_ids(env: dict[str, str]) -> dict[str, int | str]:
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from recruiting.models import Application, Interview, Job

    job = Job.objects.filter(source="demo", status="open").order_by("id").first()
    application = Application.objects.filter(job=job).order_by("id").first()
    interview = Interview.objects.filter(application__job=job).order_by("id").first() or Interview.objects.first()
    return {
        "job": job.pk,
        "application": application.pk,
        "candidate": application.candidate_id,
        "interview": interview.pk,
        "careers_slug": job.organization.slug,
    }


def pages(ids: dict[str, int]) -> list[tuple[str, str]]:
    return [
        ("home", "/"),
        ("jobs", "/jobs/"),
        ("job-board", f"/jobs/{ids['job']}/"),
        ("job-new", "/jobs/new/"),
        ("job-edit", f"/jobs/{ids['job']}/edit/"),
        ("job-scorecard-template", f"/jobs/{ids['job']}/scorecard/"),
        ("job-stages", f"/jobs/{ids['job']}/stages/"),
        ("job-careers-questions", f"/jobs/{ids['job']}/careers/"),
        ("candidates", "/candidates/"),
        ("candidates-search", "/candidates/?skills=python&experience_min=5"),
        ("candidates-sorted", "/candidates/?skills=python,sql&skills_match=all&sort=-experience"),
        ("candidates-tagged", "/candidates/?tag=silver+medallist"),
        ("candidates-past-the-end", "/candidates/?skills=python&page=9999"),
        ("search", "/search/?q=an"),
        ("candidate", f"/candidates/{ids['candidate']}/"),
        ("candidate-new", "/candidates/new/"),
        ("interviews", "/interviews/"),
        ("interview-schedule", f"/applications/{ids['application']}/interviews/new/"),
        ("scorecard", f"/interviews/{ids['interview']}/scorecard/"),
        ("interview-reschedule", f"/interviews/{ids['upcoming_interview']}/reschedule/"),
        ("candidate-timeline", f"/candidates/{ids['timeline_candidate']}/"),
        ("candidate-email", f"/candidates/{ids['timeline_candidate']}/email/?template={ids['email_template']}"),
        ("settings-users", "/settings/users/"),
        ("settings-profile", "/settings/profile/"),
        ("settings-tags", "/settings/tags/"),
        ("settings-email-templates", "/settings/email-templates/"),
        ("settings-email-template-edit", f"/settings/email-templates/{ids['email_template']}/"),
        ("analytics", "/analytics/"),
        # The public careers page (no sign-in needed; it looks the same signed in).
        ("careers", f"/careers/{ids['careers_slug']}/"),
        ("careers-job", f"/careers/{ids['careers_slug']}/jobs/{ids['job']}/"),
        *extra_pages(ids),
    ]


def extra_pages(ids: dict[str, str]) -> list[tuple[str, str]]:
    """Pages over the partner API and integrations."""
    return [
        ("imports", "/imports/"),
        ("api-keys", "/settings/api-keys/"),
        ("integrations", "/settings/integrations/"),
        ("webhooks", "/settings/webhooks/"),
        ("webhook-deliveries", f"/settings/webhooks/{ids['webhook']}/"),
        ("webhook-new", "/settings/webhooks/new/"),
        ("webhook-edit", f"/settings/webhooks/{ids['webhook']}/edit/"),
        ("settings-pipeline", "/settings/pipeline/"),
        ("settings-rejection-reasons", "/settings/rejection-reasons/"),
    ]


# Real rows for the admin pages: an API key, an integration and a webhook that call this very server
# (loopback is allowed only in this throwaway demo), and a notification.
PLATFORM_DEMO = """
import json
from ats.services import api_keys
from integrations.services.integrations import create_integration
from integrations.services.notifications import notify_user
from integrations.services.webhooks import create_webhook
from recruiting.models import User
admin = User.objects.get(email="admin@demo.test")
org = admin.organization
api_keys.create_api_key(organization=org, name="Greenhouse sync", scopes=["candidates:read", "candidates:write"], created_by=admin)
api_keys.create_api_key(organization=org, name="Careers site", scopes=["jobs:read"], created_by=admin)
site = create_integration(organization=org, name="Careers site", provider="http", config={"health_url": "BASE/health"})
create_integration(organization=org, name="Status page", provider="http", config={"health_url": "BASE/no-such-page"})
hook = create_webhook(organization=org, name="Hiring channel relay", url="BASE/health", events=["application.hired", "scorecard.submitted"])
notify_user(user=admin, type="integration.unhealthy", title="Status page is unhealthy", message="Its health URL answered 404.")
from recruiting import saved_searches, tags
from recruiting.models import Candidate
tags.tag_candidates(organization=org, candidates=list(Candidate.objects.for_org(org).order_by("id")[:6]), name="Silver medallist")
tags.tag_candidates(organization=org, candidates=list(Candidate.objects.for_org(org).order_by("id")[3:9]), name="Speaks German")
saved_searches.save_search(owner=admin, name="Senior Python", query="skills=python&experience_min=5", shared=True)
saved_searches.save_search(owner=admin, name="Silver medallists", query="tag=silver+medallist")
# The board's cards show their tags; Home's notifications name the candidate and link to them.
from recruiting.models import Application, Job
board_job = Job.objects.filter(organization=org, source="demo", status="open").order_by("id").first()
on_board = [a.candidate for a in Application.objects.filter(job=board_job).select_related("candidate").order_by("id")[:5]]
tags.tag_candidates(organization=org, candidates=on_board[:3], name="Referred by Zoë")
tags.tag_candidates(organization=org, candidates=on_board[1:5], name="Relocating")
notify_user(user=admin, type="application.hired", title=f"{on_board[0].full_name} was hired for {board_job.title}", metadata={"candidate_id": on_board[0].pk})
# The candidate and the interview: the admin reads times in St. John's (UTC-3:30); one candidate's
# whole story (an interview scheduled, moved and held, a scorecard, a note with a mention, an e-mail).
from datetime import timedelta
from django.utils import timezone
from recruiting import candidate_emails, services
from recruiting.models import Application
admin.time_zone = "America/St_Johns"
admin.save()
template = candidate_emails.save_email_template(organization=org, name="Interview invitation", subject="{{company_name}}: next steps for {{job_title}}", body="Bonjour {{candidate_first_name}},\\n\\nCould you do Thursday at 10:30?\\n\\n{{sender_name}}")
candidate_emails.save_email_template(organization=org, name="Kind regret", subject="About {{job_title}}", body="Thank you, {{candidate_first_name}}. We went another way.")
application = Application.objects.filter(organization=org, stage__kind="active").order_by("id").first()
candidate = application.candidate
mate = User.objects.filter(organization=org).exclude(pk=admin.pk).first()
soon = timezone.now().replace(second=0, microsecond=0) + timedelta(days=3)
upcoming = services.schedule_interview(application=application, scheduled_at=soon, interviewers=[admin, mate], actor=admin, location="Room 4, 2nd floor")
services.reschedule_interview(interview=upcoming, scheduled_at=soon + timedelta(hours=2), actor=admin)
held = services.schedule_interview(application=application, scheduled_at=soon - timedelta(days=4), interviewers=[admin], actor=admin, kind="phone_screen", allow_past=True)
services.mark_interview_held(interview=held, actor=admin)
services.add_note(candidate=candidate, body=f"@{mate.first_name or mate.email.split('@')[0]} can you take the system design round?", author=admin)
candidate_emails.send_candidate_email(candidate=candidate, sender=admin, subject="Next steps", body="Could you do Thursday?", template=template)
# The first open demo job's own settings: its scorecard criteria, a stage of its own, careers questions.
from recruiting import careers, scorecard_templates
from recruiting.models import Job
from recruiting.scorecard_templates import CriterionInput
job = Job.objects.filter(source="demo", status="open").order_by("id").first()
scorecard_templates.save_scorecard_criteria(job=job, criteria=[CriterionInput(name="System design", description="Trade-offs, failure modes, what they would measure", key="technical"), CriterionInput(name="Problem solving", key="problem_solving"), CriterionInput(name="Communication", key="communication"), CriterionInput(name="Ownership", description="Follows through; names what they got wrong")])
services.add_job_stage(job=job, name="Take-home review", actor=admin)
careers.save_application_form(job=job, questions=[careers.QuestionInput("Tell us about a system you kept running in production.", required=True), careers.QuestionInput("When could you start?")], confirmation_template=template)
print(json.dumps({"webhook": str(hook.pk), "email_template": template.pk, "upcoming_interview": upcoming.pk, "timeline_candidate": candidate.pk}))
"""


def main() -> int:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="screenshots-") as tmp:
        workdir = Path(tmp)
        env = _environment(workdir)
        _manage(env, "migrate", "--noinput", "-v0")
        _manage(env, "seed_demo", "--candidates", os.environ.get("SCREENSHOTS_CANDIDATES", "3000"))
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env["WEBHOOK_ALLOW_PRIVATE_NETWORKS"] = "1"
        created = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "shell", "-c", PLATFORM_DEMO.replace("BASE", base)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        ids = _demo_ids(env) | json.loads(created.stdout.strip().splitlines()[-1])
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"], cwd=ROOT, env=env
        )
        try:
            _wait_until_up(f"{base}/health")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True
                )
                context = browser.new_context(base_url=base, viewport={"width": 1366, "height": 900})
                page = context.new_page()
                page.goto("/accounts/login/")
                page.screenshot(path=OUT / "00-sign-in.png", full_page=True)
                page.goto("/accounts/password_reset/")
                page.screenshot(path=OUT / "00-password-reset.png", full_page=True)
                page.goto("/accounts/login/")
                page.get_by_label("Email address").fill("admin@demo.test")
                page.get_by_label("Password").fill(PASSWORD)
                page.get_by_role("button", name="Sign in").click()
                page.wait_for_url(f"{base}/")
                # Real actions first, so the pages show their results: health checks, a test delivery.
                page.goto("/settings/integrations/")
                for button in page.locator("button", has_text="Check now").all():
                    button.click()
                    page.wait_for_load_state("networkidle")
                page.goto(f"/settings/webhooks/{ids['webhook']}/")
                page.get_by_role("button", name="Send test event").click()
                page.wait_for_load_state("networkidle")
                for index, (name, url) in enumerate(pages(ids), start=1):
                    page.goto(url)
                    page.wait_for_load_state("networkidle")
                    page.screenshot(path=OUT / f"{index:02d}-{name}.png", full_page=True)
                    print(f"screenshots/{index:02d}-{name}.png  {url}")
                page.goto("/jobs/new/")
                page.get_by_role("button", name="Create job").click()
                page.screenshot(path=OUT / "90-job-form-errors.png", full_page=True)
                page.goto(f"/interviews/{ids['interview']}/scorecard/")
                page.get_by_label("Written feedback").press_sequentially(
                    "Young and energetic, a great culture fit. Designed the queue with clear retries."
                )
                page.locator("#bias-panel li").first.wait_for()
                page.screenshot(path=OUT / "91-scorecard-bias-flags.png", full_page=True)
                page.goto("/imports/")
                upload = Path(tmp) / "candidates.csv"
                upload.write_text(
                    "external_id,first_name,last_name,email,skills\n"
                    + "".join(f"s{n},Sam{n},Import,sam{n}@example.com,Python; SQL\n" for n in range(40))
                    + "bad,,Nobody,not-an-email,\n"
                )
                page.get_by_label("CSV file").set_input_files(str(upload))
                page.get_by_role("button", name="Upload and import").click()
                page.locator("#import-progress[data-finished]").wait_for()
                page.screenshot(path=OUT / "92-import-finished.png", full_page=True)
                # A rotated webhook secret, shown this once.
                page.goto(f"/settings/webhooks/{ids['webhook']}/")
                page.once("dialog", lambda dialog: dialog.accept())
                page.get_by_role("button", name="Rotate secret").click()
                page.locator("[data-new-webhook-secret]").wait_for()
                page.screenshot(path=OUT / "93-webhook-secret-rotated.png", full_page=True)
                page.goto("/candidates/")
                page.get_by_label("Select every candidate on this page").check()
                page.screenshot(path=OUT / "94-candidates-bulk-selected.png", full_page=True)
                page.goto(f"/jobs/{ids['job']}/")
                page.get_by_label("Select every candidate on the board").check()
                page.screenshot(path=OUT / "95-board-bulk-selected.png", full_page=True)
                # "Mark as held" on an interview that has not started: the page says why not.
                page.goto(f"/candidates/{ids['timeline_candidate']}/")
                page.locator(f"[data-interview='{ids['upcoming_interview']}']").get_by_role(
                    "button", name="Mark as held"
                ).click()
                page.locator(".flash").first.wait_for()
                page.screenshot(path=OUT / "96-interview-not-started.png", full_page=True)
                # A reader whose browser prefers German sees the salary as "85.000 €".
                german = browser.new_context(
                    base_url=base,
                    viewport={"width": 1366, "height": 900},
                    locale="de-DE",
                    storage_state=context.storage_state(),
                ).new_page()
                german.goto(f"/jobs/{ids['job']}/")
                german.screenshot(path=OUT / "97-job-board-german-numbers.png", full_page=True)
                german.goto("/analytics/")
                german.screenshot(path=OUT / "97-analytics-german-numbers.png", full_page=True)
                page.set_viewport_size({"width": 768, "height": 1100})
                tablet_pages = [
                    ("home", "/"),
                    ("job-board", f"/jobs/{ids['job']}/"),
                    ("candidates", "/candidates/"),
                    ("search", "/search/?q=an"),
                    ("integrations", "/settings/integrations/"),
                    ("webhook-deliveries", f"/settings/webhooks/{ids['webhook']}/"),
                    ("settings-pipeline", "/settings/pipeline/"),
                    ("interviews", "/interviews/"),
                    ("api-keys", "/settings/api-keys/"),
                    ("analytics", "/analytics/"),
                    ("careers-job", f"/careers/{ids['careers_slug']}/jobs/{ids['job']}/"),
                ]
                for name, url in tablet_pages:
                    page.goto(url)
                    page.screenshot(path=OUT / f"95-tablet-{name}.png", full_page=True)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"Wrote {len(list(OUT.glob('*.png')))} screenshots to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
