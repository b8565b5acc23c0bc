"""Values as people type them, in a form or in a commune spreadsheet: dates as dates, Excel serial
numbers, "dd/mm/yyyy" text or a bare year; genders as words. Every reader raises ValueError with
the reason in the user's language, which a form shows under the field and an import against the
row and column."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from desktop.codes import Gender
from desktop.i18n import _
from desktop.text import search_key

DATE_TEXT = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
"""A date as a database or a CSV written by another program holds it: 1985-03-07 (00:00:00)."""
YEAR_TEXT = re.compile(r"^(\d{4})(?:\.0+)?$")
"""A year alone, also as a CSV writes a number Excel held: "1985.0"."""
EXCEL_EPOCH = dt.date(1899, 12, 30)
FIRST_YEAR, LAST_YEAR = 1900, 2100
GENDERS = {
    "nam": Gender.MALE.value,
    "nu": Gender.FEMALE.value,
    "male": Gender.MALE.value,
    "female": Gender.FEMALE.value,
}


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_birth(value: Any) -> tuple[dt.date | None, int | None]:
    """A birth date as Excel holds it: a date, a serial number, "dd/mm/yyyy" text, or a year."""
    if blank(value):
        return None, None
    if isinstance(value, dt.datetime):
        return value.date(), value.year
    if isinstance(value, dt.date):
        return value, value.year
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = int(value)
        if FIRST_YEAR <= number <= LAST_YEAR:
            return None, number
        if 1 <= number < 80000:
            day = EXCEL_EPOCH + dt.timedelta(days=number)
            return day, day.year
        raise ValueError(_("not a date: {value}").format(value=value))
    text = str(value).strip()
    if year_alone := YEAR_TEXT.match(text):
        return None, int(year_alone.group(1))
    if iso := ISO_DATE.match(text):
        year, month, day_number = (int(part) for part in iso.groups())
    elif match := DATE_TEXT.match(text):
        day_number, month, year = (int(part) for part in match.groups())
    else:
        raise ValueError(_("not a date (dd/mm/yyyy or a year): {value}").format(value=text))
    try:
        date = dt.date(year, month, day_number)
    except ValueError as error:
        raise ValueError(_("no such day: {value}").format(value=text)) from error
    return date, date.year


def parse_day(value: Any) -> dt.date:
    """A full date that must be there (a decision's signing date): a year alone is not enough."""
    if blank(value):
        raise ValueError(_("the date is missing"))
    day, _year = parse_birth(value)
    if day is None:
        raise ValueError(_("write the whole date, dd/mm/yyyy: {value}").format(value=value))
    return day


def parse_year(value: Any) -> int:
    """A year written as a number or as text ("2024", "Năm 2024")."""
    text = str(value).strip().removesuffix(".0") if not blank(value) else ""
    digits = re.findall(r"\d{4}", text)
    if len(digits) != 1 or not FIRST_YEAR <= int(digits[0]) <= LAST_YEAR:
        raise ValueError(_("not a year: {value}").format(value=text or "—"))
    return int(digits[0])


ID_DIGITS = re.compile(r"^\d{6,12}$")
CUT_NUMBER = re.compile(r"^\d(?:[.,]\d+)?E\+\d+$", re.IGNORECASE)


def parse_id_number(value: Any) -> str:
    """A CCCD (12 digits) or old CMND (9) as a sheet holds it. A number column drops the leading
    zeros ("1234567890" for "001234567890"): they are put back to 12 digits, or to 9 for a
    number of 9 digits or fewer (an old card). A number Excel wrote as "1,23457E+11" lost its last
    digits and is refused."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip().replace(" ", "").removesuffix(".0")
    if CUT_NUMBER.match(text):
        raise ValueError(
            _("Excel cut this number to {value}: format the column as Text and type it again").format(
                value=text
            )
        )
    if not ID_DIGITS.match(text):
        raise ValueError(_("an ID number has 12 digits (or 9 for an old card): {value}").format(value=text))
    return text.zfill(12) if len(text) > 9 else text.zfill(9)


def parse_gender(text: str) -> str:
    gender = GENDERS.get(search_key(text))
    if gender is None:
        raise ValueError(_("write Nam or Nữ, not “{value}”").format(value=text))
    return gender


THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


def parse_amount(text: str) -> Decimal:
    """A number as typed in Vietnamese or English: "2,8" and "2.8" are the same; "1.500" and
    "1,500.5" read with their thousands separators."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    if "," in cleaned and "." in cleaned:
        decimal_mark = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        cleaned = cleaned.replace("." if decimal_mark == "," else ",", "").replace(",", ".")
    elif "," in cleaned:
        cleaned = cleaned.replace(",", ".")
    elif THOUSANDS.match(cleaned):
        cleaned = cleaned.replace(".", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(_("not a number: {value}").format(value=text)) from None
    if not value.is_finite():
        raise ValueError(_("not a number: {value}").format(value=text))
    return value
