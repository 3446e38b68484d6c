"""The candidate page's activity: everything that happened to a candidate, newest first, in words.

Built from rows the page has already read (stage history, interviews with scorecards, notes,
feedback) plus one query for `CandidateActivity`, so the page's query count does not grow with
the history.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from recruiting import choices
from recruiting.models import Application, Candidate, CandidateActivity, Feedback, Interview, Note


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    actor: str
    text: str
    kind: str
    # An interview's time, shown in the viewer's zone; the longer text behind the line (an e-mail).
    when: datetime | None = None
    detail: str = ""

    @property
    def when_joiner(self) -> str:
        """How the interview's time joins the sentence: scheduled for it, moved to it, else beside it."""
        return {
            CandidateActivity.Kind.INTERVIEW_SCHEDULED: "for",
            CandidateActivity.Kind.INTERVIEW_RESCHEDULED: "to",
        }.get(self.kind, "·")


# Sources whose proper spelling the general rule below would miss.
# In a sentence a channel reads with its article: "added from the API", "via the dashboard".
SOURCE_PHRASES = {"api": "the API", "dashboard": "the dashboard"}


def source_label(source: str) -> str:
    """A partner or channel code in words for a sentence: "job_board" reads "Job board", "api" "the API"."""
    return SOURCE_PHRASES.get(source.strip().lower()) or choices.source_label(source)


def a_or_an(words: str) -> str:
    """The words with their indefinite article: "an On-site interview", "a Technical interview"."""
    return f"{'an' if words[:1].lower() in 'aeiou' else 'a'} {words}"


def _person(user, fallback: str = "System") -> str:
    return str(user) if user is not None else fallback


def candidate_timeline(
    *,
    candidate: Candidate,
    applications: Iterable[Application],
    interviews: Iterable[Interview],
    notes: Iterable[Note],
    feedback: Iterable[Feedback],
    activity: Iterable[CandidateActivity],
) -> list[TimelineEntry]:
    """Every event of the candidate's history, newest first."""
    entries: list[TimelineEntry] = []
    created_by = None
    scheduled_ids = {row.interview_id for row in activity if row.kind == CandidateActivity.Kind.INTERVIEW_SCHEDULED}
    for row in activity:
        if row.kind == CandidateActivity.Kind.CREATED:
            created_by = row.actor
            continue
        entries.append(
            TimelineEntry(
                at=row.created_at,
                actor=_person(row.actor),
                text=row.summary,
                kind=row.kind,
                when=row.interview_at,
                detail=row.detail,
            )
        )
    source = source_label(candidate.source)
    if created_by is not None:
        text = f"added {candidate.full_name}" + (f" (source: {source})" if source else "")
    elif source:
        text = f"{candidate.full_name} was added from {source}"
    else:
        text = f"{candidate.full_name} was added"
    entries.append(TimelineEntry(at=candidate.created_at, actor=_person(created_by, ""), text=text, kind="created"))
    for application in applications:
        job = application.job.title
        for change in application.history.all():
            if change.from_stage_id is None:
                via = f" via {source_label(application.source)}" if application.source else ""
                text = f"added {candidate.first_name} to {job} at {change.to_stage.name}{via}"
                kind = "applied"
            else:
                text = f"moved {candidate.first_name} from {change.from_stage.name} to {change.to_stage.name} · {job}"
                if change.reason:
                    text += f" — {change.reason}"
                kind = "stage_changed"
            entries.append(TimelineEntry(at=change.changed_at, actor=_person(change.changed_by), text=text, kind=kind))
    for interview in interviews:
        if interview.pk not in scheduled_ids:
            # Scheduled before the timeline recorded interviews (or written straight to the table).
            entries.append(
                TimelineEntry(
                    at=interview.created_at,
                    actor="",
                    text=f"{a_or_an(interview.get_kind_display()).replace('a', 'A', 1)} interview was scheduled",
                    kind=CandidateActivity.Kind.INTERVIEW_SCHEDULED,
                    when=interview.scheduled_at,
                )
            )
        for card in interview.scorecards.all():
            entries.append(
                TimelineEntry(
                    at=card.submitted_at,
                    actor=_person(card.interviewer),
                    text=(
                        f"submitted a scorecard for the {interview.get_kind_display()} interview: "
                        f"{card.get_recommendation_display()}"
                    ),
                    kind="scorecard",
                )
            )
    for note in notes:
        entries.append(
            TimelineEntry(
                at=note.created_at,
                actor=_person(note.author, "Someone"),
                text="added a note",
                kind="note",
                detail=note.body,
            )
        )
    for item in feedback:
        rating = f" ({item.rating:g}/5)" if item.rating is not None else ""
        entries.append(
            TimelineEntry(
                at=item.created_at, actor=item.reviewer or "A reviewer", text=f"left feedback{rating}", kind="feedback"
            )
        )
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries
