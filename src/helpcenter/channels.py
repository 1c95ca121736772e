"""The active alerts in other channels: SMS, a voice menu (IVR) and email.

The same alerts as the site's banner (`alerts.yml`, `helpcenter.alerts.active`), in the words
each channel can carry: an SMS is counted in segments as carriers bill it, a voice reads no
symbol and no link, an email has a short subject and absolute links. Pure functions: the CLI
(`helpcenter alerts`) loads the content and the site's settings, these only shape the text.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from helpcenter import alerts as timeline
from helpcenter.content import HelpCenter
from helpcenter.model import Alert
from helpcenter.strings import strings_for

CHANNELS = ("sms", "ivr", "email")

# -- SMS -------------------------------------------------------------------------------------

# 3GPP TS 23.038, GSM 7-bit default alphabet: the basic set (one septet each; 0x1B, the escape
# to the extension table, is not a character of its own) and the characters of the extension
# table that phones send (escape + character: two septets each).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
    " !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")

GSM7_SINGLE, GSM7_PART = 160, 153  # septets in one segment; per segment of a concatenated SMS
UCS2_SINGLE, UCS2_PART = 70, 67  # UTF-16 code units, likewise (the rest is the concatenation header)

# Typography with a GSM-7 look-alike: replaced only when that saves segments.
TYPOGRAPHIC_TO_GSM7 = {
    "\u2014": "-",  # — em dash
    "\u2013": "-",  # – en dash
    "\u2012": "-",  # ‒ figure dash
    "\u2010": "-",  # ‐ hyphen
    "\u2011": "-",  # ‑ non-breaking hyphen
    "\u2212": "-",  # − minus sign
    "\u00ab": '"',  # «
    "\u00bb": '"',  # »
    "\u201c": '"',  # “
    "\u201d": '"',  # ”
    "\u201e": '"',  # „
    "\u2018": "'",  # ‘
    "\u2019": "'",  # ’
    "\u201a": "'",  # ‚
    "\u2026": "...",  # …
    "\u00a0": " ",  # non-breaking space
    "\u202f": " ",  # narrow non-breaking space
    "\u2009": " ",  # thin space
}
_TYPOGRAPHY = str.maketrans(TYPOGRAPHIC_TO_GSM7)


@dataclass(frozen=True)
class Sms:
    """One text message and what it costs: `units` are GSM-7 septets or UTF-16 code units."""

    text: str
    encoding: Literal["GSM-7", "UCS-2"]
    units: int
    segments: int
    transliterated: bool = False

    @property
    def capacity(self) -> int:
        """How many units the message's segments hold: 160 or 70 for one, 153 or 67 each for more."""
        if self.encoding == "GSM-7":
            return GSM7_SINGLE if self.segments == 1 else GSM7_PART * self.segments
        return UCS2_SINGLE if self.segments == 1 else UCS2_PART * self.segments

    def summary(self) -> str:
        """`[GSM-7, 142/160, 1 segment]`, as an operator checks it before sending."""
        plural = "" if self.segments == 1 else "s"
        extra = ", transliterated" if self.transliterated else ""
        return f"[{self.encoding}, {self.units}/{self.capacity}, {self.segments} segment{plural}{extra}]"


def is_gsm7(text: str) -> bool:
    return all(char in GSM7_BASIC or char in GSM7_EXTENSION for char in text)


def _segments(widths: list[int], single: int, part: int) -> int:
    """Segments as carriers split them: one if it all fits, else segments of `part` units that
    never cut a character in two (an escape and its extension character, a surrogate pair)."""
    if sum(widths) <= single:
        return 1
    segments, used = 1, 0
    for width in widths:
        if used + width > part:
            segments, used = segments + 1, 0
        used += width
    return segments


def measure_sms(text: str) -> Sms:
    """Encoding, length and segments of `text` sent as it is."""
    if is_gsm7(text):
        widths = [2 if char in GSM7_EXTENSION else 1 for char in text]
        return Sms(text, "GSM-7", sum(widths), _segments(widths, GSM7_SINGLE, GSM7_PART))
    widths = [2 if ord(char) > 0xFFFF else 1 for char in text]
    return Sms(text, "UCS-2", sum(widths), _segments(widths, UCS2_SINGLE, UCS2_PART))


def transliterate_typography(text: str) -> str:
    """Dashes, quotes, the ellipsis and special spaces as their GSM-7 look-alikes."""
    return text.translate(_TYPOGRAPHY)


