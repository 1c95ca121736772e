"""Each kind of editor mistake gives one exact, actionable message naming the file and the line.

No MkDocs build here: the content is written into a temporary project and loaded with
`load_help_center`, the same call the plugin makes. Every case asserts the complete text of every
problem, so a message that loses its file, line, entry id or fix fails a test.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from helpcenter.content import ContentSettings, HelpCenter, load_help_center
from helpcenter.problems import ContentError
from helpcenter.yamlsource import StrictSafeLoader, YamlSyntaxError, parse_yaml_with

# Lines:  1 category, 2 id, 3 title, 4 description, 5 entries, 6 - id: where-is-my-order,
# 7 question, 8 answer, 9 ru, 10 en, 11 es, 12 - id: delivery-delays, 13 question, 14 answer.
ORDERS = """\
category:
  id: orders
  title: {ru: Заказы, en: Orders, es: Pedidos}
  description: {ru: Всё о заказах., en: All about orders., es: Todo sobre pedidos.}
entries:
  - id: where-is-my-order
    question: {ru: "Где мой заказ?", en: "Where is my order?", es: "¿Dónde está mi pedido?"}
    answer:
      ru: Откройте раздел «Мои заказы».
      en: Open "My orders".
      es: Abre «Mis pedidos».
  - id: delivery-delays
    question: {ru: "Почему задержка?", en: "Why the delay?", es: "¿Por qué el retraso?"}
    answer: {ru: Из-за погоды., en: Because of the weather., es: Por el clima.}
"""

# Lines: 1 alerts, 2 - id, 3 severity, 4 text, 5 link, 6 starts, 7 ends.
ALERTS = """\
alerts:
  - id: carrier-delays
    severity: warning
    text: {ru: Задержки доставки, en: Delivery delays, es: Retrasos en las entregas}
    link: delivery-delays
    starts: 2026-11-20T09:00:00+03:00
    ends: 2026-12-01T00:00:00+03:00
"""

FALLBACK_HINT = " or set translation_fallback: true for the helpcenter plugin in mkdocs.yml"
SCRIPT_FIX = "which could run script in a customer's browser — remove it and use Markdown instead of HTML"
SLUG_FIX = "is not a valid id — use lowercase letters, digits and hyphens, like 'where-is-my-order'"
ENTRY_KEYS = "id, question, answer, keywords, call_reasons, related, reviewed"


def edit(text: str, old: str, new: str) -> str:
    """`text` with `old` replaced by `new`; `old` must occur exactly once, so edits cannot miss."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


ES_ANSWER = "      es: Abre «Mis pedidos».\n"  # line 11, the last line of the first entry


def after_first_entry(lines: str) -> str:
    """ORDERS with `lines` added at the end of its first entry (from line 12 on)."""
    return edit(ORDERS, ES_ANSWER, ES_ANSWER + lines)


def write_project(root: Path, faq: dict[str, str | bytes], alerts: str | None) -> None:
    (root / "faq").mkdir(parents=True)
    for name, content in faq.items():
        path = root / "faq" / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    if alerts is not None:
        (root / "alerts.yml").write_text(alerts, encoding="utf-8")
    contact = root / "docs" / "ru" / "contact.md"
    contact.parent.mkdir(parents=True)
    contact.write_text("# Контакты\n", encoding="utf-8")


def load(
    root: Path,
    faq: dict[str, str | bytes] | None = None,
    alerts: str | None = None,
    *,
    translation_fallback: bool = False,
    languages: tuple[str, ...] = ("ru", "en", "es"),
) -> HelpCenter:
    write_project(root, {"orders.yml": ORDERS} if faq is None else faq, alerts)
    settings = ContentSettings(
        root=root,
        faq_dir=root / "faq",
        alerts_file=root / "alerts.yml",
        languages=list(languages),
        default_language=languages[0],
        translation_fallback=translation_fallback,
        docs_dir=root / "docs",
    )
    return load_help_center(settings)


def problems(
    root: Path, faq: dict[str, str | bytes] | None = None, alerts: str | None = None, **kw: bool
) -> list[str]:
    """Every problem reported, as the editor reads it; the load must fail."""
    with pytest.raises(ContentError) as info:
        load(root, faq, alerts, **kw)
    return [str(problem) for problem in info.value.problems]


def test_reference_like_content_loads(tmp_path: Path) -> None:
    help_center = load(tmp_path, alerts=ALERTS)
    assert [e.id for e in help_center.entries] == ["where-is-my-order", "delivery-delays"]
    assert [a.id for a in help_center.alerts] == ["carrier-delays"]
    assert help_center.warnings == []
    assert help_center.fallbacks == {}


