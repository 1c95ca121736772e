"""The alerts in other channels: SMS segments, a voice script, an email; and `helpcenter alerts`."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from mkdocs.config import load_config

from helpcenter import alerts as timeline
from helpcenter import channels
from helpcenter.channels import Site, email_subject, measure_sms, sms_message, voice_script
from helpcenter.cli import main
from helpcenter.content import HelpCenter, load_help_center
from helpcenter.model import Alert
from helpcenter.plugin import content_settings, site_languages

ROOT = Path(__file__).resolve().parent.parent
MKDOCS_YML = str(ROOT / "mkdocs.yml")
NOW = "2026-11-23T12:00:00+03:00"  # only carrier-delays is active
BOTH = "2035-06-01T12:00:00+03:00"  # carrier-delays (warning) and payments-maintenance (critical)
NONE = "2019-01-01T00:00:00Z"

URL = re.compile(r"https?://|www\.|\.example|mailto", re.IGNORECASE)
MARKDOWN_OR_SYMBOL = re.compile(r"[*#_•→\[\]()<>{}|~`\\/%₽€$&@«»\"“”„…]")
EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\ufe0f\u200d]")
OFFSET = re.compile(r"[+-]\d{2}:?\d{2}\b|GMT|UTC|MSK")


@pytest.fixture(scope="module")
def reference() -> tuple[HelpCenter, Site]:
    config = load_config(MKDOCS_YML)
    languages, default, _ = site_languages(config)
    options = config.plugins["helpcenter"].config
    help_center = load_help_center(content_settings(config, options, languages, default))
    return help_center, channels.site_from_config(config, help_center)


def make_alert(text: str, severity: str = "warning", **fields: object) -> Alert:
    return Alert.model_validate(
        {
            "id": "test-alert",
            "severity": severity,
            "text": {"ru": text, "en": text, "es": text},
            "starts": "2026-11-20T09:00:00+03:00",
            "ends": "2026-12-01T00:00:00+03:00",
            **fields,
        }
    )


def invoke(*args: str):
    return CliRunner().invoke(main, ["alerts", "-f", MKDOCS_YML, *args])


# -- SMS segments ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "encoding", "units", "segments"),
    [
        pytest.param("", "GSM-7", 0, 1, id="empty"),
        pytest.param("a", "GSM-7", 1, 1, id="one character"),
        pytest.param("a" * 160, "GSM-7", 160, 1, id="ascii 160"),
        pytest.param("a" * 161, "GSM-7", 161, 2, id="ascii 161"),
        pytest.param("a" * 306, "GSM-7", 306, 2, id="ascii 306"),
        pytest.param("a" * 307, "GSM-7", 307, 3, id="ascii 307"),
        pytest.param("a" * 459, "GSM-7", 459, 3, id="ascii 459"),
        pytest.param("a" * 460, "GSM-7", 460, 4, id="ascii 460"),
        pytest.param("@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤§", "GSM-7", 31, 1, id="basic set symbols"),
        pytest.param("line one\nline two\r", "GSM-7", 18, 1, id="line breaks count one"),
        pytest.param("€", "GSM-7", 2, 1, id="euro counts 2"),
        pytest.param("[]{}~\\^|€", "GSM-7", 18, 1, id="every extension character counts 2"),
        pytest.param("€" * 80, "GSM-7", 160, 1, id="80 extension characters fill one segment"),
        pytest.param("€" * 81, "GSM-7", 162, 2, id="81 extension characters"),
        pytest.param("a" * 159 + "€", "GSM-7", 161, 2, id="extension character crosses 160"),
        pytest.param("a" * 152 + "€" + "a" * 152, "GSM-7", 306, 3, id="escape never split across segments"),
        pytest.param("a" * 151 + "€" + "a" * 153, "GSM-7", 306, 2, id="escape ends the first segment"),
        pytest.param("я" * 70, "UCS-2", 70, 1, id="cyrillic 70"),
        pytest.param("я" * 71, "UCS-2", 71, 2, id="cyrillic 71"),
        pytest.param("я" * 134, "UCS-2", 134, 2, id="cyrillic 134"),
        pytest.param("я" * 135, "UCS-2", 135, 3, id="cyrillic 135"),
        pytest.param("a" * 69 + "я", "UCS-2", 70, 1, id="one cyrillic letter makes it all UCS-2"),
        pytest.param("€" * 70 + "я", "UCS-2", 71, 2, id="extension characters count 1 in UCS-2"),
        pytest.param("¿Mañana? ¡El niño también! Müller, Ñandú", "UCS-2", 40, 1, id="spanish with u acute"),
        pytest.param("¿Mañana? ¡El niño también! Müller, Ñoño", "GSM-7", 39, 1, id="spanish with n tilde"),
        pytest.param("Sí", "UCS-2", 2, 1, id="i acute is not GSM-7"),
        pytest.param("Hi 😀", "UCS-2", 5, 1, id="emoji counts 2"),
        pytest.param("😀" * 35, "UCS-2", 70, 1, id="35 emoji fill one segment"),
        pytest.param("😀" * 36, "UCS-2", 72, 2, id="36 emoji"),
        pytest.param("я" * 66 + "😀" + "я" * 66, "UCS-2", 134, 3, id="surrogate pair never split"),
        pytest.param("`code`", "UCS-2", 6, 1, id="backtick is not GSM-7"),
        pytest.param("Ready — go", "UCS-2", 10, 1, id="em dash is not GSM-7"),
    ],
)
def test_segments_are_counted_as_carriers_do(text: str, encoding: str, units: int, segments: int) -> None:
    sms = measure_sms(text)
    assert (sms.encoding, sms.units, sms.segments) == (encoding, units, segments)
    assert sms.text == text and not sms.transliterated


@pytest.mark.parametrize("char", list("éñüÑÜäöà¿¡ÄÖÅåØøÆæßÇ@£$¥"))
def test_gsm7_basic_set_letters(char: str) -> None:
    assert measure_sms(char * 160).encoding == "GSM-7"
    assert measure_sms(char * 160).segments == 1


@pytest.mark.parametrize("char", list("áíóúçÁÍÓÚâêîôûãõœ`—–«»“”‘’…\u00a0₽№"))
def test_characters_outside_gsm7_switch_to_ucs2(char: str) -> None:
    sms = measure_sms("Hello " + char)
    assert sms.encoding == "UCS-2"
    assert sms.units == 7


@pytest.mark.parametrize(
    ("text", "summary"),
    [
        ("a" * 142, "[GSM-7, 142/160, 1 segment]"),
        ("a" * 161, "[GSM-7, 161/306, 2 segments]"),
        ("я" * 70, "[UCS-2, 70/70, 1 segment]"),
        ("я" * 100, "[UCS-2, 100/134, 2 segments]"),
        ("я" * 135, "[UCS-2, 135/201, 3 segments]"),
    ],
)
def test_summary_line(text: str, summary: str) -> None:
    assert measure_sms(text).summary() == summary


# -- SMS transliteration --------------------------------------------------------------------------

TYPOGRAPHIC = (
    "Carriers are late — orders may arrive 3 days later. «Check» the “status” in the app… it’s\u00a0free."
)


def test_typography_is_transliterated_when_that_fits_one_segment() -> None:
    assert measure_sms(TYPOGRAPHIC).encoding == "UCS-2"
    assert measure_sms(TYPOGRAPHIC).segments == 2
    sms = sms_message(TYPOGRAPHIC)
    assert sms.transliterated
    assert (sms.encoding, sms.segments) == ("GSM-7", 1)
    assert sms.text == (
        'Carriers are late - orders may arrive 3 days later. "Check" the "status" in the app... it\'s free.'
    )
    assert sms.summary() == f"[GSM-7, {len(sms.text)}/160, 1 segment, transliterated]"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("Ready — go", "already one segment: the typography stays"),
        ("Статус заказа — в приложении. " * 3, "Cyrillic stays UCS-2: replacing dashes saves nothing"),
        ("Entregamos por mensajero — sin contacto y gratis, también en Moscú. " * 2, "ú stays UCS-2"),
        ("Plain text, nothing to replace. " * 3, "nothing typographic"),
    ],
)
def test_typography_is_kept_when_replacing_it_saves_nothing(text: str, why: str) -> None:
    sms = sms_message(text)
    assert not sms.transliterated, why
    assert sms.text == text
    assert sms == measure_sms(text)


def test_transliteration_that_saves_a_segment_is_used_even_without_reaching_one() -> None:
    text = "a" * 200 + " — done"
    assert measure_sms(text).segments == 4  # UCS-2: 207 units
    sms = sms_message(text)
    assert sms.transliterated and (sms.encoding, sms.segments) == ("GSM-7", 2)


def test_sms_messages_are_plain_text_most_severe_first(reference) -> None:
    help_center, _ = reference
    current = timeline.active(help_center.alerts, timeline.parse_now(BOTH))
    messages = channels.sms_messages(list(reversed(current)), "en")
    assert [m.alert_id for m in messages] == ["payments-maintenance", "carrier-delays"]
    assert [m.severity for m in messages] == ["critical", "warning"]
    for message in messages:
        assert "**" not in message.sms.text and not URL.search(message.sms.text)
    assert messages[1].sms.text.endswith("Check your order status in the app.")


# -- voice ----------------------------------------------------------------------------------------

MESSY = (
    "**Важно** → [Оплата картой](https://pay.example/x?a=1&b=2) не работает: скидка 50% и 299 ₽ "
    "вернём, R&D #1 • подробности на https://help.parcelia.example/faq/ или www.parcelia.example 😀🚚 "
    "(пишите help@parcelia.example) «спасибо» _курсив_ `код`"
)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("ru", ["50 процентов", "299 рублей", "R и D", "Оплата картой"]),
        ("en", ["50 percent", "299 rubles", "R and D", "Оплата картой"]),
        ("es", ["50 por ciento", "299 rublos", "R y D", "Оплата картой"]),
    ],
)
def test_voice_text_has_no_url_markdown_or_symbol(language: str, words: list[str]) -> None:
    spoken = channels.voice_text(MESSY, language)
    assert not URL.search(spoken), spoken
    assert not MARKDOWN_OR_SYMBOL.search(spoken), spoken
    assert not EMOJI.search(spoken), spoken
    assert "  " not in spoken and not re.search(r"\s[.,:;!?]", spoken), spoken
    for word in words:
        assert word in spoken, (word, spoken)
    assert "спасибо" in spoken and "курсив" in spoken  # the words stay, their marks go


@pytest.mark.parametrize("language", ["ru", "en", "es"])
@pytest.mark.parametrize("at", [NOW, BOTH])
def test_voice_script_of_the_reference_alerts(reference, language: str, at: str) -> None:
    help_center, site = reference
    current = timeline.active(help_center.alerts, timeline.parse_now(at))
    script = voice_script(current, language, site.site_name(language))
    assert script.alert_ids == [a.id for a in timeline.by_severity(current)]
    assert len(script.sentences) == len(current)
    for line in [*script.sentences, script.closing]:
        assert not URL.search(line), line
        assert not MARKDOWN_OR_SYMBOL.search(line), line
        assert not EMOJI.search(line), line
        assert not OFFSET.search(line), line
        assert line[-1] in ".!?" and line[0].isupper(), line
    assert site.site_name(language) in script.closing
    assert script.text.endswith(script.closing)


@pytest.mark.parametrize(
    ("language", "moment", "spoken"),
    [
        ("ru", "2026-12-01T00:00:00+03:00", "1 декабря 2026 года в 00:00"),
        ("en", "2026-12-01T00:00:00+03:00", "December 1, 2026 at 12:00\u202fAM"),
        ("es", "2026-12-01T00:00:00+03:00", "1 de diciembre de 2026 a las 0:00"),
        ("es", "2026-12-01T13:30:00+03:00", "1 de diciembre de 2026 a la 13:30"),
        ("es", "2035-06-02T06:00:00+03:00", "2 de junio de 2035 a las 6:00"),
        ("ru", "2036-12-31T23:59:00+05:00", "31 декабря 2036 года в 23:59"),
    ],
)
def test_spoken_moment_in_words_without_offset(language: str, moment: str, spoken: str) -> None:
    assert channels.spoken_moment(dt.datetime.fromisoformat(moment), language) == spoken


def test_voice_closing_uses_each_languages_site_name(reference) -> None:
    _, site = reference
    assert site.site_name("ru") == "Справочный центр Парселии"  # top-level site_name
    assert site.site_name("en") == "Parcelia Help Center"  # the i18n language's override
    assert site.site_name("es") == "Centro de ayuda de Parcelia"
    assert voice_script([], "en", "Acme Help").closing == (
        "More details are in our app and on the Acme Help website."
    )


# -- email ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "text", "expected"),
    [
        ("[Important]", "Short text.", "[Important] Short text."),
        ("[Important]", "x" * 66, "[Important] " + "x" * 66),  # exactly 78
        ("[Important]", "word " * 20, "[Important] " + " ".join(["word"] * 13) + "…"),
        ("[Важно]", "слово, " * 20, "[Важно] " + ", ".join(["слово"] * 10) + "…"),
        ("[Importante]", "x" * 100, "[Importante] " + "x" * 64 + "…"),  # one long word: cut inside it
    ],
)
def test_email_subject_is_cut_on_a_word_boundary(prefix: str, text: str, expected: str) -> None:
    subject = email_subject(prefix, text)
    assert subject == expected
    assert len(subject) <= 78


@pytest.mark.parametrize(
    ("language", "prefix", "faq_url"),
    [
        ("ru", "[Важно] ", "https://help.parcelia.example/faq/payments/#payment-methods"),
        ("en", "[Important] ", "https://help.parcelia.example/en/faq/payments/#payment-methods"),
        ("es", "[Importante] ", "https://help.parcelia.example/es/faq/payments/#payment-methods"),
    ],
)
def test_email_of_the_reference_alerts(reference, language: str, prefix: str, faq_url: str) -> None:
    help_center, site = reference
    current = timeline.active(help_center.alerts, timeline.parse_now(BOTH))
    email = channels.email_message(current, language, site, help_center)
    critical = next(a for a in current if a.severity == "critical")
    assert email.subject.startswith(prefix)
    assert len(email.subject) <= 78
    assert email.subject.endswith("…")  # the reference texts are longer than a subject line
    body_text = timeline.plain_text(critical.text[language])
    assert body_text.startswith(email.subject[len(prefix) : -1])
    assert body_text[len(email.subject) - len(prefix) - 1] == " "  # cut between two words
    assert [item.alert_id for item in email.items] == ["payments-maintenance", "carrier-delays"]
    assert faq_url in email.body
    assert email.body.index(faq_url) < email.body.index(
        faq_url.replace("payments/#payment-methods", "delivery")
    )
    for alert in current:
        assert timeline.format_moment(alert.starts, language) in email.body
        assert timeline.format_moment(alert.ends, language) in email.body
    assert email.body.rstrip().endswith(site.site_name(language) + ": " + site.page_url("index.md", language))
    assert "**" not in email.body


def test_email_links_to_pages_and_without_site_url(reference) -> None:
    help_center, site = reference
    alert = make_alert("Call us", link="contact.md")
    assert site.alert_url(help_center, alert.link, "en") == "https://help.parcelia.example/en/contact/"
    assert site.alert_url(help_center, "guides/payment-failed.md#cards", "ru") == (
        "https://help.parcelia.example/guides/payment-failed/#cards"
    )
    assert site.alert_url(help_center, "delivery-delays", "es") == (
        "https://help.parcelia.example/es/faq/delivery/#delivery-delays"
    )
    assert site.page_url("index.md", "ru") == "https://help.parcelia.example/"
    no_url = Site(["ru", "en"], "ru", {"ru": "Помощь", "en": "Help"}, site_url=None)
    email = channels.email_message([alert], "en", no_url, help_center)
    assert "http" not in email.body
    assert email.body == "[Warning] Call us\n" + email.items[0].window + "\n\nHelp\n"
    flat = Site(["en"], "en", {"en": "Help"}, site_url="https://h.example", use_directory_urls=False)
    assert flat.alert_url(help_center, "contact.md", "en") == "https://h.example/contact.html"


# -- the command ----------------------------------------------------------------------------------


def test_cli_sms_one_alert_active() -> None:
    result = invoke("--channel", "sms", "--lang", "ru", "--at", NOW)
    assert result.exit_code == 0, result.output
    assert result.output == (
        "[UCS-2, 100/134, 2 segments]\n"
        "Перевозчики работают с задержками: заказы могут прийти на 3 дня позже. "
        "Статус заказа — в приложении.\n"
    )


def test_cli_sms_critical_first() -> None:
    result = invoke("--channel", "sms", "--lang", "en", "--at", BOTH)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "[GSM-7, 110/160, 1 segment]"
    assert lines[1].startswith("Planned maintenance from 00:00 on 1 June")
    assert lines[2] == ""
    assert lines[3] == "[GSM-7, 100/160, 1 segment]"
    assert lines[4].startswith("Carriers are running late")


@pytest.mark.parametrize("language", ["ru", "en", "es"])
def test_cli_ivr(language: str) -> None:
    result = invoke("--channel", "ivr", "--lang", language, "--at", BOTH)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 3
    assert not URL.search(result.output) and not MARKDOWN_OR_SYMBOL.search(result.output)
    assert not OFFSET.search(result.output)
    closing = {
        "ru": "Подробности в приложении и на сайте Справочный центр Парселии.",
        "en": "More details are in our app and on the Parcelia Help Center website.",
        "es": "Más información en nuestra app y en el sitio web Centro de ayuda de Parcelia.",
    }
    assert lines[2] == closing[language]


def test_cli_ivr_spanish_exact() -> None:
    result = invoke("--channel", "ivr", "--lang", "es", "--at", BOTH)
    assert result.output == (
        "Mantenimiento del 1 de junio, 00:00, al 2 de junio, 06:00, hora de Moscú: el pago con tarjeta "
        "puede fallar. Paga con SBP. Vigente hasta el 2 de junio de 2035 a las 6:00.\n"
        "Los transportistas van con retraso: los pedidos pueden llegar hasta 3 días tarde. Consulta el "
        "estado en la app. Vigente hasta el 31 de diciembre de 2036 a las 23:59.\n"
        "Más información en nuestra app y en el sitio web Centro de ayuda de Parcelia.\n"
    )


def test_cli_email() -> None:
    result = invoke("--channel", "email", "--lang", "en", "--at", BOTH)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Subject: [Important] Planned maintenance")
    assert len(lines[0]) <= len("Subject: ") + 78
    assert lines[1] == ""
    assert "Details: https://help.parcelia.example/en/faq/payments/#payment-methods" in lines
    assert "Details: https://help.parcelia.example/en/faq/delivery/#delivery-delays" in lines
    assert lines[-1] == "Parcelia Help Center: https://help.parcelia.example/en/"


@pytest.mark.parametrize("channel", ["sms", "ivr", "email"])
def test_cli_json(channel: str) -> None:
    result = invoke("--channel", channel, "--lang", "es", "--at", BOTH, "--json")
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    assert isinstance(records, list) and all(isinstance(r, dict) for r in records)
    assert all(r["channel"] == channel and r["language"] == "es" for r in records)
    if channel == "sms":
        assert [r["alert"] for r in records] == ["payments-maintenance", "carrier-delays"]
        assert records[0]["encoding"] == "UCS-2" and records[0]["segments"] == 2
    elif channel == "ivr":
        assert records[0]["alerts"] == ["payments-maintenance", "carrier-delays"]
        assert records[0]["text"].endswith("Centro de ayuda de Parcelia.")
    else:
        assert records[0]["subject"].startswith("[Importante] ")
        assert [a["alert_id"] for a in records[0]["alerts"]] == ["payments-maintenance", "carrier-delays"]
        assert (
            records[0]["alerts"][0]["url"] == "https://help.parcelia.example/es/faq/payments/#payment-methods"
        )


@pytest.mark.parametrize("channel", ["sms", "ivr", "email"])
def test_cli_no_alert_active(channel: str) -> None:
    result = invoke("--channel", channel, "--lang", "en", "--at", NONE)
    assert result.exit_code == 0, result.output
    assert result.output == "No alert is active at 2019-01-01T00:00:00+00:00.\n"
    as_json = invoke("--channel", channel, "--lang", "en", "--at", NONE, "--json")
    assert as_json.exit_code == 0 and json.loads(as_json.output) == []


@pytest.mark.parametrize(
    ("at", "message"),
    [
        (
            "tomorrow",
            "Error: --at 'tomorrow' is not a date and time — write it like 2026-11-20T09:00:00+03:00",
        ),
        ("2026-11-23T12:00:00", "Error: --at '2026-11-23T12:00:00' has no timezone"),
    ],
)
def test_cli_bad_at_is_a_one_line_error(at: str, message: str) -> None:
    result = invoke("--channel", "sms", "--lang", "ru", "--at", at)
    assert result.exit_code == 1
    assert result.output.startswith(message)
    assert result.output.count("\n") == 1 and "Traceback" not in result.output


def test_cli_unknown_language() -> None:
    result = invoke("--channel", "ivr", "--lang", "de", "--at", NOW)
    assert result.exit_code == 1
    assert "Error: --lang 'de' is not a language of this help center — use one of ru, en, es" in result.output
    assert "Traceback" not in result.output


def test_cli_needs_a_channel() -> None:
    result = invoke("--lang", "ru", "--at", NOW)
    assert result.exit_code == 2
    assert "--channel" in result.output


def test_cli_takes_helpcenter_now_when_at_is_not_given() -> None:
    runner = CliRunner()
    args = ["alerts", "-f", MKDOCS_YML, "--channel", "sms", "--lang", "en"]
    result = runner.invoke(main, args, env={"HELPCENTER_NOW": NONE})
    assert result.output == "No alert is active at 2019-01-01T00:00:00+00:00.\n"
    pinned = runner.invoke(main, [*args, "--at", NOW], env={"HELPCENTER_NOW": NONE})
    assert pinned.output.startswith("[GSM-7, 100/160, 1 segment]\nCarriers are running late")


def test_cli_reports_content_errors_without_traceback(make_project) -> None:
    project = make_project(
        alerts="""\
        alerts:
          - id: no-timezone
            severity: warning
            text: {ru: Текст, en: Text, es: Texto}
            starts: 2026-11-20T09:00:00
        """
    )
    result = CliRunner().invoke(
        main, ["alerts", "-f", str(project / "mkdocs.yml"), "--channel", "sms", "--lang", "en", "--at", NOW]
    )
    assert result.exit_code == 1
    assert "alerts.yml:5: alert 'no-timezone': starts '2026-11-20T09:00:00' has no timezone" in result.output
    assert "Error: 1 error in the content — fix them and run again" in result.output
    assert "Traceback" not in result.output
