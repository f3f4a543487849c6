"""A hand-written iCalendar (RFC 5545) feed: one recurring all-day event per maintenance task."""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

MAX_LINE_OCTETS = 75  # RFC 5545 section 3.1: lines SHOULD NOT be longer than 75 octets
CRLF = "\r\n"


@dataclass(frozen=True)
class CalendarEvent:
    uid_seed: str
    start: date
    interval_days: int
    summary: str
    description: str
    url: str


def ics_escape(text: str) -> str:
    """Escape a TEXT value (RFC 5545 section 3.3.11)."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def ics_fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets, never splitting a UTF-8 character."""
    parts, current, size = [], "", 0
    limit = MAX_LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
            limit = MAX_LINE_OCTETS - 1  # continuation lines start with one space
        current += char
        size += width
    parts.append(current)
    return (CRLF + " ").join(parts)


def ics_rrule(interval_days: int) -> str:
    """The simplest RRULE for an interval: yearly, monthly or weekly when it divides evenly."""
    if interval_days % 365 == 0:
        return f"FREQ=YEARLY;INTERVAL={interval_days // 365}"
    if interval_days % 30 == 0:
        return f"FREQ=MONTHLY;INTERVAL={interval_days // 30}"
    if interval_days % 7 == 0:
        return f"FREQ=WEEKLY;INTERVAL={interval_days // 7}"
    return f"FREQ=DAILY;INTERVAL={interval_days}"


def ics_calendar(*, name: str, events: list[CalendarEvent], now: datetime) -> str:
    """The whole VCALENDAR as text with CRLF line endings."""
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//De Moeite Waard//Maintenance//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ics_escape(name)}",
    ]
    for event in events:
        uid = hashlib.sha256(event.uid_seed.encode()).hexdigest()[:32]
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}@demoeitewaard.nl",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{event.start:%Y%m%d}",
            f"RRULE:{ics_rrule(event.interval_days)}",
            f"SUMMARY:{ics_escape(event.summary)}",
            f"DESCRIPTION:{ics_escape(event.description)}",
            f"URL:{event.url}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(ics_fold(line) + CRLF for line in lines)
