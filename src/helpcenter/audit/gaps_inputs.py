"""The gap audit's inputs, in the formats analysts already have, read as a stream.

Each file's format is told by its header row (never by its name), so the analyst only
points at files:

- Search Console's UI export: `Queries.csv` (`Top queries,Clicks,Impressions,CTR,Position`)
  and `Pages.csv` (`Top pages,...`), alone or in the zip the Export button downloads, with
  headers in the UI's language. Public examples give the Spanish UI as
  `Consultas principales,Clics,Impresiones,CTR,Posición` (or `Posición media`) and
  `Páginas principales,...`, and the Russian UI as `Популярные запросы` / `Самые популярные
  запросы` / `Поисковый запрос`, `Клики`, `Показы`, `CTR`, `Позиция` (or `Средняя позиция`)
  and `Самые популярные страницы` / `Популярные страницы`; the words are matched loosely for
  that reason (a query column is one whose name holds "запрос", "consulta" or "quer").
  CTR like `3.45%` or `3,45 %`, counts like `1 310`, `1,310` or `1.310`;
- Search Console API or BigQuery rows: `query,page,clicks,impressions,ctr,position`, more
  columns allowed (`date`, `country`, `device`, ...); `url` is taken for `page`;
- a contact center's call reasons: `date,reason_code,reason_text,language,calls`;
- a site-search log: `query,language,searches,results`.

UTF-8 with or without a BOM, `,`, `;` or tab separated. A file that is not UTF-8 is read as
Windows-1251 when its letters are mostly bytes above 0x7F (Cyrillic), else as Windows-1252,
and the summary says so; `--encoding` overrides. Anything the audit cannot use is either an
`InputError` (the whole file: it names the file and what to do) or a skipped row, counted
and reported with its file, line and reason; nothing is dropped silently.

Rows are read one at a time and handed to a callback, so a file of any size is never held
in memory: the audit keeps one aggregate per distinct question.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

SNIFF_BYTES = 1 << 20
MAX_PROBLEMS = 20  # skipped rows listed per file; the rest are counted

SEARCH_CONSOLE = "search-console"
CALL_REASONS = "call-reasons"
SITE_SEARCH = "site-search"
SOURCE_NAMES = {SEARCH_CONSOLE: "Search Console", CALL_REASONS: "call reasons", SITE_SEARCH: "site search"}


class InputError(Exception):
    """A file the audit cannot read at all. The message names the file and what to do."""


@dataclass
class Row:
    """One usable row of an input."""

    source: str  # SEARCH_CONSOLE, CALL_REASONS or SITE_SEARCH
    text: str  # the question: a query, or a call reason's text
    language: str | None = None  # given by the file (a column); None: detect it
    page: str | None = None  # Search Console rows: the landing page
    clicks: float = 0.0
    impressions: float = 0.0
    calls: float = 0.0
    searches: float = 0.0
    zero_result_searches: float = 0.0
    reason_code: str = ""


@dataclass
class PageRow:
    """A row of Search Console's Pages.csv: a landing page's clicks, no query."""

    page: str
    clicks: float
    impressions: float


@dataclass
class FileReport:
    name: str
    kind: str = ""
    encoding: str = ""
    rows_read: int = 0
    rows_used: int = 0
    rows_skipped: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def skip(self, line: int, why: str) -> None:
        self.rows_skipped += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(f"{self.name}:{line}: {why} — row skipped")
        elif len(self.problems) == MAX_PROBLEMS:
            self.problems.append(f"{self.name}: more rows skipped, counted in the summary")


# -- column names ---------------------------------------------------------------------------
def normalize_header(name: str) -> str:
    """Lowercase, without accents, BOM, quotes or underscores, single spaces."""
    text = name.replace("\ufeff", "").strip().strip("\"'").replace("ё", "е").replace("Ё", "Е")
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(text.replace("_", " ").split())


# role -> names (normalized) that mean it
ALIASES = {
    "query": {"query", "queries", "top queries", "search query", "search term", "consulta", "consultas"},
    "page": {"page", "pages", "top pages", "url", "landing page", "pagina", "paginas"},
    "clicks": {"clicks", "clics", "клики", "clic"},
    "impressions": {"impressions", "impresiones", "показы"},
    "ctr": {"ctr", "click through rate", "porcentaje de clics"},
    "position": {"position", "average position", "posicion", "posicion media", "позиция", "средняя позиция"},
    "reason_code": {"reason code", "reason", "call reason"},
    "reason_text": {"reason text", "reason description", "description"},
    "calls": {"calls", "call count", "contacts"},
    "language": {"language", "lang", "locale"},
    "searches": {"searches", "search count", "count"},
    "results": {"results", "result count", "hits"},
    "date": {"date", "day"},
}
# Search Console's UI names its dimension column in the UI's language ("Популярные запросы",
# "Consultas principales", "Páginas principales", "Самые популярные страницы", ...).
LOOSE = {
    "query": re.compile(r"запрос|consulta|\bquer"),
    "page": re.compile(r"страниц|pagina|\bpage"),
}


def find_columns(header: list[str]) -> dict[str, int]:
    """role -> column index, for the roles the header names."""
    names = [normalize_header(name) for name in header]
    columns: dict[str, int] = {}
    for role, aliases in ALIASES.items():
        for index, name in enumerate(names):
            if name in aliases:
                columns.setdefault(role, index)
    for role, pattern in LOOSE.items():
        if role not in columns:
            for index, name in enumerate(names):
                if pattern.search(name) and index not in columns.values():
                    columns[role] = index
                    break
    return columns


def header_language(header: list[str]) -> str:
    text = " ".join(header)
    if re.search(r"[\u0400-\u04ff]", text):
        return "Russian"
    if {"clics", "impresiones"} & {normalize_header(name) for name in header}:
        return "Spanish"
    return "English"


EXPECTED = (
    "expected a Search Console export (Top queries,Clicks,Impressions,CTR,Position or Top pages,...; "
    "any UI language), Search Console API rows (query,page,clicks,impressions,ctr,position), "
    "call reasons (date,reason_code,reason_text,language,calls) or a site-search log "
    "(query,language,searches,results)"
)


@dataclass(frozen=True)
class Format:
    kind: str  # queries, pages, call-reasons, site-search
    label: str
    columns: dict[str, int]


def detect_format(name: str, header: list[str]) -> Format:
    columns = find_columns(header)
    has = columns.keys()
    shown = ", ".join(cell.strip() or "(empty)" for cell in header[:8]) + (" ..." if len(header) > 8 else "")
    if "reason_code" in has or "calls" in has:
        missing = [role for role in ("reason_code", "calls") if role not in has]
        if missing:
            raise InputError(
                f"{name}: looks like call reasons but has no {' or '.join(missing)} column "
                f"(its columns: {shown}) — expected date,reason_code,reason_text,language,calls"
            )
        return Format(CALL_REASONS, "call reasons", columns)
    if "searches" in has:
        if "query" not in has:
            raise InputError(
                f"{name}: looks like a site-search log but has no query column (its columns: {shown}) "
                "— expected query,language,searches,results"
            )
        return Format(SITE_SEARCH, "site-search log", columns)
    if "clicks" in has or "impressions" in has:
        ui = header_language(header)
        if "query" in has:
            api = "page" in has or normalize_header(header[columns["query"]]) == "query"
            label = "Search Console rows (API/BigQuery)" if api else f"Search Console queries ({ui} UI)"
            return Format("queries", label, columns)
        if "page" in has:
            return Format("pages", f"Search Console pages ({ui} UI)", columns)
    raise InputError(f"{name}: unknown columns: {shown} — {EXPECTED}")


# -- numbers --------------------------------------------------------------------------------
_SPACES = re.compile(r"[\s\u00a0\u202f']")


def parse_number(value: str) -> float:
    """`1 310`, `1,234.5`, `1.234,5`, `7,4`, `7.4`, `12`; ValueError otherwise."""
    text = _SPACES.sub("", value.strip())
    if not text:
        raise ValueError("empty")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    elif "," in text and "." in text:
        # 1,234.5 or 1.234,5: the last one is the decimal point
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    number = float(text)
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError("not finite")
    return number


def parse_count(value: str) -> float:
    """A whole-number count: `1.310` and `1,310` are one thousand three hundred and ten."""
    text = _SPACES.sub("", value.strip())
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+", text):
        text = text.replace(",", "").replace(".", "")
    number = parse_number(text)
    if number < 0:
        raise ValueError("negative")
    return number


def parse_ctr(value: str) -> float:
    """`3.45%`, `3,45 %` → 0.0345; `0.0345` → 0.0345 (the API gives a fraction)."""
    text = value.strip()
    percent = text.endswith("%")
    number = parse_number(text.rstrip("%").strip().replace(",", ".") if percent else text)
    if percent:
        number /= 100
    if not 0 <= number <= 1:
        raise ValueError("out of range")
    return number


# -- files ----------------------------------------------------------------------------------
def guess_encoding(sample: bytes) -> str:
    """utf-8-sig, utf-8, cp1251 or cp1252 for the start of a file."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(sample) - 3 and exc.reason.startswith("unexpected end"):
            return "utf-8"  # a character cut by the sample's end
    letters = sum(1 for byte in sample if byte >= 0xC0 or chr(byte).isalpha())
    high = sum(1 for byte in sample if byte >= 0xC0)
    return "cp1251" if letters and high / letters > 0.3 else "cp1252"


