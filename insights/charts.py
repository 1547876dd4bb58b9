"""A chart as data: what the page draws, what its table shows and what its CSV holds are the
same rows, so the three can never disagree."""

import csv
import io
from dataclasses import dataclass, field
from typing import Any

# Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


@dataclass(frozen=True)
class Series:
    name: str
    values: list[Any]
    # "bar" (default for bar charts), "line"; ``axis`` 1 is the right-hand axis.
    type: str = ""
    axis: int = 0
    stack: str = ""


@dataclass(frozen=True)
class Chart:
    """``kind`` is how the front end draws it: ``bar`` (categories along x), ``hbar``
    (categories down y, for long names), ``line`` or ``pie``."""

    key: str
    title: str
    kind: str
    category_label: str
    categories: list[str]
    series: list[Series]
    description: str = ""
    axis_names: list[str] = field(default_factory=list)
    # Where each category leads (the wall filtered by it), for the table; empty for none.
    links: list[str] = field(default_factory=list)

    @property
    def data_id(self) -> str:
        return f"chart-{self.key}-data"

    @property
    def empty(self) -> bool:
        return not self.categories or not any(
            value for series in self.series for value in series.values if value
        )

    def header(self) -> list[str]:
        return [self.category_label, *(series.name for series in self.series)]

    def rows(self) -> list[list[Any]]:
        return [
            [category, *(series.values[index] for series in self.series)]
            for index, category in enumerate(self.categories)
        ]

    def table_rows(self) -> list[tuple[str, Any, list[Any]]]:
        """Rows for the HTML table: (link, category, values)."""
        links = self.links or [""] * len(self.categories)
        return [(link, row[0], row[1:]) for link, row in zip(links, self.rows(), strict=True)]

    def as_data(self) -> dict[str, Any]:
        """What the page's script turns into an ECharts option (through ``json_script``)."""
        return {
            "kind": self.kind,
            "title": self.title,
            "categories": self.categories,
            "axisNames": self.axis_names,
            "series": [
                {
                    "name": series.name,
                    "data": series.values,
                    "type": series.type,
                    "axis": series.axis,
                    "stack": series.stack,
                }
                for series in self.series
            ],
        }

    def csv(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([safe_cell(cell) for cell in self.header()])
        for row in self.rows():
            writer.writerow([safe_cell(cell) for cell in row])
        return buffer.getvalue()


def safe_cell(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; numbers and
    empty cells are written as they are."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
