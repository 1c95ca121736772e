"""The build's shortcuts give what the slow ways gave: the same data, the same bytes.

Each shortcut (benchmarks/build.py, issue 4) is checked against the code it stands in for,
on the reference content and on inputs made to hit its edge cases.
"""

from __future__ import annotations

import gc
import json
import random
import re
from pathlib import Path

import jinja2
import markdown
import pytest

from helpcenter import feeds, pages, safejson, search, yamlsource
from helpcenter.content import ContentSettings, HelpCenter, load_help_center
from helpcenter.plugin import TEMPLATES_DIR, OwnTemplatesCache
from helpcenter.problems import ContentError
from helpcenter.strings import strings_for

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["ru", "en", "es"]


# -- answers' visible text ------------------------------------------------------------------------

HTML_PIECES = [
    *("<p>", "</p>", "<br>", "<br/>", "<br />", "<br\t/>", "<strong>", "</strong>", "<em>", "<code>"),
    *("</code>", "<ul>", "<li>", "</li>", "</ul>", "<DIV>", "</Div>", "<td>", "</td>", "<table>"),
    *('<a href="x>y">', "<a href='q'>", "</a>", "<img src=a/>", "<img src=\"a\" alt='b'>", "<p class=x>"),
    *('<h2 id="a">', "</h2>", "<p\nclass='a'>", "<a b='c'd>", "<x-y>", "< p>", "</ p>", "<sup>1</sup>"),
    *("<!-- c -->", "<?pi?>", "<!DOCTYPE html>", "<script>x()</script>", "<style>p{}</style>"),
    *("<template>t</template>", "<textarea>", "</textarea>", "<", ">", "&", " & ", "&amp;", "&lt;"),
    *("&gt;", "&#x27;", "&nbsp;", "&am", "p;", "&#65;", "&#x41", "&copy", "a", "b c", "\n", "  ", "é"),
    *("<P>", "</LI>", "<Script>", "<brx>", "<lis>", "<styles>", "\x00", "&amp<b>;", "&#6<i>5;"),
]


def test_visible_text_reads_html_as_the_html_parser_does() -> None:
    rng = random.Random(4)
    for _ in range(20000):
        html_text = "".join(rng.choice(HTML_PIECES) for _ in range(rng.randint(0, 12)))
        assert feeds.visible_text(html_text) == feeds._parsed_visible_text(html_text), html_text


def test_visible_text_of_every_reference_answer(help_center: HelpCenter) -> None:
    for language in LANGUAGES:
        answers = feeds.answers_html(help_center, language=language, page_url=lambda path: f"/{path}")
        for answer in answers.values():
            assert feeds.visible_text(answer) == feeds._parsed_visible_text(answer)


# -- JSON --------------------------------------------------------------------------------------------


