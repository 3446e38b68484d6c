"""Inputs of the matching API, and its output shapes for the schema."""

from rest_framework import serializers

from recruiting.api.serializers import QuerySerializer

MAX_LIMIT = 50
MAX_BATCH_JOBS = 10


class LimitQuery(QuerySerializer):
    limit = serializers.IntegerField(min_value=1, max_value=MAX_LIMIT, default=10)


class TopMatchesQuery(LimitQuery):
    exclude_in_pipeline = serializers.BooleanField(
        default=False, help_text="Leave out candidates already in this job's pipeline."
    )
    location = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="Only candidates whose location contains this."
    )
    min_experience = serializers.FloatField(
        required=False, min_value=0, max_value=70, help_text="Only candidates with at least this many years."
    )


class BatchMatchRequest(serializers.Serializer):
    job_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1), min_length=1, max_length=MAX_BATCH_JOBS
    )
    limit = serializers.IntegerField(min_value=1, max_value=MAX_LIMIT, default=10)
    exclude_in_pipeline = serializers.BooleanField(default=False)


class ExplanationSerializer(serializers.Serializer):
    score = serializers.FloatField(help_text="0-100, see docs/matching.md")
    skills_match = serializers.FloatField(help_text="Share of required skills the candidate has, 0-100")
    experience_match = serializers.FloatField()
    location_match = serializers.FloatField()
    matched_skills = serializers.ListField(child=serializers.CharField())
    missing_skills = serializers.ListField(child=serializers.CharField())
    nice_to_have_matched = serializers.ListField(child=serializers.CharField())
    reasoning = serializers.CharField()
    recommendation_strength = serializers.ChoiceField(choices=["strong", "good", "fair", "weak"])


class CandidateMatchSerializer(ExplanationSerializer):
    candidate_id = serializers.IntegerField()
    name = serializers.CharField()
    email = serializers.EmailField()


class JobMatchSerializer(ExplanationSerializer):
    job_id = serializers.IntegerField()
    title = serializers.CharField()


class TopMatchesResponse(serializers.Serializer):
    job_id = serializers.IntegerField()
    matches = CandidateMatchSerializer(many=True)
    candidates_processed = serializers.IntegerField()
    algorithm_version = serializers.CharField()
    processing_time_ms = serializers.FloatField()


class BatchJobMatches(serializers.Serializer):
    job_id = serializers.IntegerField()
    matches = CandidateMatchSerializer(many=True)
    candidates_processed = serializers.IntegerField()


class BatchMatchResponse(serializers.Serializer):
    matches = BatchJobMatches(many=True)
    processed = serializers.IntegerField()
    status = serializers.CharField()
    algorithm_version = serializers.CharField()


class CandidateMatchesResponse(serializers.Serializer):
    candidate_id = serializers.IntegerField()
    matches = JobMatchSerializer(many=True)
    algorithm_version = serializers.CharField()