def sniff_delimiter(line: str) -> str:
    counts = {delimiter: 0 for delimiter in (",", ";", "\t")}
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


@dataclass
class Source:
    """A CSV to read: a file, or a member of a zip."""

    name: str  # as shown in messages: `Queries.csv` or `export.zip:Queries.csv`
    open: Callable[[], IO[bytes]]


def sources(path: Path) -> Iterator[Source]:
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder — name the CSV or zip files in it")
    if zipfile.is_zipfile(path):
        try:
            archive = zipfile.ZipFile(path)
        except zipfile.BadZipFile as exc:
            raise InputError(f"{path}: not a readable zip ({exc})") from None
        with archive:
            members = [info for info in archive.infolist() if not info.is_dir()]
            csvs = [info for info in members if info.filename.lower().endswith(".csv")]
            if not csvs:
                raise InputError(
                    f"{path}: the zip holds no CSV file — export the report again from Search Console"
                )
            for info in csvs:
                yield Source(f"{path}:{info.filename}", lambda info=info: archive.open(info))
        return
    yield Source(str(path), lambda: path.open("rb"))


@contextmanager
def _text(source: Source, encoding: str | None) -> Iterator[tuple[IO[str], str]]:
    with source.open() as raw:
        buffered = io.BufferedReader(raw, buffer_size=SNIFF_BYTES)  # type: ignore[arg-type]
        sample = buffered.peek(SNIFF_BYTES)[:SNIFF_BYTES]
        chosen = encoding or guess_encoding(sample)
        yield io.TextIOWrapper(buffered, encoding=chosen, newline=""), chosen


