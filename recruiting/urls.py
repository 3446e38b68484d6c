"""Dashboard pages of the recruiting domain (mounted at the site root in config/urls.py)."""

from django.urls import path

from recruiting import views

app_name = "recruiting"

urlpatterns = [
    # The public careers page: no sign-in (recruiting/careers.py).
    path("careers/<slug:slug>/", views.CareersJobListView.as_view(), name="careers"),
    path("careers/<slug:slug>/jobs/<int:pk>/", views.CareersJobView.as_view(), name="careers-job"),
    path("jobs/", views.JobListView.as_view(), name="job-list"),
    path("jobs/new/", views.JobCreateView.as_view(), name="job-create"),
    path("jobs/<int:pk>/", views.JobDetailView.as_view(), name="job-detail"),
    path("jobs/<int:pk>/edit/", views.JobUpdateView.as_view(), name="job-edit"),
    path("jobs/<int:pk>/scorecard/", views.JobScorecardTemplateView.as_view(), name="job-scorecard"),
    path("jobs/<int:pk>/stages/", views.JobStagesView.as_view(), name="job-stages"),
    path("jobs/<int:pk>/careers/", views.JobCareersView.as_view(), name="job-careers"),
    path("applications/new/", views.ApplicationCreateView.as_view(), name="application-create"),
    path("applications/<int:pk>/move/", views.ApplicationMoveView.as_view(), name="application-move"),
    path("applications/<int:pk>/interviews/new/", views.InterviewCreateView.as_view(), name="interview-create"),
    path("candidates/", views.CandidateListView.as_view(), name="candidate-list"),
    path("candidates/bulk/", views.CandidateBulkActionView.as_view(), name="candidate-bulk"),
    path("candidates/new/", views.CandidateCreateView.as_view(), name="candidate-create"),
    path("candidates/<int:pk>/", views.CandidateDetailView.as_view(), name="candidate-detail"),
    path("candidates/<int:pk>/edit/", views.CandidateUpdateView.as_view(), name="candidate-edit"),
    path("candidates/<int:pk>/merge/", views.CandidateMergeView.as_view(), name="candidate-merge"),
    path(
        "candidates/<int:pk>/not-a-duplicate/",
        views.CandidateNotDuplicateView.as_view(),
        name="candidate-not-duplicate",
    ),
    path("candidates/<int:pk>/tags/", views.CandidateTagsView.as_view(), name="candidate-tags"),
    path("candidates/<int:pk>/notes/", views.NoteCreateView.as_view(), name="note-create"),
    path("candidates/<int:pk>/email/", views.CandidateEmailView.as_view(), name="candidate-email"),
    path("notes/<int:pk>/edit/", views.NoteEditView.as_view(), name="note-edit"),
    path("notes/<int:pk>/delete/", views.NoteDeleteView.as_view(), name="note-delete"),
    path("candidates/<int:pk>/resumes/", views.ResumeUploadView.as_view(), name="resume-upload"),
    path("resumes/<int:pk>/accept/", views.ResumeAcceptView.as_view(), name="resume-accept"),
    path("resumes/<int:pk>/download/", views.ResumeDownloadView.as_view(), name="resume-download"),
    path("saved-searches/", views.SavedSearchCreateView.as_view(), name="saved-search-create"),
    path("saved-searches/<int:pk>/delete/", views.SavedSearchDeleteView.as_view(), name="saved-search-delete"),
    path("search/", views.GlobalSearchView.as_view(), name="search"),
    path("interviews/", views.InterviewListView.as_view(), name="interview-list"),
    path("interviews/<int:pk>/scorecard/", views.ScorecardCreateView.as_view(), name="scorecard-create"),
    path("interviews/<int:pk>/reschedule/", views.InterviewRescheduleView.as_view(), name="interview-reschedule"),
    path("interviews/<int:pk>/cancel/", views.InterviewStatusView.as_view(action="cancel"), name="interview-cancel"),
    path("interviews/<int:pk>/held/", views.InterviewStatusView.as_view(action="held"), name="interview-held"),
    path("settings/profile/", views.ProfileView.as_view(), name="settings-profile"),
    path("settings/tags/", views.TagSettingsView.as_view(), name="settings-tags"),
    *(
        path(
            f"settings/tags/<int:pk>/{action}/",
            views.TagActionView.as_view(),
            {"action": action},
            name=f"settings-tag-{action}",
        )
        for action in ("rename", "delete")
    ),
    path("settings/email-templates/", views.EmailTemplateListView.as_view(), name="settings-email-templates"),
    path(
        "settings/email-templates/<int:pk>/",
        views.EmailTemplateEditView.as_view(),
        name="settings-email-template-edit",
    ),
    path("settings/users/", views.UserSettingsView.as_view(), name="settings-users"),
    path("settings/users/<int:pk>/role/", views.UserRoleView.as_view(), name="settings-user-role"),
    path("settings/pipeline/", views.StageSettingsView.as_view(), name="settings-stages"),
    *(
        path(
            f"settings/pipeline/<int:pk>/{action}/",
            views.StageActionView.as_view(),
            {"action": action},
            name=f"settings-stage-{action}",
        )
        for action in views.StageActionView.actions
    ),
    path("settings/rejection-reasons/", views.RejectionReasonSettingsView.as_view(), name="settings-reasons"),
    *(
        path(
            f"settings/rejection-reasons/<int:pk>/{action}/",
            views.RejectionReasonActionView.as_view(),
            {"action": action},
            name=f"settings-reason-{action}",
        )
        for action in views.RejectionReasonActionView.actions
    ),
]
