"""Re-resolve every candidate's and job's canonical skill ids after the taxonomy changed."""

from django.core.management.base import BaseCommand

from matching import services
from recruiting.skills import taxonomy


class Command(BaseCommand):
    help = "Refresh skill_ids of candidates and jobs from the shipped taxonomy (run after bumping its version)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args, batch_size: int, **options):
        result = services.refresh_skill_ids(batch_size=batch_size)
        self.stdout.write(
            f"Taxonomy {taxonomy().version}: {result.candidates_changed} candidates and "
            f"{result.jobs_changed} jobs had new skill ids."
        )