# A row's handler returns why it cannot use the row (then the row is skipped), or None.
RowHandler = Callable[[Row], "str | None"]
PageHandler = Callable[[PageRow], None]


def read_file(
    path: Path,
    on_row: RowHandler,
    on_page: PageHandler,
    encoding: str | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> list[FileReport]:
    """Read one input (a CSV, or a zip of CSVs), calling `on_row` for every usable row."""
    reports = []
    for source in sources(path):
        report = FileReport(source.name)
        try:
            _read_csv(source, report, on_row, on_page, encoding, progress)
        except UnknownMember as exc:
            report.kind = "not read"
            report.notes.append(str(exc))
        reports.append(report)
    if all(report.kind == "not read" for report in reports):
        names = ", ".join(Path(report.name.rsplit(":", 1)[-1]).name for report in reports)
        raise InputError(f"{path}: none of its files is queries or pages ({names}) — {EXPECTED}")
    return reports


class UnknownMember(Exception):
    """A CSV in a Search Console zip that carries no questions (Countries.csv, Dates.csv...)."""


def _read_csv(
    source: Source,
    report: FileReport,
    on_row: RowHandler,
    on_page: PageHandler,
    encoding: str | None,
    progress: Callable[[str, int], None] | None,
) -> None:
    in_zip = ".zip:" in source.name
    with _text(source, encoding) as (stream, chosen):
        report.encoding = chosen
        if chosen in ("cp1251", "cp1252") and not encoding:
            name = "Windows-1251" if chosen == "cp1251" else "Windows-1252"
            report.notes.append(
                f"{source.name}: not UTF-8; read as {name} (pass --encoding to choose another)"
            )
        line_number = 0
        try:
            first = stream.readline()
            line_number = 1
            while first and not first.strip():
                first = stream.readline()
                line_number += 1
            if not first.strip():
                raise InputError(f"{source.name}: the file is empty — export it again, with its header row")
            delimiter = sniff_delimiter(first)
            header = next(csv.reader([first], delimiter=delimiter))
            try:
                found = detect_format(source.name, header)
            except InputError:
                if in_zip:
                    raise UnknownMember(
                        f"{source.name}: not queries or pages ({', '.join(header[:5])}), not read"
                    ) from None
                raise
            report.kind = found.label
            header_line = line_number
            reader = csv.reader(stream, delimiter=delimiter)
            parse = _ROW_PARSERS[found.kind]
            width = len(header)
            for cells in reader:
                line_number = header_line + reader.line_num
                if not any(cell.strip() for cell in cells):
                    continue  # a blank line is not a row
                report.rows_read += 1
                if progress and report.rows_read % 100_000 == 0:
                    progress(source.name, report.rows_read)
                if len(cells) != width:
                    report.skip(line_number, f"has {len(cells)} fields, the header has {width}")
                    continue
                try:
                    parsed = parse(cells, found.columns)
                except RowProblem as problem:
                    report.skip(line_number, str(problem))
                    continue
                if isinstance(parsed, PageRow):
                    on_page(parsed)
                else:
                    problem = on_row(parsed)
                    if problem:
                        report.skip(line_number, problem)
                        continue
                report.rows_used += 1
        except UnicodeDecodeError:
            # The decoder reads ahead, so the line being parsed is not the one at fault.
            line = _first_undecodable_line(source, chosen)
            raise InputError(
                f"{source.name}:{line}: the text is not {chosen} from here on — save the file as "
                "UTF-8, or pass --encoding with its encoding (like cp1251)"
            ) from None
        except csv.Error as exc:
            raise InputError(f"{source.name}:{line_number}: not a readable CSV ({exc})") from None
    if report.rows_read == 0:
        report.notes.append(f"{source.name}: a header and no rows")


def _first_undecodable_line(source: Source, encoding: str) -> int:
    decoder = codecs.getincrementaldecoder(encoding)()
    number = 0
    with source.open() as raw:
        for number, line in enumerate(raw, 1):  # noqa: B007 - the last number is the answer too
            try:
                decoder.decode(line)
            except UnicodeDecodeError:
                return number
    return max(number, 1)


class RowProblem(Exception):
    pass


def _cell(cells: list[str], columns: dict[str, int], role: str) -> str:
    index = columns.get(role)
    return cells[index].strip() if index is not None else ""


def _number(
    cells: list[str], columns: dict[str, int], role: str, header: str, required: bool = True
) -> float:
    value = _cell(cells, columns, role)
    if not value:
        if required:
            raise RowProblem(f"'{header}' is empty")
        return 0.0
    try:
        return parse_count(value)
    except ValueError:
        raise RowProblem(f"'{header}' is '{value}', not a number") from None


def _query(cells: list[str], columns: dict[str, int], role: str = "query") -> str:
    text = _cell(cells, columns, role)
    if not text:
        raise RowProblem(f"the {role.replace('_', ' ')} is empty")
    return text


def _language(cells: list[str], columns: dict[str, int]) -> str | None:
    value = _cell(cells, columns, "language")
    if not value:
        return None
    code = re.split(r"[-_]", value.strip().lower())[0]
    return LANGUAGE_NAMES.get(code, code)


LANGUAGE_NAMES = {
    "русский": "ru",
    "russian": "ru",
    "english": "en",
    "español": "es",
    "espanol": "es",
    "spanish": "es",
}


def _search_console(cells: list[str], columns: dict[str, int]) -> Row:
    text = _query(cells, columns)
    clicks = _number(cells, columns, "clicks", "clicks", required="clicks" in columns)
    impressions = _number(cells, columns, "impressions", "impressions", required="impressions" in columns)
    if "ctr" in columns and "impressions" in columns and "clicks" not in columns:
        value = _cell(cells, columns, "ctr")
        try:
            clicks = impressions * parse_ctr(value) if value else 0.0
        except ValueError:
            raise RowProblem(f"'ctr' is '{value}', not a share like 3.45% or 0.0345") from None
    page = _cell(cells, columns, "page") or None
    return Row(SEARCH_CONSOLE, text, _language(cells, columns), page, clicks=clicks, impressions=impressions)


def _pages(cells: list[str], columns: dict[str, int]) -> PageRow:
    page = _query(cells, columns, "page")
    clicks = _number(cells, columns, "clicks", "clicks", required="clicks" in columns)
    impressions = _number(cells, columns, "impressions", "impressions", required="impressions" in columns)
    return PageRow(page, clicks, impressions)


def _call_reason(cells: list[str], columns: dict[str, int]) -> Row:
    code = _cell(cells, columns, "reason_code")
    text = _cell(cells, columns, "reason_text")
    if not code and not text:
        raise RowProblem("both reason_code and reason_text are empty")
    calls = _number(cells, columns, "calls", "calls")
    return Row(CALL_REASONS, text or code, _language(cells, columns), calls=calls, reason_code=code)


def _site_search(cells: list[str], columns: dict[str, int]) -> Row:
    text = _query(cells, columns)
    searches = _number(cells, columns, "searches", "searches")
    zero = 0.0
    if "results" in columns:
        results = _number(cells, columns, "results", "results")
        zero = searches if results == 0 else 0.0
    return Row(SITE_SEARCH, text, _language(cells, columns), searches=searches, zero_result_searches=zero)


_ROW_PARSERS: dict[str, Callable[[list[str], dict[str, int]], Row | PageRow]] = {
    "queries": _search_console,
    "pages": _pages,
    CALL_REASONS: _call_reason,
    SITE_SEARCH: _site_search,
}
