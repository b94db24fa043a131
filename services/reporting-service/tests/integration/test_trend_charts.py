"""The overview's trends speak (issue 15): each chart has the same months a year before
beside it, the national figure where there is one (with its source), a link to its
CSV, and an accessible table; the table, the chart and the CSV hold the same figures.

Six participants exited in June 2025 and six in March 2026, each with a status at exit;
the pages' day is 2026-11-23."""

from __future__ import annotations

import csv
import html
import io
import re
from collections import OrderedDict
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any
from uuid import uuid4

import httpx
import pytest
from fastapi import FastAPI

from helhet_common.clock import FixedClock
from helhet_common.messaging.consumer import ConsumerRunner
from helhet_common.testing.services import DevTokens
from reporting_service.entrypoints import charts, deps

TODAY = date(2026, 11, 23)
HTML = {"Accept": "text/html"}
AT_EXIT = "work_or_education_at_exit"


@pytest.fixture(autouse=True)
def pages_clock(app: FastAPI) -> Iterator[None]:
    app.dependency_overrides[deps.clock] = lambda: FixedClock(TODAY)
    yield
    app.dependency_overrides.pop(deps.clock, None)


@pytest.fixture
async def exits(
    clock_runner: Callable[[date], ConsumerRunner], to_records: Callable[..., Any], events: Any
) -> None:
    batch: list[Any] = []
    cohorts = {
        date(2025, 6, 30): ["work", "education", "work", "other", "other", "other"],
        date(2026, 3, 31): ["work", "education", "work", "education", "work", "other"],
    }
    for ended, statuses in cohorts.items():
        for status in statuses:
            p, started = uuid4(), date(ended.year - 2, 3, 1)
            batch += [
                events.settled(p, date(ended.year - 2, 1, 10)),
                events.programme_started(p, started, ended),
                events.programme_ended(p, ended, started),
                events.outcome(p, status, ended, ended=ended),
            ]
    result = await clock_runner(TODAY).apply_batch(to_records(*batch))
    assert not result.dead_lettered, result


def share(text: str) -> float | str | None:
    """ "67 %" or "0,6667" as a fraction; "skjult" for a suppressed month, None for one
    without data ("ingen data" on the page, empty in the CSV)."""
    text = html.unescape(text).replace("\u00a0", " ").strip()
    if text.startswith("skjult"):
        return "skjult"
    if not text or text == "ingen data":
        return None
    if text.endswith("%"):
        return round(float(text.rstrip(" %").replace(",", ".")) / 100, 2)
    return round(float(text.replace(",", ".")), 2)


def series_values(svg: str, index: int) -> list[str]:
    """The values pygal drew for series ``index`` (its dots' ``desc.value``)."""
    groups = re.findall(
        rf'<g class="series serie-{index} color-{index}">(.*?)(?=<g class="series |</svg>)',
        svg,
        re.S,
    )
    assert groups, f"no series {index}"
    return re.findall(r'<desc class="value">(.*?)</desc>', "".join(groups))


