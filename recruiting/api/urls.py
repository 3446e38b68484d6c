from django.urls import path, re_path
from rest_framework.routers import DefaultRouter

from recruiting.api import documents, views


class OptionalSlashRouter(DefaultRouter):
    """Routes answer with or without a trailing slash, so partner clients never see a redirect."""

    include_root_view = False

    def __init__(self):
        super().__init__()
        self.trailing_slash = "/?"


router = OptionalSlashRouter()
router.register("users", views.UserViewSet, basename="user")
router.register("jobs", views.JobViewSet, basename="job")
router.register("candidates", views.CandidateViewSet, basename="candidate")
router.register("stages", views.PipelineStageViewSet, basename="stage")
router.register("rejection-reasons", views.RejectionReasonViewSet, basename="rejection-reason")
router.register("applications", views.ApplicationViewSet, basename="application")
router.register("interviews", views.InterviewViewSet, basename="interview")
router.register("scorecards", views.ScorecardViewSet, basename="scorecard")
router.register("feedback", views.FeedbackViewSet, basename="feedback")
router.register("notes", views.NoteViewSet, basename="note")
router.register("audit-log", views.AuditEntryViewSet, basename="audit-log")
router.register("uploads", documents.UploadViewSet, basename="upload")
router.register("resumes", documents.ResumeViewSet, basename="resume")

app_name = "recruiting_api"

urlpatterns = [
    path("auth/login", views.LoginView.as_view(), name="auth-login"),
    path("auth/refresh", views.RefreshView.as_view(), name="auth-refresh"),
    path("auth/logout", views.LogoutView.as_view(), name="auth-logout"),
    re_path(r"^auth/register/?$", views.RegisterView.as_view(), name="auth-register"),
    path("users/me", views.MeView.as_view(), name="users-me"),
    path("bias/check", views.BiasCheckView.as_view(), name="bias-check"),
    re_path(
        r"^candidates/(?P<candidate_id>[0-9]+)/resumes/?$",
        documents.CandidateResumesView.as_view(),
        name="candidate-resumes",
    ),
    re_path(r"^resume/parse/?$", documents.ResumeParseView.as_view(), name="resume-parse"),
    re_path(r"^storage/presigned-url/?$", documents.PresignView.as_view(), name="storage-presigned-url"),
    re_path(
        r"^storage/files/(?P<file_uuid>[0-9a-fA-F-]{32,36})/?$", documents.SignedFileView.as_view(), name="storage-file"
    ),
    *router.urls,
]
