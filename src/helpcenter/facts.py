"""The facts a customer acts on, found in a text in any of the site's languages.

Phone numbers, e-mail addresses, links, amounts of money, percentages, periods ("14 дней",
"14 days", "14 días"), dates and times. Each fact has a key that is the same in every language
("3 000 ₽", "3,000 ₽" and "3000 ₽" are all `3000 RUB`), so `helpcenter check` can tell that the
Spanish answer still says 7 days after the Russian one says 14.

Extraction is conservative: a number counts only with a unit, a currency or the shape of a phone
number, so list numbering and version numbers never raise a finding. Each kind is masked once
found, so the digits of a phone number are not read again as an amount.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

KIND_NAMES = {
    "phone": "phone number",
    "email": "e-mail address",
    "url": "link",
    "money": "amount",
    "percent": "percentage",
    "period": "period",
    "date": "date",
    "time": "time",
}


@dataclass(frozen=True)
class Fact:
    kind: str
    key: str
    text: str  # as written, for messages
    offset: int  # where it starts in the text

    def matches(self, other: Fact) -> bool:
        if self.kind != other.kind:
            return False
        if self.kind == "date":
            # "1 June" matches "1 июня 2026": a year written in one language only is no conflict.
            year, month_day = self.key.split("-", 1)
            other_year, other_month_day = other.key.split("-", 1)
            return month_day == other_month_day and (year == other_year or "" in (year, other_year))
        return self.key == other.key


_SPACE = "[ \u00a0\u202f\u2009]"  # a space, no-break space, narrow no-break and thin space
_SEP = "[ \u00a0\u202f\u2009\\-]"

# Markdown that is not text: link targets other than web, mail and phone links (their paths hold
# digits), attribute lists `{ #id .class }`, HTML comments, code.
_NOT_TEXT = re.compile(
    r"```.*?```|~~~.*?~~~|`[^`\n]*`|<!--.*?-->|\{\s*[#.][^}\n]*\}"
    r"|(?<=\])\((?!\s*<?(?:https?:|mailto:|tel:))[^)\n]*\)",
    re.DOTALL,
)

_URL = re.compile(r"https?://[^\s<>()\[\]\"'`«»]+", re.IGNORECASE)
_EMAIL = re.compile(r"(?:mailto:)?([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})")
_TEL_LINK = re.compile(r"tel:([+\d][\d\-. ()]*\d)", re.IGNORECASE)
# +7 495 123-45-67, +7 (495) 123-45-67, +34 912 345 678, 8 800 555-35-35, 8 (800) 555-35-35
_PHONE = re.compile(
    rf"(?<![\w+.,/])(?:\+{_SPACE}?\d{{1,3}}(?:{_SEP}?\(\d{{1,5}}\)|{_SEP}?\d{{1,5}})(?:{_SEP}?\d{{2,4}}){{1,4}}"
    rf"|8{_SEP}*\(?\d{{3}}\)?{_SEP}*\d{{3}}{_SEP}*\d{{2}}{_SEP}*\d{{2}})(?![\w])"
)

_MONTHS = {
    # Russian (genitive, as in dates, and nominative), English, Spanish
    **dict.fromkeys(["января", "январь", "January", "Jan", "enero"], 1),
    **dict.fromkeys(["февраля", "февраль", "February", "Feb", "febrero"], 2),
    **dict.fromkeys(["марта", "март", "March", "Mar", "marzo"], 3),
    **dict.fromkeys(["апреля", "апрель", "April", "Apr", "abril"], 4),
    **dict.fromkeys(["мая", "май", "May", "mayo"], 5),
    **dict.fromkeys(["июня", "июнь", "June", "Jun", "junio"], 6),
    **dict.fromkeys(["июля", "июль", "July", "Jul", "julio"], 7),
    **dict.fromkeys(["августа", "август", "August", "Aug", "agosto"], 8),
    **dict.fromkeys(["сентября", "сентябрь", "September", "Sep", "Sept", "septiembre", "setiembre"], 9),
    **dict.fromkeys(["октября", "октябрь", "October", "Oct", "octubre"], 10),
    **dict.fromkeys(["ноября", "ноябрь", "November", "Nov", "noviembre"], 11),
    **dict.fromkeys(["декабря", "декабрь", "December", "Dec", "diciembre"], 12),
}
# English month names are capitalised, Russian and Spanish ones are not: matching case keeps
# "step 3 may take" from reading as the 3rd of May.
_MONTH = "(" + "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True)) + r")\.?(?!\w)"
_DAY_MONTH = re.compile(
    rf"(?<![\d.,:/])(\d{{1,2}})(?:st|nd|rd|th)?{_SPACE}+(?:de{_SPACE}+)?{_MONTH}"
    rf"(?:,?{_SPACE}+(?:de{_SPACE}+)?(\d{{4}})(?!\d))?"
)
_MONTH_DAY = re.compile(
    rf"(?<!\w){_MONTH}{_SPACE}+(\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:,?{_SPACE}+(\d{{4}}))?"
)
_ISO_DATE = re.compile(r"(?<![\d.])(\d{4})-(\d{2})-(\d{2})(?![\d])")
_DOTTED_DATE = re.compile(r"(?<![\d.,])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d])")

_TIME = re.compile(r"(?<![\d:.,])([01]?\d|2[0-4]):([0-5]\d)(?![\d:])")
_TIME_12H = re.compile(
    rf"(?<![\d:.,])(1[0-2]|0?[1-9])(?::([0-5]\d))?{_SPACE}?([AaPp])\.?[Mm]\.?(?!\w)", re.UNICODE
)

_CURRENCIES = {
    "RUB": r"₽|руб(?:лей|ля|ль)?\.?|RUB|rubles?|roubles?|rublos?",
    "USD": r"\$|USD|US\$|dollars?|доллар(?:ов|а)?|dólar(?:es)?",
    "EUR": r"€|EUR|euros?|евро",
}
_CURRENCY = "|".join(f"(?P<{code}>{pattern})" for code, pattern in _CURRENCIES.items())
_AMOUNT = (
    rf"\d{{1,3}}(?:(?:{_SPACE}|[.,])\d{{3}})+(?:[.,]\d{{1,2}})?(?!\d)"  # 3 000 ₽, 3,000 ₽, 1.234,50 €
    r"|\d+(?:[.,]\d{1,2})?(?!\d)"  # 3000 ₽, 2,50 €
)
_THOUSANDS = r"тыс\.?|mil|thousand"
_MONEY_AFTER = re.compile(
    rf"(?<![\d.,])(?P<amount>{_AMOUNT}){_SPACE}?(?:(?P<thousands>{_THOUSANDS}){_SPACE}?)?"
    rf"(?:{_CURRENCY})(?![\w])",
    re.IGNORECASE,
)
_MONEY_BEFORE = re.compile(
    rf"(?<![\w])(?:(?P<RUB>₽)|(?P<USD>\$|US\$)|(?P<EUR>€)){_SPACE}?(?P<amount>{_AMOUNT})", re.IGNORECASE
)
_PERCENT = re.compile(rf"(?<![\d.,])(\d+(?:[.,]\d+)?){_SPACE}?%")

_UNITS = {
    "minute": r"минут[аы]?|мин\.?|minutes?|mins?|minutos?",
    "hour": r"час(?:а|ов)?|ч\.?|hours?|hrs?|horas?|h",
    "day": r"день|дня|дней|сутки|суток|дн\.|days?|d[ií]as?",
    "week": r"недел[яиью]|недель|weeks?|semanas?",
    "month": r"месяц(?:а|ев)?|months?|mes(?:es)?",
    "year": r"год(?:а)?|лет|years?|años?",
}
_UNIT = "|".join(f"(?P<{unit}>{pattern})" for unit, pattern in _UNITS.items())
# "10 рабочих дней", "10 business days", "10 días hábiles": working days are not calendar days.
_WORKING_BEFORE = r"рабоч\w*|business|working"
_WORKING_AFTER = r"h[aá]bil(?:es)?|laborables?"
_NUMBER = r"\d+(?:[.,]\d+)?"
_PERIOD = re.compile(
    rf"(?<![\w.,:/])(?P<n>{_NUMBER})(?:{_SPACE}*[-–—]{_SPACE}*(?P<n2>{_NUMBER}))?{_SPACE}+"
    rf"(?:(?P<working>{_WORKING_BEFORE}|календарн\w*|calendar){_SPACE}+)?(?:{_UNIT})(?!\w)"
    rf"(?:{_SPACE}+(?P<working_after>{_WORKING_AFTER}))?",
    re.IGNORECASE,
)
# "14-дневный", "24-часовой", "a 14-day period"
_PERIOD_ADJECTIVE = re.compile(
    r"(?<![\w.,])(?P<n>\d+)-(?:(?P<day>дневн\w*|day)|(?P<hour>часов\w*|hour)|(?P<minute>минутн\w*|minute)"
    r"|(?P<week>недельн\w*|week)|(?P<month>месячн\w*|month)|(?P<year>летн\w*|годичн\w*|year))(?!\w)",
    re.IGNORECASE,
)


def _number(text: str) -> Decimal | None:
    """A number as written in ru, en or es: `3 000`, `3,000`, `3.000`, `2,50`, `2.50`."""
    digits = re.sub(r"[ \u00a0\u202f\u2009]", "", text)
    match = re.search(r"[.,](\d{1,2})$", digits)
    if match and not re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", digits):
        whole, fraction = digits[: match.start()], match.group(1)
    else:
        whole, fraction = digits, ""
    whole = re.sub(r"[.,]", "", whole)
    try:
        return Decimal(f"{whole}.{fraction}" if fraction else whole)
    except InvalidOperation:
        return None


def _plain(number: Decimal) -> str:
    """`3000`, `2.5`: the same for every way of writing the number."""
    return format(number.normalize(), "f")


def _phone_key(text: str) -> str | None:
    digits = re.sub(r"\D", "", text)
    if not 10 <= len(digits) <= 15:
        return None
    if len(digits) == 11 and digits.startswith("8") and not text.lstrip().startswith("+"):
        digits = "7" + digits[1:]  # 8 800 … is how Russians dial +7 800 … at home
    return "+" + digits


def _mask(text: str, start: int, end: int) -> str:
    return text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]


def extract(text: str, language: str = "") -> list[Fact]:
    """Every fact in `text`, in order of appearance."""
    facts: list[Fact] = []
    work = _NOT_TEXT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)

    def take(pattern: re.Pattern[str], make: Callable[[re.Match[str]], Fact | None]) -> None:
        nonlocal work
        for match in list(pattern.finditer(work)):
            fact = make(match)
            if fact is not None:
                facts.append(fact)
                work = _mask(work, match.start(), match.end())

    def url(match: re.Match[str]) -> Fact:
        raw = match.group().rstrip(".,;:!?")
        key = re.sub(r"^https?://", "", raw, flags=re.IGNORECASE)
        host, _, path = key.partition("/")
        path = re.sub(rf"^{re.escape(language)}(/|$)", "{lang}\\1", path) if language else path
        return Fact("url", f"{host.lower()}/{path}".rstrip("/"), raw, match.start())

    take(_URL, url)
    take(_EMAIL, lambda m: Fact("email", m.group(1).lower(), m.group(1), m.start()))

    def phone(match: re.Match[str], group: int = 0) -> Fact | None:
        key = _phone_key(match.group(group))
        return Fact("phone", key, match.group(group).strip(), match.start()) if key else None

    take(_TEL_LINK, lambda m: phone(m, 1))
    take(_PHONE, phone)

    def date(year: str | None, month: int, day: str) -> str | None:
        if not (1 <= month <= 12 and 1 <= int(day) <= 31):
            return None
        return f"{year or ''}-{month:02d}-{int(day):02d}"

    def day_month(match: re.Match[str]) -> Fact | None:
        key = date(match.group(3), _MONTHS[match.group(2)], match.group(1))
        return Fact("date", key, match.group().strip(), match.start()) if key else None

    def month_day(match: re.Match[str]) -> Fact | None:
        key = date(match.group(3), _MONTHS[match.group(1)], match.group(2))
        return Fact("date", key, match.group().strip(), match.start()) if key else None

    take(_ISO_DATE, lambda m: _some(date(m.group(1), int(m.group(2)), m.group(3)), "date", m))
    take(_DOTTED_DATE, lambda m: _some(date(m.group(3), int(m.group(2)), m.group(1)), "date", m))
    take(_DAY_MONTH, day_month)
    take(_MONTH_DAY, month_day)

    def time_12h(match: re.Match[str]) -> Fact:
        hour = int(match.group(1)) % 12 + (12 if match.group(3).lower() == "p" else 0)
        return Fact("time", f"{hour:02d}:{match.group(2) or '00'}", match.group(), match.start())

    take(_TIME_12H, time_12h)
    take(_TIME, lambda m: Fact("time", f"{int(m.group(1)):02d}:{m.group(2)}", m.group(), m.start()))

    def money(match: re.Match[str]) -> Fact | None:
        amount = _number(match.group("amount"))
        if amount is None:
            return None
        if match.groupdict().get("thousands"):
            amount *= 1000
        currency = next(code for code in _CURRENCIES if match.group(code))
        return Fact("money", f"{_plain(amount)} {currency}", match.group().strip(), match.start())

    take(_MONEY_AFTER, money)
    take(_MONEY_BEFORE, money)

    def percent(match: re.Match[str]) -> Fact | None:
        value = _number(match.group(1))
        return (
            Fact("percent", f"{_plain(value)}%", match.group(), match.start()) if value is not None else None
        )

    take(_PERCENT, percent)

    def period(match: re.Match[str]) -> Fact | None:
        unit = next(name for name in _UNITS if match.groupdict().get(name))
        first = _number(match.group("n"))
        second = _number(match.group("n2")) if match.groupdict().get("n2") else None
        if first is None or (unit == "year" and first >= 1000):
            return None  # "с 2020 года" is a year, not a period
        working = bool(match.groupdict().get("working_after")) or bool(
            re.match(_WORKING_BEFORE, match.groupdict().get("working") or "", re.IGNORECASE)
        )
        amount = _plain(first) + (f"–{_plain(second)}" if second is not None else "")
        name = ("working " if working else "") + unit
        return Fact("period", f"{amount} {name}", match.group().strip(), match.start())

    take(_PERIOD_ADJECTIVE, period)
    take(_PERIOD, period)
    return sorted(facts, key=lambda fact: fact.offset)


def _some(key: str | None, kind: str, match: re.Match[str]) -> Fact | None:
    return Fact(kind, key, match.group(), match.start()) if key else None
