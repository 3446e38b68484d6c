"""The keys that say two candidate records are one person: e-mail, phone and LinkedIn profile, normalised.

- e-mail: trimmed and lower-cased (`Zoë.O'Brien@Example.COM` and `zoë.o'brien@example.com` match);
- phone: E.164 through `phonenumbers` (`030 1234567` in the default region and `+49 30 1234567`
  match); a number it cannot read gives no key rather than a guess;
- LinkedIn: `linkedin.com/in/<profile>` from any of its URL spellings (scheme, `www.`, country
  subdomains, trailing slash, query), lower-cased.

An empty key never matches: two candidates without a phone are not duplicates of each other.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import unquote, urlsplit

import phonenumbers
from django.conf import settings


def email_key(email: str | None) -> str:
    return (email or "").strip().lower()


def phone_key(phone: str | None, *, region: str | None = None) -> str:
    text = (phone or "").strip()
    if not text:
        return ""
    return _e164(text, region or settings.PHONE_DEFAULT_REGION)


# Parsing costs ~50 µs a number; bulk intake re-sends the same numbers (updates, shared switchboards),
# so each distinct (number, region) is parsed once per process.
@lru_cache(maxsize=100_000)
def _e164(text: str, region: str) -> str:
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_possible_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def linkedin_key(url: str | None) -> str:
    text = (url or "").strip()
    if not text:
        return ""
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    host = (parts.hostname or "").lower()
    if not (host == "linkedin.com" or host.endswith(".linkedin.com")):
        return ""
    segments = [segment for segment in unquote(parts.path).lower().split("/") if segment]
    if len(segments) < 2 or segments[0] not in ("in", "pub"):
        return ""
    return f"linkedin.com/{segments[0]}/{segments[1]}"