@pytest.mark.usefixtures("exits")
async def test_the_chart_the_table_and_the_csv_hold_the_same_figures(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    client.cookies.set("helhet_token", dev_tokens.mint("integration_leader", municipality="3403"))

    page = (await client.get("/", headers=HTML)).text
    figure = re.search(rf'<figure class="chart" data-trend="{AT_EXIT}">(.*?)</figure>', page, re.S)
    assert figure is not None, page
    body = figure.group(1)
    link = re.search(r'<a href="([^"]+)" download data-testid="trend-csv">', body)
    assert link is not None
    answer = await client.get(html.unescape(link.group(1)), headers={"Accept": "text/csv"})

    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    # the table: month, value, the same month a year before, the country
    table = re.search(r'<table data-testid="trend-table">(.*?)</table>', body, re.S)
    assert table is not None
    assert f'<caption id="trend-{AT_EXIT}-caption">' in table.group(1)
    assert [h for h in re.findall(r'<th scope="col">(.*?)</th>', table.group(1))] == [
        "Måned", "Verdi", "Samme måned året før", "Landet",
    ]  # fmt: skip
    rows = re.findall(
        r'<tr><th scope="row">([\d.]+)</th><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>',
        table.group(1),
    )
    assert [r[0] for r in rows][::11] == ["12.2025", "11.2026"]
    by_month = {month: (share(v), share(p), share(n)) for month, v, p, n in rows}
    # December 2025 holds the 2025 exits (3 of 6), a year before nobody had exited yet;
    # April 2026 both cohorts (8 of 12), April 2025 none; November 2026 the 2026 exits
    # (5 of 6), and the same month a year before the 2025 exits.
    assert by_month["12.2025"] == (0.5, None, 0.43)
    assert by_month["04.2026"] == (0.67, None, 0.43)
    assert by_month["11.2026"] == (0.83, 0.5, 0.43)
    # the CSV: the same months, the same figures
    lines = list(csv.reader(io.StringIO(answer.text.lstrip("\ufeff")), delimiter=";"))
    assert lines[0] == ["måned", "verdi", "samme måned året før", "landet", "mål"]
    from_csv = {f"{m[5:]}.{m[:4]}": (share(v), share(p), share(n)) for m, v, p, n, _ in lines[1:]}
    assert from_csv == by_month
    assert {target for *_, target in lines[1:]} == {"0,55"}
    # the chart: the value line and the previous year's line draw the table's figures
    # (a gap is no dot), and the national line sits at 43 %
    svg = body.split("<details>")[0]
    drawn_now = [share(v) for v in series_values(svg, 0)]
    drawn_before = [share(v) for v in series_values(svg, 2)]
    gaps = {None, "skjult"}
    drawn_national = {share(v) for v in series_values(svg, 3)}
    assert drawn_now == [v for v, _, _ in by_month.values() if v not in gaps]
    assert drawn_before == [p for _, p, _ in by_month.values() if p not in gaps]
    assert drawn_national == {0.43}
    assert "Samme måned året før" in svg  # the legend names them
    assert "Landet" in svg
    source = re.search(r'data-testid="national-source">(.*?)</p>', body)
    assert source is not None
    assert "43 %" in source.group(1)
    assert "IMDi" in source.group(1)


@pytest.mark.usefixtures("exits")
async def test_the_trend_csv_in_english_and_its_refusals(
    client: httpx.AsyncClient, dev_tokens: DevTokens
) -> None:
    leader = {
        "Authorization": f"Bearer {dev_tokens.mint('integration_leader', municipality='3403')}"
    }
    participant = {"Authorization": f"Bearer {dev_tokens.mint('participant', municipality='3403')}"}

    english = await client.get(f"/kpis/{AT_EXIT}/trend.csv?lang=en&months=2", headers=leader)
    unknown = await client.get("/kpis/jobs_created/trend.csv", headers=leader)
    too_many = await client.get(f"/kpis/{AT_EXIT}/trend.csv?months=121", headers=leader)
    refused = await client.get(f"/kpis/{AT_EXIT}/trend.csv", headers=participant)

    assert english.status_code == 200
    assert english.text.lstrip("\ufeff").splitlines() == [
        "month,value,same month a year before,national,target",
        "2026-10,0.8333,0.5,0.43,0.55",
        "2026-11,0.8333,0.5,0.43,0.55",
    ]
    assert (unknown.status_code, unknown.json()["code"]) == (404, "unknown-kpi")
    assert too_many.status_code == 422
    assert refused.status_code == 403


@pytest.mark.usefixtures("exits")
async def test_a_chart_is_drawn_again_only_when_its_figures_or_language_change(
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    clock_runner: Callable[[date], ConsumerRunner],
    to_records: Callable[..., Any],
    events: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The overview keeps the charts it drew (issue 14: drawing them on every view was
    most of the page's time); a new exit still shows at once, in each language."""
    monkeypatch.setattr(charts, "_drawn", OrderedDict())
    drawn: list[str] = []
    draw = charts.draw_trend_chart

    def counting(**kwargs: Any) -> Any:
        drawn.append(kwargs["label"])
        return draw(**kwargs)

    monkeypatch.setattr(charts, "draw_trend_chart", counting)
    client.cookies.set("helhet_token", dev_tokens.mint("integration_leader", municipality="3403"))

    def at_exit_now(page: str) -> list[float | str | None]:
        figure = re.search(rf'data-trend="{AT_EXIT}">(.*?)</figure>', page, re.S)
        assert figure is not None, page
        return [share(v) for v in series_values(figure.group(1).split("<details>")[0], 0)]

    first = (await client.get("/", headers=HTML)).text
    charts_on_the_page = len(drawn)
    assert charts_on_the_page > 0
    assert at_exit_now(first)[-1] == 0.83  # 5 of the 6 who exited in March 2026

    again = (await client.get("/", headers=HTML)).text
    assert len(drawn) == charts_on_the_page  # nothing drawn again
    assert at_exit_now(again) == at_exit_now(first)

    p, started, ended = uuid4(), date(2024, 3, 1), date(2026, 3, 31)
    result = await clock_runner(TODAY).apply_batch(
        to_records(
            events.settled(p, date(2024, 1, 10)),
            events.programme_started(p, started, ended),
            events.programme_ended(p, ended, started),
            events.outcome(p, "other", ended, ended=ended),
        )
    )
    assert not result.dead_lettered, result
    changed = (await client.get("/", headers=HTML)).text
    assert at_exit_now(changed)[-1] == 0.71  # 5 of 7: the new exit is on the chart
    assert len(drawn) > charts_on_the_page

    before = len(drawn)
    english = (await client.get("/", params={"lang": "en"}, headers=HTML)).text
    assert len(drawn) > before  # another language, other labels: drawn in it
    assert "Same month a year before" in english.split(f'data-trend="{AT_EXIT}">')[1]
