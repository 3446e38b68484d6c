"""Calendar invites for interviews: RFC 5545 text written here, e-mailed to the interviewers.

One UID per interview (`Interview.calendar_uid`) and a SEQUENCE the services raise on every
reschedule and cancellation, so a calendar updates or removes the event it already has
(RFC 5546 §3.2.2 REQUEST, §3.2.5 CANCEL).
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone

from recruiting.models import Interview
from recruiting.time_zones import zone_for

REQUEST = "REQUEST"
CANCEL = "CANCEL"
PRODUCT_ID = "-//Recruiter Platform//Interviews//EN"
LINE_LIMIT = 75  # octets per content line before folding (RFC 5545 §3.1)


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def quote_parameter(value: str) -> str:
    """A parameter value (a CN) in double quotes, which it may not itself contain (§3.2)."""
    return '"' + value.replace('"', "'").replace("\r", " ").replace("\n", " ") + '"'


def fold_line(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character (§3.1)."""
    parts: list[str] = []
    current, size = "", 0
    limit = LINE_LIMIT
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            # Continuation lines start with a space, which counts towards their 75 octets.
            current, size, limit = char, width, LINE_LIMIT - 1
        else:
            current += char
            size += width
    parts.append(current)
    return "\r\n ".join(parts)


def utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def interview_title(interview: Interview) -> str:
    application = interview.application
    return f"{interview.get_kind_display()} interview: {application.candidate.full_name}, {application.job.title}"


def build_invite(*, interview: Interview, method: str, now: datetime | None = None) -> str:
    """The VCALENDAR text of the interview's invite (REQUEST) or cancellation (CANCEL), CRLF-ended."""
    now = now or timezone.now()
    organizer_email = settings.DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].rstrip(">").strip()
    application = interview.application
    description = (
        f"{interview.get_kind_display()} interview with {application.candidate.full_name} "
        f"for {application.job.title}, {interview.duration_minutes} minutes."
    )
    lines = [
        "BEGIN:VCALENDAR",
        f"PRODID:{PRODUCT_ID}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
        "BEGIN:VEVENT",
        f"UID:{interview.calendar_uid}",
        f"SEQUENCE:{interview.sequence}",
        f"DTSTAMP:{utc_stamp(now)}",
        f"DTSTART:{utc_stamp(interview.scheduled_at)}",
        f"DTEND:{utc_stamp(interview.ends_at)}",
        f"SUMMARY:{escape_text(interview_title(interview))}",
        f"DESCRIPTION:{escape_text(description)}",
    ]
    if interview.location:
        lines.append(f"LOCATION:{escape_text(interview.location)}")
    lines.append(f"ORGANIZER;CN={quote_parameter(application.organization.name)}:mailto:{organizer_email}")
    for person in interview.interviewers.all():
        name = person.get_full_name() or person.email
        lines.append(
            f"ATTENDEE;CN={quote_parameter(name)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE"
            f":mailto:{person.email}"
        )
    lines += [
        f"STATUS:{'CANCELLED' if method == CANCEL else 'CONFIRMED'}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold_line(line) + "\r\n" for line in lines)


def invite_part(invite: str, method: str) -> MIMEText:
    """The invite as a text/calendar part with its METHOD, as calendar clients look for it."""
    part = MIMEText(invite, "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename="invite.ics")
    return part


def _when_for(person, interview: Interview) -> str:
    zone = zone_for(person)
    local = timezone.localtime(interview.scheduled_at, zone)
    return f"{local:%A %d %B %Y, %H:%M} ({zone.key})"


SUBJECTS = {
    "scheduled": "Interview invitation: {title}",
    "rescheduled": "Interview moved: {title}",
    "cancelled": "Interview cancelled: {title}",
}


def send_invites(*, interview: Interview, change: str) -> int:
    """E-mail each interviewer the invite (scheduled, rescheduled) or the cancellation; return how many."""
    method = CANCEL if change == "cancelled" else REQUEST
    invite = build_invite(interview=interview, method=method)
    title = interview_title(interview)
    sent = 0
    for person in interview.interviewers.all():
        if not person.email or not person.is_active:
            continue
        when = _when_for(person, interview)
        if change == "cancelled":
            body = f"This interview, planned for {when}, is cancelled.\n\n{title}\n"
        else:
            where = f"\nWhere: {interview.location}" if interview.location else ""
            body = f"{title}\n\nWhen: {when}, {interview.duration_minutes} minutes{where}\n"
        message = EmailMessage(
            subject=SUBJECTS[change].format(title=title),
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[person.email],
        )
        message.attach(invite_part(invite, method))
        sent += message.send(fail_silently=True)
    return sent