# -- 1. malformed YAML ---------------------------------------------------------------------------


MALFORMED_CASES = [
    pytest.param(
        "    answer:\n      ru:",
        "   answer:\n      ru:",
        "faq/orders.yml:8: malformed YAML: expected <block end>, but found '<block mapping start>' — "
        "check the indentation: items of one list or map must line up",
        id="bad-indentation",
    ),
    pytest.param(
        "      en: Open",
        "\ten: Open",
        "faq/orders.yml:10: malformed YAML: found character '\\t' that cannot start any token — "
        "indent with spaces, not tabs",
        id="tab",
    ),
    pytest.param(
        'en: Open "My orders".',
        "en: Note: open My orders.",
        "faq/orders.yml:10: malformed YAML: mapping values are not allowed here — "
        "a text containing ': ' must be quoted, or written as a block with '|'",
        id="colon-in-text",
    ),
    pytest.param(
        "    answer:\n",
        "    answer\n",
        "faq/orders.yml:9: malformed YAML: could not find expected ':' — "
        "each key needs a ':' after it; check the indentation of this and the previous line",
        id="missing-colon",
    ),
]


def test_unquoted_question_mark_in_braces_reads_as_editors_tools_read_it(tmp_path: Path) -> None:
    # The design's own example, `{en: Where is my order?}`, is valid YAML 1.2 (editors' IDEs);
    # libyaml reads it too, so the build accepts it.
    help_center = load(
        tmp_path, {"orders.yml": edit(ORDERS, 'en: "Where is my order?"', "en: Where is my order?")}
    )
    assert help_center.entry("where-is-my-order").question["en"] == "Where is my order?"


def test_pure_python_yaml_explains_the_unquoted_question_mark() -> None:
    # Without libyaml, PyYAML ends the text at '?': the hint says how to fix it.
    with pytest.raises(YamlSyntaxError) as info:
        parse_yaml_with('q: {en: Where is my order?, ru: "Где?"}', StrictSafeLoader)
    assert info.value.line == 1
    assert info.value.message == (
        "malformed YAML: expected ',' or '}', but got '?' — "
        "inside { }, a text containing '?' must be quoted, like {en: \"Where is my order?\"}"
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    MALFORMED_CASES,
)
def test_malformed_yaml(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert problems(tmp_path, {"orders.yml": edit(ORDERS, old, new)}) == [expected]


def test_malformed_file_does_not_hide_problems_in_other_files(tmp_path: Path) -> None:
    broken = edit(ORDERS, "    answer:\n      ru:", "   answer:\n      ru:")
    payments = edit(edit(ORDERS, "id: orders", "id: payments"), ES_ANSWER, "")
    payments = edit(payments, "where-is-my-order", "where-is-my-refund")
    payments = edit(payments, "id: delivery-delays", "id: refund-delays")
    assert problems(tmp_path, {"orders.yml": broken, "payments.yml": payments}) == [
        "faq/orders.yml:8: malformed YAML: expected <block end>, but found '<block mapping start>' — "
        "check the indentation: items of one list or map must line up",
        "faq/payments.yml:8: entry 'where-is-my-refund': 'es' answer is missing — add the Spanish answer"
        + FALLBACK_HINT,
    ]


# -- 2. unknown keys -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            '    question: {ru: "Где',
            '    questoin: {ru: "Где',
            [
                "faq/orders.yml:6: entry 'where-is-my-order': missing 'question:' — add it",
                "faq/orders.yml:7: entry 'where-is-my-order': unknown key 'questoin' "
                f"(did you mean 'question'?) — allowed keys are {ENTRY_KEYS}",
            ],
            id="entry-level",
        ),
        pytest.param(
            "    answer: {ru: Из-за",
            "    reviewd: 2026-11-01\n    answer: {ru: Из-за",
            [
                "faq/orders.yml:14: entry 'delivery-delays': unknown key 'reviewd' "
                f"(did you mean 'reviewed'?) — allowed keys are {ENTRY_KEYS}",
            ],
            id="entry-level-optional-key",
        ),
        pytest.param(
            "  title:",
            "  titel:",
            [
                "faq/orders.yml:1: category: missing 'title:' — add it",
                "faq/orders.yml:3: category: unknown key 'titel' (did you mean 'title'?) — "
                "allowed keys are id, title, description, order",
            ],
            id="category-level",
        ),
        pytest.param(
            "entries:",
            "entires:",
            [
                "faq/orders.yml:1: the file: missing 'entries:' — add it",
                "faq/orders.yml:5: the file: unknown key 'entires' (did you mean 'entries'?) — "
                "allowed keys are category, entries",
            ],
            id="top-level",
        ),
    ],
)
def test_unknown_key_with_did_you_mean(tmp_path: Path, old: str, new: str, expected: list[str]) -> None:
    assert problems(tmp_path, {"orders.yml": edit(ORDERS, old, new)}) == expected


