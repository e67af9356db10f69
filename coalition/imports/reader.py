"""Read a CSV or .xlsx roster into its header and rows of text.

CSV is read as UTF-8 (with or without the BOM Excel writes) or else GB18030, the encoding
Chinese Excel saves "CSV" in. In .xlsx files the first sheet is read; numbers that are
whole (a phone number typed into a number cell) become digits without ".0", and dates
become ISO dates. Blank rows are skipped but keep their place in the numbering, so that row
numbers are the ones a person sees in the spreadsheet.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from coalition.errors import DomainError

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
FORMATS = ("csv", "xlsx")


class ImportFileError(DomainError):
    """The file as a whole cannot be imported; ``code`` says why."""

    code = "imports.unreadable_file"


@dataclass(frozen=True, slots=True)
class Sheet:
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (row number in the sheet, cells)


def file_format(filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix not in FORMATS:
        raise ImportFileError(
            "Upload a .csv or .xlsx file.", code="imports.unsupported_format", formats=FORMATS
        )
    return suffix


def check_size(content: bytes) -> None:
    if not content:
        raise ImportFileError("The file is empty.", code="imports.empty_file")
    if len(content) > MAX_BYTES:
        raise ImportFileError(
            f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.",
            code="imports.file_too_large",
            max_bytes=MAX_BYTES,
        )


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError("The file is not text in UTF-8 or GB18030.", code="imports.bad_encoding")


def _csv_rows(content: bytes) -> list[list[str]]:
    try:
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(_decode(content)))]
    except csv.Error as error:
        raise ImportFileError(
            "The CSV file cannot be read.", code="imports.unreadable_file"
        ) from error


def _xlsx_rows(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ImportFileError(
            "The Excel file cannot be read.", code="imports.unreadable_file"
        ) from error
    try:
        sheet = book.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append([cell_text(v) for v in row])
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    finally:
        book.close()


def read(content: bytes, fmt: str) -> Sheet:
    """The header (the first non-blank row) and the rows after it."""
    check_size(content)
    raw = _csv_rows(content) if fmt == "csv" else _xlsx_rows(content)
    numbered = [(n, row) for n, row in enumerate(raw, start=1) if any(cell for cell in row)]
    if not numbered:
        raise ImportFileError("The file has no header row.", code="imports.empty_file")
    (_, headers), *rows = numbered
    if not rows:
        raise ImportFileError("The file has a header but no rows.", code="imports.no_rows")
    if len(rows) > MAX_ROWS:
        raise ImportFileError(
            f"At most {MAX_ROWS} rows can be imported at once.",
            code="imports.too_many_rows",
            max_rows=MAX_ROWS,
        )
    return Sheet(headers=headers, rows=rows)
