"""Reading roster files: CSV in UTF-8 or GB18030, Excel, headers in either language."""

from datetime import date

import pytest

from coalition.imports import reader
from coalition.imports.columns import match_headers, template
from coalition.imports.reader import ImportFileError
from coalition.imports.schemas import ImportKind
from tests.coalition.imports.helpers import csv_file, xlsx_file


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_csv_in_the_encodings_chinese_excel_writes_reads_the_same(encoding: str) -> None:
    content = csv_file([["姓名", "手机号"], ["王芳", "13800000001"]], encoding)

    sheet = reader.read(content, "csv")

    assert sheet.headers == ["姓名", "手机号"]
    assert sheet.rows == [(2, ["王芳", "13800000001"])]


def test_excel_numbers_and_dates_read_as_a_person_typed_them_and_rows_keep_their_numbers() -> None:
    content = xlsx_file(
        [
            ["Name", "Phone", "Joined on"],
            [None, None, None],
            ["Li Lei", 13800000002, date(2026, 1, 5)],
        ]
    )

    sheet = reader.read(content, "xlsx")

    assert sheet.rows == [(3, ["Li Lei", "13800000002", "2026-01-05"])]


def test_headers_may_be_keys_or_chinese_or_english_and_required_ones_are_named() -> None:
    positions, missing = match_headers(ImportKind.ORGANISATIONS, ["名称", "Phone", "备注", "phone"])

    assert positions == {0: "name", 1: "phone"}
    assert missing == ["kind"]


@pytest.mark.parametrize(
    ("content", "fmt", "code"),
    [
        (b"", "csv", "imports.empty_file"),
        (b"\xff\xfe\x00garbage\x81\x00", "csv", "imports.bad_encoding"),
        (b"not a zip file", "xlsx", "imports.unreadable_file"),
        (csv_file([["姓名"]]), "csv", "imports.no_rows"),
    ],
)
def test_a_file_that_cannot_be_read_says_why(content: bytes, fmt: str, code: str) -> None:
    with pytest.raises(ImportFileError) as error:
        reader.read(content, fmt)
    assert error.value.code == code


def test_too_many_rows_and_unknown_formats_are_refused(monkeypatch) -> None:
    monkeypatch.setattr(reader, "MAX_ROWS", 2)
    with pytest.raises(ImportFileError) as error:
        reader.read(csv_file([["姓名"], ["甲"], ["乙"], ["丙"]]), "csv")
    assert (error.value.code, error.value.params) == ("imports.too_many_rows", {"max_rows": 2})
    with pytest.raises(ImportFileError) as error:
        reader.file_format("名册.xls")
    assert error.value.code == "imports.unsupported_format"


@pytest.mark.parametrize("kind", list(ImportKind))
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("locale", ["zh-Hans", "en"])
def test_every_template_reads_back_with_all_its_columns(kind: str, fmt: str, locale: str) -> None:
    name, content = template(kind, fmt, locale)

    sheet = reader.read(content, fmt)
    positions, missing = match_headers(kind, sheet.headers)

    assert name.endswith(f".{fmt}") and missing == []
    assert len(positions) == len(sheet.headers) and len(sheet.rows) == 1