def test_unknown_key_in_alert(tmp_path: Path) -> None:
    assert problems(tmp_path, alerts=edit(ALERTS, "    severity:", "    severiy:")) == [
        "alerts.yml:2: alert 'carrier-delays': missing 'severity:' — add it",
        "alerts.yml:3: alert 'carrier-delays': unknown key 'severiy' (did you mean 'severity'?) — "
        "allowed keys are id, severity, text, link, starts, ends",
    ]


# -- 3. wrong types ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            '    question: {ru: "Где мой заказ?", en: "Where is my order?", es: "¿Dónde está mi pedido?"}',
            '    question: "text"',
            "faq/orders.yml:7: entry 'where-is-my-order': question must be a map of language to text, "
            "like {ru: ..., en: ..., es: ...}, not a text",
            id="question-text-instead-of-map",
        ),
        pytest.param(
            "entries:",
            "  order: ten\nentries:",
            "faq/orders.yml:5: category: order must be a whole number, like 10, not a text",
            id="order-ten",
        ),
        pytest.param(
            "entries:",
            "  order: 1.5\nentries:",
            "faq/orders.yml:5: category: order must be a whole number, like 10, not a decimal number",
            id="order-fraction",
        ),
        pytest.param(
            ES_ANSWER,
            ES_ANSWER + "    related: delivery-delays\n",
            "faq/orders.yml:12: entry 'where-is-my-order': related must be a list of entry ids, "
            "like [delivery-delays], not a text",
            id="related-string-instead-of-list",
        ),
        pytest.param(
            ES_ANSWER,
            ES_ANSWER + "    keywords: [seguimiento]\n",
            "faq/orders.yml:12: entry 'where-is-my-order': keywords must be a map of language to a list "
            "of words, like {en: [tracking number]}, not a list",
            id="keywords-list-instead-of-map",
        ),
        pytest.param(
            "      ru: Откройте раздел «Мои заказы».",
            "      ru: 42",
            "faq/orders.yml:9: entry 'where-is-my-order': 'answer.ru' must be a text, not a number — "
            "put it in quotes if it is a number",
            id="number-instead-of-text",
        ),
        pytest.param(
            "  - id: delivery-delays\n",
            "  - delivery-delays\n  - id: delivery-delays\n",
            "faq/orders.yml:12: entry #2 (no id) must be a map with keys like id, question, answer, "
            "not a text — check the indentation",
            id="entry-is-a-text",
        ),
    ],
)
def test_wrong_type(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert problems(tmp_path, {"orders.yml": edit(ORDERS, old, new)}) == [expected]


def test_entries_not_a_list(tmp_path: Path) -> None:
    text = ORDERS.split("entries:")[0] + "entries:\n  id: where-is-my-order\n"
    assert problems(tmp_path, {"orders.yml": text}) == [
        "faq/orders.yml:5: 'entries' must be a list of entries, each starting with '- id: ...'",
    ]


# -- 4. missing and empty translations -----------------------------------------------------------

MISSING_ES = (ES_ANSWER, "")
EMPTY_ES = (ES_ANSWER, '      es: ""\n')
NULL_ES = (ES_ANSWER, "      es:\n")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(
            MISSING_ES,
            "faq/orders.yml:8: entry 'where-is-my-order': 'es' answer is missing — add the Spanish answer"
            + FALLBACK_HINT,
            id="missing",
        ),
        pytest.param(
            EMPTY_ES,
            "faq/orders.yml:11: entry 'where-is-my-order': 'es' answer is empty — add the Spanish answer"
            + FALLBACK_HINT,
            id="empty-string",
        ),
        pytest.param(
            NULL_ES,
            "faq/orders.yml:11: entry 'where-is-my-order': 'es' answer is empty — add the Spanish answer"
            + FALLBACK_HINT,
            id="nothing-after-colon",
        ),
        pytest.param(
            ("title: {ru: Заказы, en: Orders, es: Pedidos}", "title: {ru: Заказы, en: Orders}"),
            "faq/orders.yml:3: category 'orders': 'es' title is missing — add the Spanish title"
            + FALLBACK_HINT,
            id="category-title",
        ),
    ],
)
def test_missing_or_empty_translation_is_an_error(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    assert problems(tmp_path, {"orders.yml": edit(ORDERS, *change)}) == [expected]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(
            MISSING_ES,
            "faq/orders.yml:8: warning: entry 'where-is-my-order': 'es' answer is missing — "
            "showing the Russian text instead; add the Spanish answer",
            id="missing",
        ),
        pytest.param(
            EMPTY_ES,
            "faq/orders.yml:11: warning: entry 'where-is-my-order': 'es' answer is empty — "
            "showing the Russian text instead; add the Spanish answer",
            id="empty-string",
        ),
        pytest.param(
            NULL_ES,
            "faq/orders.yml:11: warning: entry 'where-is-my-order': 'es' answer is empty — "
            "showing the Russian text instead; add the Spanish answer",
            id="nothing-after-colon",
        ),
    ],
)
def test_translation_fallback_is_a_reported_warning(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    help_center = load(tmp_path, {"orders.yml": edit(ORDERS, *change)}, translation_fallback=True)
    assert [str(w) for w in help_center.warnings] == [expected]
    answer = help_center.entry("where-is-my-order").answer
    assert answer["es"] == answer["ru"] == "Откройте раздел «Мои заказы»."
    assert answer["en"] == 'Open "My orders".'
    assert help_center.fallbacks == {("entry", "where-is-my-order", "answer"): {"es"}}


def test_translation_fallback_covers_categories_and_alerts(tmp_path: Path) -> None:
    faq = edit(ORDERS, "title: {ru: Заказы, en: Orders, es: Pedidos}", "title: {ru: Заказы, es: Pedidos}")
    alerts = edit(ALERTS, ", es: Retrasos en las entregas}", "}")
    help_center = load(tmp_path, {"orders.yml": faq}, alerts, translation_fallback=True)
    assert [str(w) for w in help_center.warnings] == [
        "alerts.yml:4: warning: alert 'carrier-delays': 'es' text is missing — "
        "showing the Russian text instead; add the Spanish text",
        "faq/orders.yml:3: warning: category 'orders': 'en' title is missing — "
        "showing the Russian text instead; add the English title",
    ]
    assert help_center.categories[0].category.title["en"] == "Заказы"
    assert help_center.alerts[0].text["es"] == "Задержки доставки"
    assert help_center.fallbacks == {
        ("category", "orders", "title"): {"en"},
        ("alert", "carrier-delays", "text"): {"es"},
    }


def test_default_language_never_falls_back(tmp_path: Path) -> None:
    faq = edit(ORDERS, "      ru: Откройте раздел «Мои заказы».\n", "")
    assert problems(tmp_path, {"orders.yml": faq}, translation_fallback=True) == [
        "faq/orders.yml:8: entry 'where-is-my-order': 'ru' answer is missing — add the Russian answer",
    ]


# -- 5. duplicate ids ----------------------------------------------------------------------------


def test_duplicate_entry_id_across_files_names_both_places(tmp_path: Path) -> None:
    payments = edit(edit(ORDERS, "id: orders", "id: payments"), "id: delivery-delays", "id: refund-delays")
    assert problems(tmp_path, {"orders.yml": ORDERS, "payments.yml": payments}) == [
        "faq/payments.yml:6: entry 'where-is-my-order': id 'where-is-my-order' is already used at "
        "faq/orders.yml:6 — entry ids must be unique across all of faq/; rename one",
    ]


def test_duplicate_entry_id_in_one_file_names_both_lines(tmp_path: Path) -> None:
    faq = edit(ORDERS, "id: delivery-delays", "id: where-is-my-order")
    assert problems(tmp_path, {"orders.yml": faq}) == [
        "faq/orders.yml:12: entry 'where-is-my-order': id 'where-is-my-order' is already used at "
        "faq/orders.yml:6 — entry ids must be unique across all of faq/; rename one",
    ]


def test_duplicate_category_id_across_files(tmp_path: Path) -> None:
    other = edit(edit(ORDERS, "id: where-is-my-order", "id: refunds"), "id: delivery-delays", "id: late")
    assert problems(tmp_path, {"orders.yml": ORDERS, "payments.yml": other}) == [
        "faq/payments.yml:2: category id 'orders' is already used at faq/orders.yml:2 — "
        "category ids must be unique across faq/; rename one",
    ]


# -- 6. links that point nowhere -----------------------------------------------------------------


def test_related_pointing_nowhere_suggests_the_closest_id(tmp_path: Path) -> None:
    faq = after_first_entry("    related: [delivery-delay]\n")
    assert problems(tmp_path, {"orders.yml": faq}) == [
        "faq/orders.yml:12: entry 'where-is-my-order': related 'delivery-delay' points nowhere — "
        "no entry has this id (did you mean 'delivery-delays'?)",
    ]


def test_related_to_itself(tmp_path: Path) -> None:
    faq = after_first_entry("    related: [where-is-my-order]\n")
    assert problems(tmp_path, {"orders.yml": faq}) == [
        "faq/orders.yml:12: entry 'where-is-my-order': related 'where-is-my-order' is the entry itself — "
        "remove it",
    ]


def test_related_to_an_existing_entry_is_accepted(tmp_path: Path) -> None:
    faq = after_first_entry("    related: [delivery-delays]\n")
    assert load(tmp_path, {"orders.yml": faq}).entry("where-is-my-order").related == ["delivery-delays"]


@pytest.mark.parametrize(
    ("link", "suggestion"),
    [
        pytest.param("delivery-delay", " (did you mean 'delivery-delays'?)", id="typo-in-entry-id"),
        pytest.param("contakt.md", "", id="missing-page"),
        pytest.param("refunds", "", id="unrelated-word"),
    ],
)
def test_alert_link_pointing_nowhere(tmp_path: Path, link: str, suggestion: str) -> None:
    alerts = edit(ALERTS, "link: delivery-delays", f"link: {link}")
    assert problems(tmp_path, alerts=alerts) == [
        f"alerts.yml:5: alert 'carrier-delays': link '{link}' points nowhere — use an FAQ entry id"
        f"{suggestion} or a page under docs/ like contact.md",
    ]


@pytest.mark.parametrize("link", ["delivery-delays", "contact.md", "contact.md#phone"])
def test_alert_link_to_an_entry_or_an_existing_page_is_accepted(tmp_path: Path, link: str) -> None:
    alerts = edit(ALERTS, "link: delivery-delays", f"link: {link}")
    assert load(tmp_path, alerts=alerts).alerts[0].link == link


# -- 7. bad slugs --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "id: where-is-my-order",
            "id: Where_Is",
            f"faq/orders.yml:6: entry 'Where_Is': id 'Where_Is' {SLUG_FIX}",
            id="entry-id",
        ),
        pytest.param(
            "id: orders",
            "id: Orders",
            f"faq/orders.yml:2: category: id 'Orders' {SLUG_FIX}",
            id="category-id",
        ),
        pytest.param(
            "    answer: {ru: Из-за",
            "    related: [Where_Is]\n    answer: {ru: Из-за",
            f"faq/orders.yml:14: entry 'delivery-delays': related id 'Where_Is' {SLUG_FIX}",
            id="related-id",
        ),
        pytest.param(
            "    answer: {ru: Из-за",
            "    call_reasons: [order status]\n    answer: {ru: Из-за",
            f"faq/orders.yml:14: entry 'delivery-delays': call reason code 'order status' {SLUG_FIX}",
            id="call-reason",
        ),
    ],
)
def test_bad_slug(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert problems(tmp_path, {"orders.yml": edit(ORDERS, old, new)}) == [expected]


def test_bad_alert_id(tmp_path: Path) -> None:
    assert problems(tmp_path, alerts=edit(ALERTS, "id: carrier-delays", "id: Carrier Delays")) == [
        f"alerts.yml:2: alert 'Carrier Delays': id 'Carrier Delays' {SLUG_FIX}",
    ]


# -- 8. dates that are not dates -----------------------------------------------------------------


NOT_DATES = ["2026-13-01", "yesterday", "2026-02-30", "2026-11-01T10:00:00", "20261101"]


@pytest.mark.parametrize("value", NOT_DATES)
def test_reviewed_that_is_not_a_date(tmp_path: Path, value: str) -> None:
    faq = after_first_entry(f"    reviewed: {value}\n")
    assert problems(tmp_path, {"orders.yml": faq}) == [
        f"faq/orders.yml:12: entry 'where-is-my-order': reviewed '{value}' is not a date — "
        "write it as YYYY-MM-DD, like 2026-11-01",
    ]


def test_reviewed_date_is_read_as_a_date(tmp_path: Path) -> None:
    faq = after_first_entry("    reviewed: 2026-11-01\n")
    assert load(tmp_path, {"orders.yml": faq}).entry("where-is-my-order").reviewed == dt.date(2026, 11, 1)


# -- 9. alert times ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "starts: 2026-11-20T09:00:00+03:00",
            "starts: 2026-11-20T09:00:00",
            "alerts.yml:6: alert 'carrier-delays': starts '2026-11-20T09:00:00' has no timezone — add one, "
            "like 2026-11-20T09:00:00+03:00 (Moscow) or 2026-11-20T09:00:00Z (UTC)",
            id="starts-without-timezone",
        ),
        pytest.param(
            "ends: 2026-12-01T00:00:00+03:00",
            "ends: 2026-12-01T00:00:00",
            "alerts.yml:7: alert 'carrier-delays': ends '2026-12-01T00:00:00' has no timezone — add one, "
            "like 2026-12-01T00:00:00+03:00 (Moscow) or 2026-12-01T00:00:00Z (UTC)",
            id="ends-without-timezone",
        ),
        pytest.param(
            "starts: 2026-11-20T09:00:00+03:00",
            "starts: 2026-11-20",
            "alerts.yml:6: alert 'carrier-delays': starts '2026-11-20' has no time and no timezone — "
            "add both, like 2026-11-20T09:00:00+03:00 (Moscow) or 2026-11-20T06:00:00Z (UTC)",
            id="starts-date-only",
        ),
        pytest.param(
            "starts: 2026-11-20T09:00:00+03:00",
            "starts: tomorrow",
            "alerts.yml:6: alert 'carrier-delays': starts 'tomorrow' is not a date and time — "
            "write it like 2026-11-20T09:00:00+03:00",
            id="starts-not-a-date",
        ),
        pytest.param(
            "ends: 2026-12-01T00:00:00+03:00",
            "ends: 2026-11-19T09:00:00+03:00",
            "alerts.yml:7: alert 'carrier-delays': ends (2026-11-19T09:00:00+03:00) is not after starts "
            "(2026-11-20T09:00:00+03:00) — fix one of the dates",
            id="ends-before-starts",
        ),
        pytest.param(
            "ends: 2026-12-01T00:00:00+03:00",
            "ends: 2026-11-20T06:00:00Z",
            "alerts.yml:7: alert 'carrier-delays': ends (2026-11-20T06:00:00+00:00) is not after starts "
            "(2026-11-20T09:00:00+03:00) — fix one of the dates",
            id="ends-equal-to-starts-in-another-timezone",
        ),
        pytest.param(
            "severity: warning",
            "severity: warn",
            "alerts.yml:3: alert 'carrier-delays': severity 'warn' is not one of "
            "'info', 'warning' or 'critical'",
            id="unknown-severity",
        ),
    ],
)
def test_alert_times_and_severity(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert problems(tmp_path, alerts=edit(ALERTS, old, new)) == [expected]


# -- 10. raw HTML that could run script ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "risk"),
    [
        pytest.param("'<script>alert(1)</script>'", "a <script> tag", id="script"),
        pytest.param(
            "'<img src=x onerror=alert(1)>'", "an event handler attribute 'onerror=' on <img>", id="onerror"
        ),
        pytest.param("'[x](javascript:alert(1))'", "a 'javascript:' link", id="markdown-javascript-link"),
        pytest.param("'<iframe src=\"https://evil.example\"></iframe>'", "an <iframe> tag", id="iframe"),
        pytest.param(
            "'<a href=\"JaVaScRiPt:alert(1)\">x</a>'",
            "a 'javascript:' link in <a href>",
            id="mixed-case-scheme",
        ),
        pytest.param(
            "|\n        Hola.\n\n        <script>alert(1)</script>", "a <script> tag", id="in-a-block"
        ),
    ],
)
def test_script_in_answer_is_refused(tmp_path: Path, text: str, risk: str) -> None:
    faq = edit(ORDERS, "es: Abre «Mis pedidos».", f"es: {text}")
    assert problems(tmp_path, {"orders.yml": faq}) == [
        f"faq/orders.yml:11: entry 'where-is-my-order': the Spanish answer contains {risk}, {SCRIPT_FIX}",
    ]