def _stdlib_dumps(data: object, indent: int | None) -> str:
    """safejson.dumps as it was: json.dumps, then the same escapes."""
    separators = (",", ":") if indent is None else (",", ": ")
    text = json.dumps(data, ensure_ascii=False, indent=indent, separators=separators, allow_nan=False)
    for character, escape in safejson._HTML_SAFE:
        text = text.replace(character, escape)
    return safejson._LONE_SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _random_value(rng: random.Random, depth: int = 0) -> object:
    roll = rng.random()
    if depth < 4 and roll < 0.2:
        keys = ["a", "<k>", "\u2028", "é", "\ud800"]
        return {rng.choice(keys) + str(rng.randint(0, 3)): _random_value(rng, depth + 1) for _ in range(4)}
    if depth < 4 and roll < 0.4:
        return [_random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    if depth < 4 and roll < 0.45:
        return tuple(_random_value(rng, depth + 1) for _ in range(rng.randint(0, 2)))
    scalars = [None, True, False, 0, -5, 10**20, 1.5, -0.0, 1e300, "", "x</script>&", "\ud800", "\x00"]
    return rng.choice([*scalars, 'тест\n\t"\\', "\u2029"])


@pytest.mark.parametrize("indent", [None, 2, 4])
def test_json_is_what_json_dumps_wrote(indent: int | None) -> None:
    rng = random.Random(5)
    for _ in range(3000):
        value = _random_value(rng)
        assert safejson.dumps(value, indent=indent) == _stdlib_dumps(value, indent), value


@pytest.mark.parametrize("value", [float("nan"), {"a": float("inf")}, {1: "a"}, {"a": {True: 1}}, [1j]])
def test_json_that_json_dumps_refuses_or_converts_is_left_to_it(value: object) -> None:
    for indent in (None, 2):
        try:
            expected: object = _stdlib_dumps(value, indent)
        except (TypeError, ValueError) as exc:
            expected = type(exc)
        try:
            actual: object = safejson.dumps(value, indent=indent)
        except (TypeError, ValueError) as exc:
            actual = type(exc)
        assert actual == expected


# -- YAML --------------------------------------------------------------------------------------------

YAML_SAMPLES = [
    "a: 1\na: 2\nb: {x: y, x: z}\n",
    "a: {b: 1, b: {c: 2}, b: 3}\n",
    "a:\n  b: x\na:\n  b: y\n  c: z\n",
    "- &a {k: v}\n- *a\n",
    "a: !!str 1\nb: !!int '2'\n",
    "a: yes\nb: True\nc: ~\nd: 1.5\ne: 0x1f\nf: 2026-11-01\ng: .inf\nh: no\n",
    "1: a\ntrue: b\nnull: c\n1.5: d\n",
    "<<: {a: 1}\nb: 2\n",
    "? [a]\n: b\n",
    "a:\n  - b\n  - c: d\n    c: e\n",
    "x: 'q'\n\"y\": |\n  z\n",
    "- - - a\n",
    "",
    "# only a comment\n",
    "a: b: c\n",
    "a: [\n",
    "\t- x\n",
    "{en: Why?}\n",
    "a: !custom x\n",
]


def _slow_parse(text: str) -> object:
    """parse_yaml as it was: PyYAML's constructor on libyaml, its pure-Python parser on errors."""
    try:
        try:
            document = yamlsource.parse_yaml_with(text, yamlsource.FastStrictSafeLoader)
        except yamlsource.YamlSyntaxError:
            document = yamlsource.parse_yaml_with(text, yamlsource.StrictSafeLoader)
    except yamlsource.YamlSyntaxError as exc:
        return ("error", exc.line, exc.message)
    return (repr(document.data), document.lines, document.duplicate_keys)


def _fast_parse(text: str) -> object:
    try:
        document = yamlsource.parse_yaml(text)
    except yamlsource.YamlSyntaxError as exc:
        return ("error", exc.line, exc.message)
    return (repr(document.data), document.lines, document.duplicate_keys)


@pytest.mark.parametrize("text", YAML_SAMPLES)
def test_yaml_fast_path_gives_the_data_lines_and_duplicates_of_the_constructor(text: str) -> None:
    assert _fast_parse(text) == _slow_parse(text)


def test_yaml_fast_path_on_the_reference_content() -> None:
    for path in [*sorted((ROOT / "faq").glob("*.yml")), ROOT / "alerts.yml", ROOT / "mkdocs.yml"]:
        text = path.read_text(encoding="utf-8")
        assert yamlsource._parse_yaml_fast(text) is not None or path.name == "mkdocs.yml"
        assert _fast_parse(text) == _slow_parse(text), path


def test_loading_leaves_the_garbage_collector_as_it_was(tmp_path: Path) -> None:
    settings = ContentSettings(
        root=ROOT,
        faq_dir=ROOT / "faq",
        alerts_file=ROOT / "alerts.yml",
        languages=LANGUAGES,
        default_language="ru",
    )
    assert gc.isenabled()
    load_help_center(settings)
    assert gc.isenabled()
    broken = tmp_path / "faq"
    broken.mkdir()
    (broken / "x.yml").write_text("category: [\n", encoding="utf-8")
    with pytest.raises(ContentError):
        load_help_center(ContentSettings(**{**settings.__dict__, "faq_dir": broken}))
    assert gc.isenabled()
    gc.disable()
    try:
        load_help_center(settings)
        assert not gc.isenabled()
    finally:
        gc.enable()


# -- related questions -------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_related_placeholders_become_what_md_in_html_rendered(help_center: HelpCenter, language: str) -> None:
    """The plugin writes each entry's related questions into the page's HTML; the page is the
    one the `<div markdown>` of the Markdown gave (which has `.md` links; MkDocs rewrites them)."""
    strings, _ = strings_for(language, {})
    questions = {entry.id: pages.html_text(entry.question[language]) for entry in help_center.entries}
    extensions = ["toc", "attr_list", "md_in_html", "admonition", "tables"]
    for loaded in help_center.categories:
        here = pages.category_page_uri("faq", loaded.category.id)

        def href(entry_id: str, here: str = here) -> str:
            target = pages.category_page_uri("faq", help_center.category_of(entry_id).id)
            return f"#{entry_id}" if target == here else f"{pages.relative_link(target, here)}#{entry_id}"

        def related_html(entry_id: str) -> str:
            related = help_center.entry(entry_id).related
            return pages.render_related_html(related, questions, strings, href)

        def body(text: str) -> str:
            return text.split("---\n", 2)[2]

        expected = markdown.Markdown(extensions=extensions).convert(
            body(pages.render_category_page(help_center, loaded, language, "faq", strings))
        )
        with_placeholders = pages.render_category_page(
            help_center, loaded, language, "faq", strings, related_placeholders=True
        )
        rendered = markdown.Markdown(extensions=extensions).convert(body(with_placeholders))
        assert pages.fill_related(rendered, related_html) == expected
        answers = pages.answers_from_page_html(rendered, "https://help.example/faq/x/")
        assert answers == pages.answers_from_page_html(expected, "https://help.example/faq/x/")


def test_related_questions_are_escaped_and_searchless() -> None:
    block = pages.render_related_html(
        ["a"], {"a": pages.html_text("<b>&  x")}, {"related": "R & D"}, lambda _: 'p.md?"x"#a', False
    )
    assert block == (
        '<div class="hc-related">\n<p><strong>R &amp; D:</strong></p>\n<ul>\n'
        '<li><a href="p.md?&quot;x&quot;#a">&lt;b&gt;&amp; x</a></li>\n</ul>\n</div>'
    )


# -- templates ---------------------------------------------------------------------------------------


def test_own_templates_compile_once_and_again_when_they_change(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "page.html").write_text("theme {{ x }}", encoding="utf-8")
    own = TEMPLATES_DIR / "main.html"
    cache = OwnTemplatesCache()
    compiled: list[str] = []

    class CountingEnvironment(jinja2.Environment):
        def _compile(self, source: str, filename: str) -> object:
            compiled.append(filename)
            return super()._compile(source, filename)

    def environment(*dirs: Path) -> jinja2.Environment:
        env = CountingEnvironment(loader=jinja2.FileSystemLoader([str(d) for d in dirs]))
        env.bytecode_cache = cache
        return env

    for _ in range(3):  # one environment per language build
        env = environment(TEMPLATES_DIR, theme)
        env.get_template("page.html")
        env.get_template(own.name)  # compiled, not rendered: it extends the theme
    assert compiled.count(str(own)) == 1
    assert compiled.count(str(theme / "page.html")) == 3

    changed = tmp_path / "own"
    changed.mkdir()
    (changed / "t.html").write_text("one", encoding="utf-8")
    cache.own_keys.add(cache.get_cache_key("t.html", str(changed / "t.html")))
    assert environment(changed).get_template("t.html").render() == "one"
    (changed / "t.html").write_text("two", encoding="utf-8")
    assert environment(changed).get_template("t.html").render() == "two"


# -- accent-free words for the search index -----------------------------------------------------


def _folded_words_word_by_word(*texts: str) -> str:
    """search.folded_words as it was: each word of the text with a foldable letter, folded."""
    import re

    words: dict[str, None] = {}
    for text in texts:
        for word in re.findall(r"\w+", re.sub(r"<[^>]+>", " ", text)):
            if not search._FOLDABLE.search(word):
                continue
            plain = search.fold(word)
            if plain != word:
                words.setdefault(plain.lower())
    return " ".join(words)


def test_folded_words_are_what_folding_every_word_gave(help_center: HelpCenter) -> None:
    pieces = ["devolución", "Ёлка", "ёж", "café", "naïve", "ÀÉÎ", "x_é", "é", "abc", "заказ", "<b>", "</b>"]
    pieces += ["<a title='Más'>", " ", "-", "\n", "Ñandú", "straße", "ǅ", "ﬁ", "й", "1ó2", "½", "٣", "_"]
    rng = random.Random(7)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 10))) for _ in range(5000)]
    for entry in help_center.entries:
        texts += [entry.question[language] + " " + entry.answer[language] for language in LANGUAGES]
    for text in texts:
        assert search.folded_words(text) == _folded_words_word_by_word(text), text


def test_characters_xml_does_not_allow_are_those_of_its_definition() -> None:
    import sys

    allowed = re.compile("[\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
    for code in range(sys.maxunicode + 1):
        character = chr(code)
        assert bool(feeds._NOT_XML.match(character)) != bool(allowed.match(character)), hex(code)
