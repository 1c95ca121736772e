"""Alerts over time: the boundaries, timezones, ordering, versions and the build's "now"."""

from __future__ import annotations

import datetime as dt

import pytest

from helpcenter import alerts as timeline
from helpcenter.model import Alert

MSK = dt.timezone(dt.timedelta(hours=3))
UTC = dt.timezone.utc


def alert(
    alert_id: str = "a",
    severity: str = "warning",
    starts: str = "2026-11-20T09:00:00+03:00",
    ends: str | None = "2026-12-01T00:00:00+03:00",
    text: str = "Delays",
) -> Alert:
    return Alert.model_validate(
        {"id": alert_id, "severity": severity, "text": {"en": text}, "starts": starts, "ends": ends}
    )


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (dt.datetime(2026, 11, 20, 8, 59, 59, tzinfo=MSK), "upcoming"),
        (dt.datetime(2026, 11, 20, 9, 0, 0, tzinfo=MSK), "active"),  # starts is inclusive
        (dt.datetime(2026, 11, 20, 6, 0, 0, tzinfo=UTC), "active"),  # the same instant in UTC
        (dt.datetime(2026, 11, 20, 5, 59, 59, tzinfo=UTC), "upcoming"),
        (dt.datetime(2026, 11, 30, 23, 59, 59, tzinfo=MSK), "active"),
        (dt.datetime(2026, 12, 1, 0, 0, 0, tzinfo=MSK), "ended"),  # ends is exclusive
        (dt.datetime(2026, 11, 30, 21, 0, 0, tzinfo=UTC), "ended"),
        (dt.datetime(2026, 11, 30, 20, 59, 59, tzinfo=UTC), "active"),
    ],
)
def test_state_boundaries_across_timezones(now: dt.datetime, expected: str) -> None:
    assert timeline.state(alert(), now) == expected


def test_alert_without_end_stays_active() -> None:
    open_ended = alert(ends=None)
    assert timeline.state(open_ended, dt.datetime(2099, 1, 1, tzinfo=UTC)) == "active"


def test_active_alerts_are_ordered_by_severity_then_newest() -> None:
    now = dt.datetime(2026, 11, 25, tzinfo=UTC)
    alerts = [
        alert("old-info", "info", starts="2026-11-01T00:00:00Z"),
        alert("warning", "warning"),
        alert("critical", "critical"),
        alert("new-info", "info", starts="2026-11-24T00:00:00Z"),
        alert("ended", "critical", starts="2026-01-01T00:00:00Z", ends="2026-02-01T00:00:00Z"),
    ]
    assert [a.id for a in timeline.active(alerts, now)] == ["critical", "warning", "new-info", "old-info"]


def test_upcoming_and_recently_ended_windows() -> None:
    now = dt.datetime(2026, 11, 25, tzinfo=UTC)
    alerts = [
        alert("later", starts="2027-01-01T00:00:00Z", ends=None),
        alert("sooner", starts="2026-12-01T00:00:00Z", ends=None),
        alert("ended-29-days-ago", starts="2026-10-01T00:00:00Z", ends="2026-10-27T00:00:00Z"),
        alert("ended-31-days-ago", starts="2026-10-01T00:00:00Z", ends="2026-10-25T00:00:00Z"),
    ]
    assert [a.id for a in timeline.upcoming(alerts, now)] == ["sooner", "later"]
    assert [a.id for a in timeline.recently_ended(alerts, now)] == ["ended-29-days-ago"]


def test_version_changes_with_text_or_times_and_only_then() -> None:
    base = alert()
    assert timeline.version(base) == timeline.version(alert())
    assert timeline.version(base) != timeline.version(alert(text="Delays of 5 days"))
    assert timeline.version(base) != timeline.version(alert(ends="2026-12-02T00:00:00+03:00"))
    assert timeline.version(base) != timeline.version(alert(severity="critical"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-23T12:00:00+03:00", dt.datetime(2026, 11, 23, 9, 0, tzinfo=UTC)),
        ("2026-11-23T09:00:00Z", dt.datetime(2026, 11, 23, 9, 0, tzinfo=UTC)),
    ],
)
def test_parse_now(value: str, expected: dt.datetime) -> None:
    assert timeline.parse_now(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "2026-11-23T12:00:00",
            "'2026-11-23T12:00:00' has no timezone — write it like 2026-11-23T12:00:00+03:00 or "
            "2026-11-23T12:00:00Z",
        ),
        ("tomorrow", "'tomorrow' is not a date and time — write it like 2026-11-20T09:00:00+03:00"),
        (
            "2019-01-01",
            "'2019-01-01' has no timezone — write it like 2019-01-01T00:00:00+03:00 or 2019-01-01T00:00:00Z",
        ),
    ],
)
def test_parse_now_rejects_what_it_cannot_pin(value: str, message: str) -> None:
    with pytest.raises(timeline.BadNow) as info:
        timeline.parse_now(value)
    assert str(info.value) == message


def test_environment_variable_overrides_configured_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HELPCENTER_NOW", "2035-06-01T12:00:00+03:00")
    assert timeline.build_now("2026-01-01T00:00:00Z").year == 2035
    monkeypatch.delenv("HELPCENTER_NOW")
    assert timeline.build_now("2026-01-01T00:00:00Z").year == 2026


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ru", "31 дек. 2036\u202fг., 23:59 (GMT+03:00)"),
        ("en", "Dec 31, 2036, 11:59\u202fPM (GMT+03:00)"),
        ("es", "31 dic 2036, 23:59 (GMT+03:00)"),
    ],
)
def test_times_are_shown_in_the_language_format_and_the_alert_timezone(language: str, expected: str) -> None:
    moment = dt.datetime(2036, 12, 31, 23, 59, tzinfo=MSK)
    assert timeline.format_moment(moment, language) == expected


def test_inline_html_and_plain_text() -> None:
    assert (
        timeline.inline_html("Delays of **3 days**, [see](x)")
        == 'Delays of <strong>3 days</strong>, <a href="x">see</a>'
    )
    assert timeline.plain_text("Delays of **3 days** & [more](x)") == "Delays of 3 days & more"