def test_script_is_refused_in_every_text_field(tmp_path: Path) -> None:
    faq = edit(ORDERS, 'es: "¿Dónde está mi pedido?"', "es: '¿<svg onload=alert(1)>?'")
    faq = edit(faq, "title: {ru: Заказы,", "title: {ru: 'Заказы <style>*{}</style>',")
    faq = edit(faq, "    answer: {ru: Из-за", "    keywords: {en: ['<script>']}\n    answer: {ru: Из-за")
    alerts = edit(ALERTS, "en: Delivery delays", "en: '[Read](java\tscript:alert(1))'")
    assert problems(tmp_path, {"orders.yml": faq}, alerts) == [
        f"alerts.yml:4: alert 'carrier-delays': the English text contains a 'javascript:' link, {SCRIPT_FIX}",
        f"faq/orders.yml:3: category 'orders': the Russian title contains a <style> tag, {SCRIPT_FIX}",
        "faq/orders.yml:7: entry 'where-is-my-order': the Spanish question contains an event handler "
        f"attribute 'onload=' on <svg>, {SCRIPT_FIX}",
        "faq/orders.yml:14: entry 'delivery-delays': the English keywords contain a <script> tag, "
        + SCRIPT_FIX,
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Pulsa <kbd>Ctrl</kbd>+<kbd>C</kbd>.",
        "Nunca escribas `<script>` aquí.",
        "|\n        Ejemplo:\n\n        ```html\n        <script>alert(1)</script>\n        ```",
        "'**Negrita**, <b>negrita</b> y <br> salto.'",
        "'[Contacto](contact.md) o <https://example.com>, [llamar](tel:+74950000000).'",
        '\'<img src="pedido.png" alt="Pedido">\'',
        "'Escribe javascript: en texto normal no es un enlace.'",
    ],
)
def test_harmless_markdown_and_html_are_accepted(tmp_path: Path, text: str) -> None:
    faq = edit(ORDERS, "es: Abre «Mis pedidos».", f"es: {text}")
    help_center = load(tmp_path, {"orders.yml": faq})
    assert help_center.warnings == []


