"""Numbers and salaries written the way the reader writes them: "€85,000" in English, "85.000 €" in German.

The format follows the person's choice on their profile, else their browser's preferred languages
(`Accept-Language`), else English. Only the digits' format changes, through Django's format files
(`django/conf/locale/<language>/formats.py`); the pages' words stay English.
"""

from __future__ import annotations

from decimal import Decimal

from asgiref.local import Local
from django.utils import formats, numberformat
from django.utils.translation.trans_real import parse_accept_lang_header

from recruiting.currencies import CURRENCY_SYMBOLS

DEFAULT_NUMBER_FORMAT = "en"
# Each format in words for the profile's select, and whether the currency goes before the amount.
NUMBER_FORMATS: dict[str, tuple[str, bool]] = {
    "en": ("English: 85,000.50 and €85,000", True),
    "de": ("Deutsch: 85.000,50 and 85.000 €", False),
    "es": ("Español: 85 000,50 and 85 000 €", False),
    "fr": ("Français: 85 000,50 and 85 000 €", False),
    "it": ("Italiano: 85.000,50 and 85.000 €", False),
    "nl": ("Nederlands: 85.000,50 and € 85.000", True),
    "pl": ("Polski: 85 000,50 and 85 000 €", False),
    "pt": ("Português: 85.000,50 and 85.000 €", False),
    "sv": ("Svenska: 85 000,50 and 85 000 €", False),
}
NUMBER_FORMAT_CHOICES = [(code, label) for code, (label, _) in NUMBER_FORMATS.items()]

_active = Local()


def number_format_for(*, chosen: str = "", accept_language: str = "") -> str:
    """The person's own choice, else the first of their browser's languages that has a format, else English."""
    if chosen in NUMBER_FORMATS:
        return chosen
    try:
        preferred = parse_accept_lang_header(accept_language[:1000])
    except ValueError:
        preferred = ()
    for language, _quality in preferred:
        base = language.lower().split("-")[0]
        if base in NUMBER_FORMATS:
            return base
    return DEFAULT_NUMBER_FORMAT


def activate(code: str) -> None:
    _active.value = code if code in NUMBER_FORMATS else DEFAULT_NUMBER_FORMAT


def deactivate() -> None:
    if hasattr(_active, "value"):
        del _active.value


def active_number_format() -> str:
    return getattr(_active, "value", DEFAULT_NUMBER_FORMAT)


def format_number(value: int | float | Decimal, *, decimal_places: int | None = None, code: str = "") -> str:
    """`value` with the format's thousands and decimal separators: 85,000.5 / 85.000,5."""
    code = code or active_number_format()
    return numberformat.format(
        value,
        formats.get_format("DECIMAL_SEPARATOR", code, use_l10n=True),
        decimal_pos=decimal_places,
        grouping=formats.get_format("NUMBER_GROUPING", code, use_l10n=True),
        thousand_sep=formats.get_format("THOUSAND_SEPARATOR", code, use_l10n=True),
        force_grouping=True,
        use_l10n=True,
    )


def format_money(amount: int | Decimal, currency: str, *, code: str = "") -> str:
    """A whole amount with its currency where the format puts it: "€85,000", "85.000 €", "CHF 85,000"."""
    code = code or active_number_format()
    number = format_number(amount, decimal_places=0, code=code)
    symbol = CURRENCY_SYMBOLS.get(currency, currency)
    before = NUMBER_FORMATS.get(code, NUMBER_FORMATS[DEFAULT_NUMBER_FORMAT])[1]
    if not before:
        return f"{number}\xa0{symbol}"
    # A symbol sits against the number in English ("€85,000"); a code, or Dutch, keeps a space.
    joiner = "" if symbol != currency and code == "en" else "\xa0"
    return f"{symbol}{joiner}{number}"


def format_salary_range(low: int | None, high: int | None, currency: str, *, code: str = "") -> str:
    """ "€85,000 – €110,000", "from €85,000", "up to €110,000", or "" when neither end is known."""
    if low is not None and high is not None:
        if low == high:
            return format_money(low, currency, code=code)
        return f"{format_money(low, currency, code=code)} – {format_money(high, currency, code=code)}"
    if low is not None:
        return f"from {format_money(low, currency, code=code)}"
    if high is not None:
        return f"up to {format_money(high, currency, code=code)}"
    return ""


class NumberFormatMiddleware:
    """Use the signed-in person's number format (or their browser's) while the request renders."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        chosen = getattr(user, "number_format", "") if user is not None and user.is_authenticated else ""
        activate(number_format_for(chosen=chosen, accept_language=request.headers.get("Accept-Language", "")))
        try:
            return self.get_response(request)
        finally:
            # Per thread, like the time zone: the next request on this thread must not inherit it.
            deactivate()