def sms_message(text: str) -> Sms:
    """`text` as an SMS; with plain dashes and quotes when that makes it fewer segments
    (typically: one GSM-7 segment instead of two or more UCS-2 ones)."""
    as_written = measure_sms(text)
    plain = transliterate_typography(text)
    if plain != text:
        candidate = measure_sms(plain)
        if candidate.segments < as_written.segments:
            return Sms(candidate.text, candidate.encoding, candidate.units, candidate.segments, True)
    return as_written


@dataclass(frozen=True)
class AlertSms:
    alert_id: str
    severity: str
    sms: Sms


def sms_messages(alerts: list[Alert], language: str) -> list[AlertSms]:
    """One SMS per alert, most severe first: the alert's text only, no link."""
    return [
        AlertSms(alert.id, alert.severity, sms_message(timeline.plain_text(alert.text[language])))
        for alert in timeline.by_severity(alerts)
    ]


# -- the site, for links and names ----------------------------------------------------------


@dataclass(frozen=True)
class Site:
    """What the channels need from mkdocs.yml."""

    languages: list[str]
    default_language: str
    site_names: dict[str, str]
    site_url: str | None = None
    faq_url: str = "faq"
    use_directory_urls: bool = True
    string_overrides: dict[str, dict[str, str]] = field(default_factory=dict)

    def site_name(self, language: str) -> str:
        return self.site_names.get(language) or self.site_names.get(self.default_language, "")

    def strings(self, language: str) -> dict[str, str]:
        """The interface strings of the site's pages (severity labels, "until"), with its overrides."""
        return strings_for(language, self.string_overrides)[0]

    def language_prefix(self, language: str) -> str:
        return "" if language == self.default_language else f"{language}/"

    def page_url(self, page: str, language: str) -> str | None:
        """Absolute URL of a docs page (`contact.md#hours`) in a language; None without site_url."""
        if not self.site_url:
            return None
        path, _, anchor = page.partition("#")
        path = posixpath.normpath(path).lstrip("/") if path else ""
        if path.endswith(".md"):
            stem = path[: -len(".md")]
            if self.use_directory_urls:
                if stem == "index" or stem.endswith("/index"):
                    stem = stem[: -len("index")]
                path = f"{stem}/" if stem and not stem.endswith("/") else stem
            else:
                path = f"{stem}.html"
        base = self.site_url if self.site_url.endswith("/") else self.site_url + "/"
        return base + self.language_prefix(language) + path + (f"#{anchor}" if anchor else "")

    def alert_url(self, help_center: HelpCenter, link: str | None, language: str) -> str | None:
        """Absolute URL of an alert's link: an FAQ entry's section or a docs page."""
        if not link:
            return None
        if link in {entry.id for entry in help_center.entries}:
            category = help_center.category_of(link)
            return self.page_url(posixpath.join(self.faq_url, f"{category.id}.md") + f"#{link}", language)
        return self.page_url(link, language)


def site_from_config(config: Any, help_center: HelpCenter) -> Site:
    """The Site of a loaded mkdocs.yml: each language's `site_name` (the i18n plugin's
    per-language override, else the top-level one), site_url, and the helpcenter options."""
    names = {language: str(config.site_name or "") for language in help_center.languages}
    i18n = config.plugins.get("i18n")
    if i18n is not None:
        for language in i18n.config.languages:
            if language.locale in names and language.site_name:
                names[language.locale] = str(language.site_name)
    options = config.plugins.get("helpcenter").config
    return Site(
        languages=list(help_center.languages),
        default_language=help_center.default_language,
        site_names=names,
        site_url=config.site_url or None,
        faq_url=str(options.faq_url).strip("/"),
        use_directory_urls=bool(config.use_directory_urls),
        string_overrides=dict(options.strings or {}),
    )


# -- voice (IVR) ------------------------------------------------------------------------------

# Words a voice says instead of symbols, and the sentences around the alerts. A language
# without its own words here uses the English ones and babel's own date-time pattern.
VOICE_WORDS: dict[str, dict[str, str]] = {
    "ru": {
        "%": "процентов",
        "₽": "рублей",
        "&": "и",
        "€": "евро",
        "$": "долларов",
        "№": "номер",
        "at_time": "{date} в {time}",
        "until": "Действует до {moment}.",
        "closing": "Подробности в приложении и на сайте {site}.",
    },
    "en": {
        "%": "percent",
        "₽": "rubles",
        "&": "and",
        "€": "euros",
        "$": "dollars",
        "№": "number",
        "at_time": "{date} at {time}",
        "until": "In effect until {moment}.",
        "closing": "More details are in our app and on the {site} website.",
    },
    "es": {
        "%": "por ciento",
        "₽": "rublos",
        "&": "y",
        "€": "euros",
        "$": "dólares",
        "№": "número",
        "at_time": "{date} a las {time}",
        "until": "Vigente hasta el {moment}.",
        "closing": "Más información en nuestra app y en el sitio web {site}.",
    },
}
# Abbreviations in babel's long dates that a voice should say in full.
VOICE_ABBREVIATIONS: dict[str, list[tuple[re.Pattern[str], str]]] = {
    "ru": [(re.compile(r"(?<=\d)\s*г\.(?=\s|,|$)"), " года")],
}

