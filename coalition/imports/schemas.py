"""Inputs and outputs of roster imports."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import msgspec


class ImportKind(StrEnum):
    VOLUNTEERS = "volunteers"
    ORGANISATIONS = "organisations"
    UNITS = "units"


class ImportStatus(StrEnum):
    QUEUED = "queued"  # waiting for the job
    VALIDATING = "validating"
    INVALID = "invalid"  # rows have errors and nothing was imported
    IMPORTING = "importing"
    DONE = "done"
    FAILED = "failed"  # the file could not be read (see failure_code)


class ImportRequest(msgspec.Struct, kw_only=True, frozen=True):
    kind: str
    filename: str  # .csv or .xlsx
    content: bytes
    import_valid_rows: bool = False  # import the valid rows even if others have errors


class ImportJobOut(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    kind: str
    file_format: str
    filename: str
    status: str
    import_valid_rows: bool
    total_rows: int
    validated_rows: int
    imported_rows: int
    error_rows: int
    progress: int  # percent: validation is the first half, importing the second
    failure_code: str
    failure_params: dict[str, Any]
    requested_by: int | None
    created_at: datetime
    updated_at: datetime  # the last progress: an import that stops moving shows it
    finished_at: datetime | None


class RowErrorOut(msgspec.Struct, kw_only=True, frozen=True):
    row: int  # the row's number in the sheet; the header is row 1
    field: str  # the column's key (see coalition.imports.columns); "" for the whole row
    code: str
    params: dict[str, Any]
    phase: str  # validation / import


class RowErrorPage(msgspec.Struct, kw_only=True, frozen=True):
    items: list[RowErrorOut]
    total: int
