"""Alerts over time: which are current, upcoming or ended, and their text in every form.

Pure functions, so the banner, the status page, the feeds and the channel texts all agree on
what "active" means: `starts <= now < ends` (an alert without `ends` stays until removed).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import os
import re
from collections.abc import Iterable
from typing import Literal

import markdown

from helpcenter.model import Alert

State = Literal["upcoming", "active", "ended"]
SEVERITY_RANK = {"critical": 0, "warning": 1, "info": 2}
NOW_ENVIRONMENT_VARIABLE = "HELPCENTER_NOW"
RECENTLY_ENDED = dt.timedelta(days=30)


class BadNow(ValueError):
    pass


def parse_now(value: str | None) -> dt.datetime:
    """The build's "now": an ISO date-time with timezone, or the real time when not set.

    Editors preview a scheduled alert with HELPCENTER_NOW=2026-12-01T10:00:00+03:00; tests pin it.
    """
    if not value:
        return dt.datetime.now(dt.timezone.utc)
    try:
        moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise BadNow(f"'{value}' is not a date and time — write it like 2026-11-20T09:00:00+03:00") from None
    if moment.tzinfo is None:
        full = value.strip() if "T" in value or " " in value.strip() else f"{value.strip()}T00:00:00"
        raise BadNow(f"'{value}' has no timezone — write it like {full}+03:00 or {full}Z")
    return moment


def build_now(configured: str | None) -> dt.datetime:
    """HELPCENTER_NOW wins over the `now` option of mkdocs.yml, which wins over the clock."""
    return parse_now(os.environ.get(NOW_ENVIRONMENT_VARIABLE) or configured)


def state(alert: Alert, now: dt.datetime) -> State:
    if now < alert.starts:
        return "upcoming"
    if alert.ends is not None and now >= alert.ends:
        return "ended"
    return "active"


def by_severity(alerts: Iterable[Alert]) -> list[Alert]:
    """Most severe first; among equals, the one that started last first."""
    return sorted(alerts, key=lambda a: (SEVERITY_RANK[a.severity], -a.starts.timestamp(), a.id))


def active(alerts: Iterable[Alert], now: dt.datetime) -> list[Alert]:
    return by_severity(a for a in alerts if state(a, now) == "active")


def upcoming(alerts: Iterable[Alert], now: dt.datetime) -> list[Alert]:
    return sorted((a for a in alerts if state(a, now) == "upcoming"), key=lambda a: a.starts)


def recently_ended(
    alerts: Iterable[Alert], now: dt.datetime, within: dt.timedelta = RECENTLY_ENDED
) -> list[Alert]:
    ended = [a for a in alerts if state(a, now) == "ended" and a.ends is not None and now - a.ends <= within]
    return sorted(ended, key=lambda a: a.ends or a.starts, reverse=True)


def version(alert: Alert) -> str:
    """Changes whenever the alert's text, link or times change: a dismissed alert that was
    edited shows again."""
    payload = "\x1f".join(
        [
            alert.id,
            alert.severity,
            repr(sorted(alert.text.items())),
            alert.link or "",
            alert.starts.isoformat(),
            alert.ends.isoformat() if alert.ends else "",
        ]
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:12]


_INLINE = markdown.Markdown(extensions=[])
_PARAGRAPH = re.compile(r"^<p>(.*)</p>$", re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")


def inline_html(text: str) -> str:
    """The alert's one line of inline Markdown as HTML (already checked for script at load)."""
    _INLINE.reset()
    rendered = _INLINE.convert(text.strip())
    match = _PARAGRAPH.match(rendered)
    return match.group(1) if match else rendered


def plain_text(markdown_text: str) -> str:
    """Markdown as plain text: what a text message, a voice or a JSON client gets."""
    _INLINE.reset()
    text = _TAGS.sub("", _INLINE.convert(markdown_text.strip()))
    return " ".join(html.unescape(text).split())


def format_moment(moment: dt.datetime, language: str) -> str:
    """A time as customers of that language write it, in the alert's own timezone, with the
    zone spelled out: "31 дек. 2036 г., 23:59 (GMT+03:00)", "Dec 31, 2036, 11:59 PM (GMT+03:00)"."""
    # Imported here: only builds with alerts pay for babel's locale data.
    from babel.dates import format_date, format_time, get_datetime_format, get_timezone_gmt

    locale = language.replace("-", "_")
    pattern = str(get_datetime_format("medium", locale=locale))
    date_text = format_date(moment, "medium", locale=locale)
    time_text = format_time(moment, "short", tzinfo=moment.tzinfo, locale=locale)
    zone = get_timezone_gmt(moment, "long", locale=locale)
    return pattern.replace("{1}", date_text).replace("{0}", time_text) + f" ({zone})"


def utc_iso(moment: dt.datetime | None) -> str:
    return moment.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z") if moment else ""