_URL = re.compile(
    r"(?:\b(?:https?|ftp)://|\bmailto:|\bwww\.)\S+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE
)
_SPACED_DASH = re.compile(r"\s+[\u2014\u2013\u2012-]+\s+")
_VOICE_PUNCTUATION = set(".,:;!?¿¡'-")
_INVISIBLE = re.compile("[\ufe00-\ufe0f\u20e3\u200b-\u200f\u2060\U000e0000-\U000e007f]")


def _voice_words(language: str) -> dict[str, str]:
    return {**VOICE_WORDS["en"], **VOICE_WORDS.get(language.split("_")[0].split("-")[0], {})}


def voice_text(text: str, language: str) -> str:
    """Plain text that a speech engine reads as a person would: no link, no Markdown, no
    symbol; `%`, `₽`, `&` and a few others as words of `language`."""
    words = _voice_words(language)
    text = unicodedata.normalize("NFC", timeline.plain_text(text))
    text = _URL.sub(" ", text)
    text = _INVISIBLE.sub("", text)
    text = text.replace("\u2019", "'").replace("\u2026", ".")
    for symbol in ("%", "₽", "€", "$", "&", "№"):
        text = re.sub(rf"\s*{re.escape(symbol)}\s*", f" {words[symbol]} ", text)
    text = _SPACED_DASH.sub(", ", text)
    text = re.sub(r"[(\[{]", ", ", text)
    text = re.sub(r"[)\]}]", ", ", text)
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category[0] in "LNM" or char in _VOICE_PUNCTUATION:
            kept.append(char)
        else:
            kept.append(" ")  # symbols, emoji, quotes, bullets, arrows, *, #, _ …
    return _tidy("".join(kept))


def _tidy(text: str) -> str:
    text = " ".join(text.split())
    text = re.sub(r"(?<![\w])['-]+|['-]+(?![\w])", " ", text)  # a hyphen or quote not inside a word
    text = " ".join(text.split())
    text = re.sub(r"\s+([.,:;!?])", r"\1", text)
    text = re.sub(r",(?:\s*,)+", ",", text)
    text = re.sub(r",\s*([.:;!?])", r"\1", text)
    text = re.sub(r"([.:;!?])(?:\s*,)+", r"\1", text)
    text = re.sub(r"^[\s,.:;]+", "", text)
    return text.strip().rstrip(",;:").strip()


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?" else text + "."


def spoken_moment(moment: dt.datetime, language: str) -> str:
    """A date and time as a voice says it in `language`, in the alert's own timezone and
    without an offset: "June 2, 2035 at 6:00 AM", "2 июня 2035 года в 06:00"."""
    from babel.dates import format_date, format_time, get_datetime_format

    locale = language.replace("-", "_")
    date = format_date(moment, format="long", locale=locale)
    time = format_time(moment, format="short", locale=locale, tzinfo=moment.tzinfo)
    base = language.split("_")[0].split("-")[0]
    if base in VOICE_WORDS:
        pattern = VOICE_WORDS[base]["at_time"]
        if base == "es" and moment.hour in (1, 13):
            pattern = "{date} a la {time}"  # "a la 1:00", "a las 2:00"
        spoken = pattern.format(date=date, time=time)
    else:
        spoken = str(get_datetime_format("long", locale=locale)).replace("{1}", date).replace("{0}", time)
    for pattern_, replacement in VOICE_ABBREVIATIONS.get(base, []):
        spoken = pattern_.sub(replacement, spoken)
    return spoken


@dataclass(frozen=True)
class VoiceScript:
    """What the voice menu says: one line per alert (most severe first), then the closing."""

    alert_ids: list[str]
    sentences: list[str]
    closing: str

    @property
    def text(self) -> str:
        return " ".join([*self.sentences, self.closing])


