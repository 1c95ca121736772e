"""`find_script_risks`: what could run script once Markdown is rendered is found; harmless text is not."""

from __future__ import annotations

import pytest

from helpcenter.safety import find_script_risks, html_script_risks, script_risks

DANGEROUS = [
    # script-running tags
    ("<script>alert(1)</script>", ["a <script> tag"]),
    ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>", ["a <script> tag"]),
    ('<iframe src="https://evil.example"></iframe>', ["an <iframe> tag"]),
    ('<iframe srcdoc="<script>alert(1)</script>"></iframe>', ["an <iframe> tag"]),
    ('<object data="x.swf"></object>', ["an <object> tag"]),
    ('<embed src="x.swf">', ["an <embed> tag"]),
    ('<form action="https://evil.example"><button>Go</button></form>', ["a <form> tag"]),
    ('<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', ["a <meta> tag"]),
    ('<base href="https://evil.example/">', ["a <base> tag"]),
    ("<link rel=stylesheet href=x.css>", ["a <link> tag"]),
    ("<style>body{display:none}</style>", ["a <style> tag"]),
    ("<frameset></frameset>", ["a <frameset> tag"]),
    ("Text `code` and then <script>alert(1)</script>", ["a <script> tag"]),
    # event handler attributes
    ("<img src=x onerror=alert(1)>", ["an event handler attribute 'onerror=' on <img>"]),
    ("<IMG SRC=x ONERROR=alert(1)>", ["an event handler attribute 'onerror=' on <img>"]),
    ("<svg onload=alert(1)>", ["an event handler attribute 'onload=' on <svg>"]),
    ("<svg/onload=alert(1)>", ["an event handler attribute 'onload=' on <svg>"]),
    ('<div onclick="alert(1)">x</div>', ["an event handler attribute 'onclick=' on <div>"]),
    ("<details open ontoggle=alert(1)>", ["an event handler attribute 'ontoggle=' on <details>"]),
    ("<br onmouseover=alert(1) />", ["an event handler attribute 'onmouseover=' on <br>"]),
    # dangerous URLs in HTML attributes
    ('<a href="javascript:alert(1)">x</a>', ["a 'javascript:' link in <a href>"]),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', ["a 'javascript:' link in <a href>"]),
    ('<a href="&#106;avascript:alert(1)">x</a>', ["a 'javascript:' link in <a href>"]),
    ('<a href="&#x6A;avascript:alert(1)">x</a>', ["a 'javascript:' link in <a href>"]),
    ('<a href="java\tscript:alert(1)">x</a>', ["a 'javascript:' link in <a href>"]),
    ('<a href="java&#9;script:alert(1)">x</a>', ["a 'javascript:' link in <a href>"]),
    ('<a href=" javascript:alert(1)">x</a>', ["a 'javascript:' link in <a href>"]),
    ('<a href="vbscript:msgbox(1)">x</a>', ["a 'vbscript:' link in <a href>"]),
    ('<a href="data:text/html,<script>alert(1)</script>">x</a>', ["a 'data:' link in <a href>"]),
    ('<button formaction="javascript:alert(1)">x</button>', ["a 'javascript:' link in <button formaction>"]),
    ('<math><a xlink:href="javascript:alert(1)">x</a></math>', ["a 'javascript:' link in <a xlink:href>"]),
    # dangerous URLs in Markdown links, images, autolinks and reference definitions
    ("[x](javascript:alert(1))", ["a 'javascript:' link"]),
    ("[x](JaVaScRiPt:alert(1))", ["a 'javascript:' link"]),
    ("[x]( javascript:alert(1) )", ["a 'javascript:' link"]),
    ("[x](<javascript:alert(1)>)", ["a 'javascript:' link"]),
    ("![picture](javascript:alert(1))", ["a 'javascript:' link"]),
    ("[x](&#106;avascript:alert(1))", ["a 'javascript:' link"]),
    ("[x](&#x6A;avascript:alert(1))", ["a 'javascript:' link"]),
    ("[x](java\tscript:alert(1))", ["a 'javascript:' link"]),
    ("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", ["a 'data:' link"]),
    ("<javascript:alert(1)>", ["a 'javascript:' link"]),
    ("[ref]: javascript:alert(1)\n\nSee [x][ref].", ["a 'javascript:' link"]),
    ("See [x].\n\n[x]: <javascript:alert(1)>", ["a 'javascript:' link"]),
    # backticks that Markdown does not read as a code span
    ("Press the ` key.\n\n<script>alert(1)</script>\n\nThen ` again.", ["a <script> tag"]),
    ("<div>`<script>alert(1)</script>`</div>", ["a <script> tag"]),
    ("<p>`<img src=x onerror=alert(1)>`</p>", ["an event handler attribute 'onerror=' on <img>"]),
    # attributes that attr_list puts on a paragraph, heading, link or image
    ('Text\n{: onclick="alert(1)" }', ["an event handler attribute 'onclick=' in { }"]),
    ("## Heading { #id onmouseover=alert(1) }", ["an event handler attribute 'onmouseover=' in { }"]),
    ('[x](https://example.com){ ONCLICK="alert(1)" }', ["an event handler attribute 'onclick=' in { }"]),
    ('![a](b.png){ onerror="alert(1)" }', ["an event handler attribute 'onerror=' in { }"]),
    ("[x](https://example.com){ href='javascript:alert(1)' }", ["a 'javascript:' link in href= in { }"]),
    # several at once: each is named once
    (
        "<script>a</script> <script>b</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))",
        ["a <script> tag", "an event handler attribute 'onerror=' on <img>", "a 'javascript:' link"],
    ),
]