# -- 11. several mistakes in one file ------------------------------------------------------------

FIVE_MISTAKES = """\
category:
  id: orders
  title: {ru: Заказы, en: Orders, es: Pedidos}
  description: {ru: Всё о заказах., en: All about orders., es: Todo sobre pedidos.}
  order: ten
entries:
  - id: Where_Is
    question: {ru: "Где мой заказ?", en: "Where is my order?", es: "¿Dónde está mi pedido?"}
    answer: {ru: Откройте «Мои заказы»., en: Open "My orders"., es: Abre «Mis pedidos».}
  - id: delivery-delays
    question: {ru: "Почему задержка?", en: "Why the delay?", es: "¿Por qué el retraso?"}
    answer: {ru: Из-за погоды., en: Because of the weather.}
  - id: change-address
    question: {ru: "Как сменить адрес?", en: "How do I change the address?", es: "¿Cómo cambio la dirección?"}
    answer: {ru: В профиле., en: In your profile., es: En tu perfil.}
    related: [delivery-delay]
  - id: cancel-order
    question: {ru: "Как отменить заказ?", en: "How do I cancel?", es: "¿Cómo cancelo?"}
    answer:
      ru: В разделе «Мои заказы».
      en: <img src=x onerror=alert(1)>
      es: En «Mis pedidos».
"""