def voice_script(alerts: list[Alert], language: str, site_name: str) -> VoiceScript:
    words = _voice_words(language)
    ordered = timeline.by_severity(alerts)
    sentences = []
    for alert in ordered:
        sentence = _sentence(voice_text(alert.text[language], language))
        if alert.ends is not None:
            sentence += " " + _sentence(
                voice_text(words["until"].format(moment=spoken_moment(alert.ends, language)), language)
            )
        sentences.append(sentence)
    closing = _sentence(voice_text(words["closing"].format(site=site_name), language))
    return VoiceScript([alert.id for alert in ordered], sentences, closing)


# -- email ------------------------------------------------------------------------------------

SUBJECT_LIMIT = 78  # RFC 5322's recommended line length: one line in every mail client


def email_subject(prefix: str, text: str, limit: int = SUBJECT_LIMIT) -> str:
    """`[Important] text`, cut on a word boundary with "…" so that it is at most `limit` characters."""
    subject = f"{prefix} {text}".strip()
    if len(subject) <= limit:
        return subject
    room = limit - len(prefix) - 2  # the space after the prefix and the "…"
    head = text[: room + 1]
    cut = head.rfind(" ")
    head = head[:cut] if cut > 0 else text[:room]
    head = head.rstrip(" ,;:.\u2014\u2013-")
    return f"{prefix} {head}…".strip()


@dataclass(frozen=True)
class EmailItem:
    alert_id: str
    severity: str
    label: str
    text: str
    window: str
    url: str | None


@dataclass(frozen=True)
class Email:
    subject: str
    body: str
    items: list[EmailItem]


def email_message(alerts: list[Alert], language: str, site: Site, help_center: HelpCenter) -> Email:
    """One email about all the alerts: the most severe in the subject, each in the body with its
    time window and, when mkdocs.yml has site_url, the absolute link to its answer."""
    strings = site.strings(language)
    items = []
    for alert in timeline.by_severity(alerts):
        starts = timeline.format_moment(alert.starts, language)
        window = (
            strings["alert_window"].format(start=starts, end=timeline.format_moment(alert.ends, language))
            if alert.ends
            else strings["alert_from"].format(time=starts)
        )
        items.append(
            EmailItem(
                alert.id,
                alert.severity,
                strings[f"severity_{alert.severity}"],
                timeline.plain_text(alert.text[language]),
                window,
                site.alert_url(help_center, alert.link, language),
            )
        )
    if not items:
        return Email("", "", [])
    subject = email_subject(f"[{items[0].label}]", items[0].text)
    blocks = []
    for item in items:
        lines = [f"[{item.label}] {item.text}", item.window]
        if item.url:
            lines.append(f"{strings['alert_more']}: {item.url}")
        blocks.append("\n".join(lines))
    home = site.page_url("index.md", language)
    name = site.site_name(language)
    blocks.append(f"{name}: {home}" if home else name)
    return Email(subject, "\n\n".join(block for block in blocks if block) + "\n", items)


# -- all channels ---------------------------------------------------------------------------------


def render(
    channel: str, alerts: list[Alert], language: str, site: Site, help_center: HelpCenter
) -> tuple[str, list[dict[str, Any]]]:
    """The text to print and the JSON objects (one per message the channel sends) of `channel`,
    one of CHANNELS."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}: use one of {', '.join(CHANNELS)}")
    if channel == "sms":
        messages = sms_messages(alerts, language)
        text = "\n\n".join(f"{m.sms.summary()}\n{m.sms.text}" for m in messages)
        records = [
            {
                "channel": "sms",
                "language": language,
                "alert": m.alert_id,
                "severity": m.severity,
                "text": m.sms.text,
                "encoding": m.sms.encoding,
                "units": m.sms.units,
                "capacity": m.sms.capacity,
                "segments": m.sms.segments,
                "transliterated": m.sms.transliterated,
            }
            for m in messages
        ]
        return text + "\n", records
    if channel == "ivr":
        script = voice_script(alerts, language, site.site_name(language))
        record = {
            "channel": "ivr",
            "language": language,
            "alerts": script.alert_ids,
            "sentences": script.sentences,
            "closing": script.closing,
            "text": script.text,
        }
        return "\n".join([*script.sentences, script.closing]) + "\n", [record]
    email = email_message(alerts, language, site, help_center)
    record = {
        "channel": "email",
        "language": language,
        "subject": email.subject,
        "body": email.body,
        "alerts": [asdict(item) for item in email.items],
    }
    return f"Subject: {email.subject}\n\n{email.body}", [record]