SAFE = [
    "",
    "Plain text.",
    "Откройте раздел «Мои заказы».",
    "Press <kbd>Ctrl</kbd>+<kbd>C</kbd>.",
    "Never type `<script>` here.",
    "Double backticks: ``<script>alert(1)</script>``.",
    "A span over two lines: `<script>\nalert(1)</script>` is still code.",
    "Text <span>`<img src=x onerror=alert(1)>`</span> is code inside an inline tag.",
    "<kbd>Ctrl</kbd> then `<script>`: a paragraph starting with an inline tag.",
    "```html\n<script>alert(1)</script>\n```",
    "~~~\n<img src=x onerror=alert(1)>\n~~~",
    "**Bold**, _italic_, <b>bold</b>, <em>em</em>, line<br>break.",
    "<details><summary>More</summary>Text.</details>",
    '<abbr title="Order number">ON</abbr>',
    '<a name="online">anchor</a>',
    '<a href="https://example.com/">link</a>',
    '<img src="order.png" alt="Order">',
    "![picture](data:image/png;base64,iVBORw0KGgo=)",
    "[Contact](contact.md)",
    "[Contact](../contact.md#phone)",
    "[Site](https://example.com/javascript:x)",
    "<https://example.com>",
    "Write to <mailto:help@example.com>.",
    "[Call us](tel:+74950000000)",
    "a < b and c > d",
    "The word javascript: in prose is not a link.",
    "**javascript** is a language.",
    "Online shop; one: two.",
    "## Where is my order? { #where-is-my-order }",
    "Text\n{: .note title='Delivery' }",
    "Prices in {braces} and {: onclick } in `{ onclick=alert(1) }` code.",
    "```\n{ onclick=alert(1) }\n```",
]


def test_each_risk_is_given_its_line() -> None:
    text = "Line one.\n\n```\n<script>\n```\n\nOK `<script>`\n\n<img src=x onerror=a>\n\nText\n{: onclick=b }"
    assert [(risk.line, risk.what) for risk in script_risks(text)] == [
        (9, "an event handler attribute 'onerror=' on <img>"),
        (12, "an event handler attribute 'onclick=' in { }"),
    ]


def test_rendered_html_is_read_for_what_runs() -> None:
    handler = "an event handler attribute 'onclick=' on <p>"
    assert html_script_risks('<p onclick="alert(1)">Text</p>') == [handler]
    assert html_script_risks('<p><a href="JavaScript:x">a</a></p>') == ["a 'javascript:' link in <a href>"]
    assert html_script_risks("<p>Type javascript: or onload = in <code>&lt;a onclick=x&gt;</code></p>") == []
    assert html_script_risks("<h2 id='x'>Where?</h2><p>Plain.</p>") == []
    hidden = '<a href="java&#115;cript&colon;x">a</a> <A HREF="JAVA&Tab;SCRIPT:x">b</A>'
    assert html_script_risks(hidden) == ["a 'javascript:' link in <a href>"]
    assert html_script_risks('<IFRAME SRC="x"></IFRAME><svg OnLoad = "x">') == [
        "an <iframe> tag",
        "an event handler attribute 'onload=' on <svg>",
    ]


@pytest.mark.parametrize(("text", "risks"), DANGEROUS)
def test_dangerous_input_is_found(text: str, risks: list[str]) -> None:
    assert find_script_risks(text) == risks


@pytest.mark.parametrize("text", SAFE)
def test_safe_input_is_accepted(text: str) -> None:
    assert find_script_risks(text) == []
