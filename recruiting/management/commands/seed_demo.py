import time

from django.core.management.base import BaseCommand

from recruiting.demo import seed_demo


class Command(BaseCommand):
    help = "Create (or top up) an organization with demo users, jobs, candidates and pipelines. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--org", default="Demo Corp", help="Organization name (default: Demo Corp)")
        parser.add_argument("--email", default="admin@demo.test", help="Admin email (default: admin@demo.test)")
        parser.add_argument("--password", default="demo-password", help="Password for the demo users")
        parser.add_argument("--candidates", type=int, default=300, help="How many candidates (default: 300)")

    def handle(self, *args, org, email, password, candidates, **options):
        started = time.perf_counter()
        result = seed_demo(org_name=org, admin_email=email, password=password, candidates=candidates)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.organization.name}: {result.candidates_created} candidates, {result.jobs_created} jobs, "
                f"{result.applications_created} applications created in {elapsed:.1f}s. "
                f"Logins: {result.admin.email} (admin), {result.recruiter.email} (recruiter), "
                f"{result.operator.email} (platform operator, Django admin), password {password!r}"
            )
        )
