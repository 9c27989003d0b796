"""The charts' date axis and palette (the drawing itself is checked in a built site)."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

from dmlog import schema
from dmlog.sphinxext.charts import INK, STATUS_COLOURS, date_ticks


def contrast(colour: str, background: str = "#ffffff") -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    light, dark = sorted((luminance(colour), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_ticks_fall_on_the_series_days_at_most_eight_ending_today() -> None:
    assert date_ticks([date(2026, 11, 30), date(2026, 12, 4)]) == [date(2026, 11, 30), date(2026, 12, 4)]
    month_ends = [date(2019 + m // 12, m % 12 + 1, 1) - timedelta(days=1) for m in range(1, 95)]
    ticks = date_ticks(month_ends)
    assert len(ticks) <= 8 and ticks[-1] == month_ends[-1]
    assert set(ticks) <= set(month_ends)
    steps = {(b - a).days for a, b in pairwise(ticks)}
    assert min(steps) >= 365  # 94 months: a tick a year or so, never a day apart


def test_every_decision_status_has_a_colour_legible_on_white() -> None:
    assert set(STATUS_COLOURS) == set(schema.TYPES["decision"].statuses)
    assert contrast(INK) >= 4.5
    assert all(contrast(colour) >= 4 for colour in STATUS_COLOURS.values()), STATUS_COLOURS
    assert len(set(STATUS_COLOURS.values())) == len(STATUS_COLOURS)
