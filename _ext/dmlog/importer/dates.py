"""Due dates as minutes write them, absolute or relative to the meeting's date.

``find_due(text, meeting_date)`` returns the due date it can resolve (ISO day, or a month
"YYYY-MM" where only the month is named) and the phrase as written; a phrase it cannot
resolve ("before the next meeting", "soon") is returned with no date, so that the
importer keeps it in the record's text for a person to settle.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\.?"
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "a": 1, "an": 1}

_WHEN = (
    r"(?P<iso>\d{4}-\d{2}-\d{2})"
    rf"|(?P<md>{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?)"
    rf"|(?P<dm>\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?)"
    r"|(?P<endof>(?:the\s+)?end\s+of\s+(?:the\s+|this\s+|next\s+)?(?:day|today|week|month"
    rf"|year|{_MONTH}))"
    rf"|(?P<weekday>(?:next\s+|this\s+|the\s+)?{_WEEKDAY}(?:\s+next\s+week)?)"
    r"|(?P<relative>next\s+week|this\s+week|next\s+month|today|tonight|tomorrow|end\s+of\s+day|eod|cob)"
    r"|(?P<span>(?:in|within)\s+(?:\d+|one|two|three|four|five|six|a|an)\s+(?:days?|weeks?|months?))"
    rf"|(?P<month>{_MONTH}(?:\s+\d{{4}})?)"
    r"|(?P<phrase>(?:the\s+)?(?:next|following|upcoming)\s+(?:meeting|call|telecon|telco|f2f"
    r"|face-to-face|board meeting|dmlt|session)|(?:the\s+)?(?:next|coming)\s+release|asap|soon)"
)
DUE = re.compile(
    r"\b(?:by|due(?:\s+(?:date|on|by))?:?|before|until|no\s+later\s+than|closing\s+date\s+of"
    rf"|deadline(?:\s+(?:of|is))?:?|for|at)\s+(?:{_WHEN})\b"
    r"|\b(?P<bare>next\s+week|this\s+week|tomorrow|end\s+of\s+(?:the\s+)?(?:week|month))\b"
    r"|\b(?P<bspan>within\s+(?:\d+|one|two|three|four|five|six|a|an)\s+(?:days?|weeks?|months?))\b",
    re.I)


@dataclass
class Due:
    date: str  # "" when the phrase cannot be resolved
    phrase: str  # as written


def find_due(text: str, meeting_date: str) -> Due | None:
    for match in DUE.finditer(text):
        phrase = match.group(0).strip()
        groups = {k: v for k, v in match.groupdict().items() if v}
        if not groups:
            continue
        if set(groups) == {"month"} and not re.match(r"(?i)by|before|until|due|deadline", phrase):
            continue  # "for March data": a month named, not a due date
        if "weekday" in groups and phrase.lower().startswith(("for ", "at ")):
            continue
        if "phrase" in groups and phrase.lower().startswith(("for ", "at ")):
            continue
        return Due(resolve(groups, meeting_date), phrase)
    return None


_DUE_ALONE = re.compile(rf"^\s*(?:(?:by|due|before|until)\s+)?(?:{_WHEN})\s*$", re.I)


def parse_due(text: str, today: str) -> str | None:
    """A due date given on its own, as `dmlog new --due` takes it: what the importer
    understands ("2026-12-01", "next week", "Friday", "end of month", "in 2 weeks",
    "May 10"), from ``today``; None when it names no date."""
    match = _DUE_ALONE.match(text)
    if match is None:
        return None
    return resolve({k: v for k, v in match.groupdict().items() if v}, today) or None


#: A day with its year, as minutes date a meeting ("2026-11-19", "November 19, 2026", "19 Nov 2026").
DATE_WITH_YEAR = re.compile(
    r"\b(?:(?P<iso>\d{4}-\d{2}-\d{2})"
    rf"|(?P<md>{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
    rf"|(?P<dm>\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}))\b", re.I)


def date_in(text: str) -> str | None:
    """The first day with its year that ``text`` names (a meeting's date), as YYYY-MM-DD."""
    for match in DATE_WITH_YEAR.finditer(text):
        if found := resolve({k: v for k, v in match.groupdict().items() if v}, "2000-01-01"):
            return found
    return None


def resolve(groups: dict[str, str], meeting_date: str) -> str:
    """The ISO date (or month) the phrase means, or "" if it cannot be resolved."""
    key, value = next(iter(groups.items()))
    value = value.lower().strip(" .")
    if key == "iso":
        return value if _valid(value) else ""
    if key == "phrase":
        return ""
    if len(meeting_date) != 10:
        # only the month of the meeting is known: absolute dates with a year still resolve
        if key in ("md", "dm") and re.search(r"\d{4}", value):
            return _absolute(value, dt.date(int(meeting_date[:4]), 1, 1))
        return ""
    date = dt.date.fromisoformat(meeting_date)
    if key in ("md", "dm"):
        return _absolute(value, date)
    if key == "endof" or (key in ("bare", "relative") and "end of" in value):
        return _end_of(value, date)
    if key in _PHRASES:
        return _PHRASES[key](value, date)
    return ""


def _in_month(value: str, date: dt.date) -> str:
    """"in May", "May 2027": the month, this year's or the next if it has passed."""
    month = _month(value)
    year = int(m[0]) if (m := re.findall(r"\d{4}", value)) else date.year + (1 if month < date.month else 0)
    return f"{year}-{month:02d}"


def _after_span(value: str, date: dt.date) -> str:
    """"in 2 weeks", "within three days"."""
    count_text, unit = re.findall(r"(\w+)\s+(\w+)$", value)[0]
    count = int(count_text) if count_text.isdigit() else _NUMBER_WORDS[count_text]
    days = count * {"day": 1, "week": 7, "month": 30}[unit.rstrip("s")]
    return (date + dt.timedelta(days=days)).isoformat()


def _end_of(value: str, date: dt.date) -> str:
    """"end of (next) week/month", "end of year", "end of May": its last (working) day."""
    what = value.rsplit(" ", 1)[-1]
    if what in ("day", "today"):
        return date.isoformat()
    if what == "week":
        shift = 7 if "next" in value else 0
        return (date + dt.timedelta(days=(4 - date.weekday()) % 7 + shift)).isoformat()
    if what == "month":
        year, month = date.year, date.month
        if "next" in value:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return dt.date(year, month, calendar.monthrange(year, month)[1]).isoformat()
    if what == "year":
        return f"{date.year}-12-31"
    month = _month(what)
    year = date.year + (1 if month < date.month else 0)
    return dt.date(year, month, calendar.monthrange(year, month)[1]).isoformat()


def _next_weekday(value: str, date: dt.date) -> str:
    """"Friday", "next Tuesday", "Friday next week": the first such day after the meeting."""
    name = re.sub(r"^(?:next|this|the)\s+", "", value).split()[0]
    weekday = next(i for i, day in enumerate(WEEKDAYS) if day.startswith(name[:3]))
    days = (weekday - date.weekday()) % 7 or 7
    if "next week" in value:  # "Friday next week"
        days += 7
    return (date + dt.timedelta(days=days)).isoformat()


def _relative(value: str, date: dt.date) -> str:
    """"today", "tomorrow", "next week", "this week", "next month"."""
    if value in ("today", "tonight", "end of day", "eod", "cob"):
        return date.isoformat()
    if value == "tomorrow":
        return (date + dt.timedelta(days=1)).isoformat()
    if value == "next week":
        return (date + dt.timedelta(days=7)).isoformat()
    if value == "this week":
        return (date + dt.timedelta(days=(4 - date.weekday()) % 7)).isoformat()
    if value == "next month":
        year, month = (date.year + 1, 1) if date.month == 12 else (date.year, date.month + 1)
        return f"{year}-{month:02d}"
    return ""


#: The phrases of each kind the due pattern names, from the meeting's date.
_PHRASES: dict[str, Callable[[str, dt.date], str]] = {
    "month": _in_month, "span": _after_span, "bspan": _after_span, "weekday": _next_weekday,
    "relative": _relative, "bare": _relative,
}


def _month(text: str) -> int:
    word = re.match(r"[a-z]+", text.lower())
    return next(i for i, name in enumerate(MONTHS, 1) if word and name.startswith(word.group(0)[:3]))


def _absolute(value: str, meeting: dt.date) -> str:
    """"May 10", "10 May 2024": the year is the meeting's, or the next if that day has passed."""
    day = int(re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b(?!\d)", value).group(1))  # type: ignore[union-attr]
    # the month's word: not "of", nor the "rd" of "3rd"
    month = _month(re.search(r"[a-z]+", re.sub(r"\d+(?:st|nd|rd|th)?|\bof\b", "", value)).group(0))  # type: ignore[union-attr]
    year_match = re.search(r"\d{4}", value)
    year = int(year_match.group(0)) if year_match else meeting.year
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return ""
    if not year_match and date < meeting:
        try:
            date = dt.date(year + 1, month, day)
        except ValueError:
            return ""
    return date.isoformat()


def _valid(iso: str) -> bool:
    try:
        dt.date.fromisoformat(iso)
    except ValueError:
        return False
    return True
