"""Factories that build rows through the same services the product uses."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from recruiting import services
from recruiting.models import Application, Candidate, Interview, Job, Scorecard


class JobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Job

    title = factory.Sequence(lambda n: f"Backend Engineer {n}")
    department = "Engineering"
    location = "Berlin, Germany"
    remote_policy = Job.RemotePolicy.HYBRID
    experience_level = Job.ExperienceLevel.SENIOR
    description = "Build the platform."
    required_skills = factory.LazyFunction(lambda: ["Python", "PostgreSQL"])
    nice_to_have_skills = factory.LazyFunction(lambda: ["Redis"])
    status = Job.Status.OPEN

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.create_job(**kwargs)


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    first_name = factory.Sequence(lambda n: f"Ada{n}")
    last_name = "Lovelace"
    email = factory.Sequence(lambda n: f"ada{n}@example.com")
    location = "London, UK"
    skills = factory.LazyFunction(lambda: ["Python", "Django"])
    experience_years = 5
    source = "linkedin"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.create_candidate(**kwargs)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    @classmethod
    def _create(cls, model_class, *args, job, candidate, **kwargs):
        return services.create_application(job=job, candidate=candidate, **kwargs)


class InterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interview

    scheduled_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=2))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Fixtures build history too: an interview given a past time is a record of one that took place.
        return services.schedule_interview(allow_past=True, **kwargs)


class ScorecardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scorecard

    ratings = factory.LazyFunction(lambda: {"technical": 4, "communication": 3})
    recommendation = Scorecard.Recommendation.YES
    feedback = "Solid system design answers."

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.submit_scorecard(**kwargs)


def create_members(organization, rows, *, password: str) -> list:
    """Users of an organization from `(email, first name, last name, role, active)` rows."""
    return [
        services.create_user(
            organization=organization,
            email=email,
            password=password,
            role=role,
            first_name=first,
            last_name=last,
            is_active=active,
        )
        for email, first, last, role, active in rows
    ]