def test_five_mistakes_in_one_file_are_all_reported_in_one_run(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as info:
        load(tmp_path, {"orders.yml": FIVE_MISTAKES})
    expected = [
        "faq/orders.yml:5: category: order must be a whole number, like 10, not a text",
        f"faq/orders.yml:7: entry 'Where_Is': id 'Where_Is' {SLUG_FIX}",
        "faq/orders.yml:12: entry 'delivery-delays': 'es' answer is missing — add the Spanish answer"
        + FALLBACK_HINT,
        "faq/orders.yml:16: entry 'change-address': related 'delivery-delay' points nowhere — "
        "no entry has this id (did you mean 'delivery-delays'?)",
        "faq/orders.yml:21: entry 'cancel-order': the English answer contains an event handler attribute "
        f"'onerror=' on <img>, {SCRIPT_FIX}",
    ]
    assert [str(p) for p in info.value.problems] == expected
    listing = "\n".join(f"  {message}" for message in expected)
    assert str(info.value) == f"5 problems in the help center content:\n{listing}"


# -- 12. duplicate keys --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "    answer: {ru: Из-за",
            "    answer: {ru: a, en: b, es: c}\n    answer: {ru: Из-за",
            "faq/orders.yml:15: entry 'delivery-delays': key 'answer' appears twice (also on line 14) — "
            "keep one of them",
            id="two-answers",
        ),
        pytest.param(
            ES_ANSWER,
            ES_ANSWER + "      es: Otra respuesta.\n",
            "faq/orders.yml:12: entry 'where-is-my-order': key 'answer.es' appears twice (also on line 11) — "
            "keep one of them",
            id="two-translations",
        ),
        pytest.param(
            "  id: orders\n",
            "  id: orders\n  id: pedidos\n",
            "faq/orders.yml:3: category: key 'id' appears twice (also on line 2) — keep one of them",
            id="in-category",
        ),
    ],
)
def test_duplicate_key_is_reported_with_both_lines(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert problems(tmp_path, {"orders.yml": edit(ORDERS, old, new)}) == [expected]


def test_duplicate_key_in_alert(tmp_path: Path) -> None:
    alerts = edit(ALERTS, "    link: delivery-delays\n", "    link: delivery-delays\n    link: contact.md\n")
    assert problems(tmp_path, alerts=alerts) == [
        "alerts.yml:6: alert 'carrier-delays': key 'link' appears twice (also on line 5) — keep one of them",
    ]


# -- 13. encoding --------------------------------------------------------------------------------


def test_non_utf8_file_gives_a_clear_message(tmp_path: Path) -> None:
    russian_only = "category:\n  id: orders\n  title: {ru: Заказы}\n  description: {ru: Всё о заказах.}\n"
    assert problems(tmp_path, {"orders.yml": russian_only.encode("cp1251")}) == [
        "faq/orders.yml:3: the file is not saved as UTF-8 (this line has a character in another encoding, "
        "such as Windows-1251) — save the file with the UTF-8 encoding",
    ]


def test_utf8_with_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    help_center = load(tmp_path, {"orders.yml": ORDERS.encode("utf-8-sig")})
    assert help_center.categories[0].category.id == "orders"


# -- 14. YAML 1.1 traps --------------------------------------------------------------------------


def test_spanish_keyword_no_stays_text(tmp_path: Path) -> None:
    faq = edit(
        ORDERS,
        "    answer: {ru: Из-за",
        "    keywords: {es: [no, sí, 'off'], en: [yes, no, on, off]}\n    answer: {ru: Из-за",
    )
    keywords = load(tmp_path, {"orders.yml": faq}).entry("delivery-delays").keywords
    assert keywords == {"es": ["no", "sí", "off"], "en": ["yes", "no", "on", "off"]}


def test_answer_no_stays_text(tmp_path: Path) -> None:
    faq = edit(ORDERS, "es: Por el clima.", "es: no")
    assert load(tmp_path, {"orders.yml": faq}).entry("delivery-delays").answer["es"] == "no"


def test_language_key_no_is_not_a_boolean(tmp_path: Path) -> None:
    faq = edit(ORDERS, ES_ANSWER, ES_ANSWER + "      no: Åpne.\n")
    assert problems(tmp_path, {"orders.yml": faq}) == [
        "faq/orders.yml:12: entry 'where-is-my-order': answer has a 'no' text but the site's languages are "
        "ru, en, es — remove it or add 'no' to the i18n languages in mkdocs.yml",
    ]


def test_norwegian_site_reads_the_no_key(tmp_path: Path) -> None:
    faq = """\
category:
  id: orders
  title: {ru: Заказы, no: Bestillinger}
  description: {ru: Всё о заказах., no: Alt om bestillinger.}
entries:
  - id: where-is-my-order
    question: {ru: "Где мой заказ?", no: "Hvor er bestillingen min?"}
    answer: {ru: Откройте «Мои заказы»., no: Åpne «Mine bestillinger».}
"""
    help_center = load(tmp_path, {"orders.yml": faq}, languages=("ru", "no"))
    assert help_center.entry("where-is-my-order").answer == {
        "ru": "Откройте «Мои заказы».",
        "no": "Åpne «Mine bestillinger».",
    }


# -- 15. empty things ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "\n", "# only a comment\n"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    assert problems(tmp_path, {"orders.yml": text}) == [
        "faq/orders.yml: the file is empty — a category file needs 'category:' and 'entries:'",
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "  - id: delivery-delays\n",
            "  -\n  - id: delivery-delays\n",
            "faq/orders.yml:12: entry #2 (no id) is empty — fill it in or remove it",
            id="null-entry",
        ),
        pytest.param(
            "entries:\n",
            "entries:\n  - \n",
            "faq/orders.yml:6: entry #1 (no id) is empty — fill it in or remove it",
            id="null-first-entry",
        ),
    ],
)
def test_null_entry(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert problems(tmp_path, {"orders.yml": edit(ORDERS, old, new)}) == [expected]


def test_empty_entries_list(tmp_path: Path) -> None:
    text = ORDERS.split("entries:")[0] + "entries: []\n"
    assert problems(tmp_path, {"orders.yml": text}) == [
        "faq/orders.yml:5: 'entries' is empty — add at least one entry",
    ]


def test_null_alert(tmp_path: Path) -> None:
    assert problems(tmp_path, alerts="alerts:\n  -\n") == [
        "alerts.yml:2: alert #1 (no id) is empty — fill it in or remove it",
    ]


def test_no_faq_files(tmp_path: Path) -> None:
    assert problems(tmp_path, {}) == [
        "faq: no FAQ files found — add at least one faq/<category>.yml (see CONTRIBUTING.md)",
    ]
