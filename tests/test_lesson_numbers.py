"""Numbers typed in the lessons' prose match the data they describe.

Chart descriptions are computed in the lessons themselves; the sentences of
"Reading the chart" cannot be, so each figure they give is recomputed here
from the course data and looked up, formatted, in the lesson's markdown.
When the data change, the test names the sentence to update.
"""

import json
from pathlib import Path

import pandas as pd
import pytest

import poscourse as pc

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def prose(prefix: str) -> str:
    """All markdown of the lesson whose file name starts with prefix, as one string."""
    path = next(NOTEBOOKS.glob(f"{prefix}_*.ipynb"))
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


# --- lesson 01: the silence in days ----------------------------------------------


def summit_gaps() -> list[str]:
    meetings = pc.load("leader_meetings")
    us = meetings[meetings["counterpart_country"] == "US"].sort_values("date")["date"].reset_index(drop=True)
    events = pc.load("events")
    in_korea = events.loc[events["event_id"] == "2025-10-29-trump-arrives-gyeongju", "date"].iloc[0]
    gaps = us.diff().dt.days.dropna().astype(int).tolist()
    season = (us.iloc[-1] - us.iloc[0]).days
    to_tour = (in_korea - us.iloc[-1]).days
    to_end = (pd.Timestamp("2025-12-31") - us.iloc[-1]).days
    return [
        f"{gaps[0]} days from Singapore to Hanoi, {gaps[1]} days from Hanoi to Panmunjom",
        f"lasted {to_tour:,} days (about {to_tour / 365.25:.1f} years) when Trump reached South Korea",
        f"{to_end:,} days at the end of 2025, {to_end / season:.1f} times as long as the {season}-day summit season",
    ]


def us_dprk_per_year() -> list[str]:
    events = pc.load("events")
    both = events[events["actors"].str.contains("US") & events["actors"].str.contains("DPRK")]
    per_year = both["date"].dt.year.value_counts()
    return [f"{per_year.get(2018, 0)} events in 2018, {per_year.get(2019, 0)} in 2019, {per_year.get(2025, 0)} in 2025"]


# --- lesson 02: launches and ranges ------------------------------------------------


def launch_figures() -> list[str]:
    launches = pc.load("missile_launches")
    in_2025 = launches[launches["date_kst"].dt.year == 2025]
    both = launches.dropna(subset=["distance_km", "dprk_claimed_range_km"])
    icbms = both[both["missile_family"].astype(str).str.startswith("ICBM")]
    icbm_gap = (icbms["dprk_claimed_range_km"] - icbms["distance_km"]).abs().max()
    hwasong_16b = launches[(launches["missile_name"] == "Hwasong-16B") & (launches["date_kst"].dt.year == 2024)].iloc[0]
    return [
        f"with {len(in_2025)} missiles in {in_2025['launch_id'].nunique()} launch events",
        f"agree within {icbm_gap:.0f} km",
        f"the Hwasong-16B of April 2024: {hwasong_16b['distance_km']:,.0f} km measured, "
        f"{hwasong_16b['dprk_claimed_range_km']:,.0f} km claimed",
    ]


# --- lesson 03: test sizes ---------------------------------------------------------


def nuclear_test_sizes() -> list[str]:
    estimates = pc.load("nuclear_test_estimates")
    rok_first = estimates[
        (estimates["test_no"] == 1) & estimates["estimator"].astype(str).str.startswith("South Korea")
    ]
    sixth = estimates[estimates["test_no"] == 6]
    earlier_high = estimates.loc[estimates["test_no"] < 6, "yield_kt_high"].max()
    return [
        f"South Korea's figure ({rok_first['magnitude_mb'].min():.2f})",
        f"its estimates run from {sixth['yield_kt_low'].min():g} to about {round(sixth['yield_kt_high'].max(), -1):g} kt, "
        f"against at most {earlier_high:g} kt for any earlier test",
    ]


# --- lesson 04: reported cooperation ----------------------------------------------


def cooperation_counts() -> list[str]:
    coop = pc.load("russia_cooperation")
    coop = coop[coop["date"] <= "2025-12-31"]
    per_year = coop["date"].dt.year.value_counts()
    october = (coop["date"].dt.to_period("M") == pd.Period("2025-10")).sum()
    csis_page_only = int(coop["source_status"].astype(str).str.endswith("csis_fallback").sum())
    return [
        f"{per_year[2022]} events in the second half of 2022, {per_year[2023]} in 2023, {per_year[2024]} in 2024 and {per_year[2025]} in 2025",
        f"has {october} events",
        f"`source_status` says that {csis_page_only} rows cite only the CSIS page",
        f"the {csis_page_only} entries that cite only the CSIS page",
        f"with {csis_page_only} entries (mostly mid-2025) that cite only the CSIS page",
    ]


# --- lesson 05: September 2025 -----------------------------------------------------


def trade_months() -> list[str]:
    trade = pc.load("china_trade_monthly")
    preferred = trade[trade["preferred"]].set_index("month").sort_index()
    total = preferred.reindex(pd.date_range("2015-01-01", "2025-12-01", freq="MS"))["total_usd_m"]
    september = total["2025-09-01"]
    before = total[:"2025-08-01"]
    last_higher = before[before > september].index.max()
    months = (2025 - last_higher.year) * 12 + (9 - last_higher.month)
    between = total[last_higher + pd.DateOffset(months=1) : "2025-08-01"]
    annual = pc.load("china_trade_annual")
    year_2025 = annual[annual["preferred"] & (annual["year"] == 2025)]["total_usd_m"].iloc[0]
    return [
        f"September 2025 ({september:.0f} million dollars) was the highest month in the course's data since "
        f"{last_higher:%B %Y} ({total[last_higher]:.0f} million), {months // 12} years and {months % 12} months earlier",
        f"Every one of the {between.notna().sum()} monthly totals found in between is lower",
        f"the highest of them is {between.max():.0f} million ({between.idxmax():%B %Y})",
        f"But {between.isna().sum()} months in between have no total",
        f"October fell back to {total['2025-10-01']:.0f} million",
        f"November reached {total['2025-11-01']:.0f} million",
        f"was about {total['2025-12-01']:.0f} million, higher still",
        f"trade was {year_2025:,.0f} million dollars",
    ]


# --- lesson 06: sanctions decisions and trade ----------------------------------------


def sanctions_decisions() -> list[str]:
    measures = pc.load("unsc_measures")
    resolutions = pc.load("unsc_resolutions")
    dated = measures.merge(resolutions[["resolution_id", "date", "hanoi_relief_requested"]], on="resolution_id")
    decisions = dated[dated["action"].isin(["new", "expanded", "tightened"])]
    in_five = int(decisions["hanoi_relief_requested"].sum())
    annual = pc.load("china_trade_annual")
    totals = annual[annual["preferred"]].set_index("year")["total_usd_m"]
    return [
        f"All {len(decisions)} measure decisions were taken by the end of {decisions['date'].max():%Y}",
        f"the last came on {decisions['date'].max().day} {decisions['date'].max():%B %Y}",
        f"{in_five} of the {len(decisions)} decisions ({in_five / len(decisions):.0%}) come from the five",
        f"back to about its 2019 level ({totals[2025] / totals[2019]:.0%}), yet still less than half of 2016 ({totals[2025] / totals[2016]:.0%})",
    ]


# --- lesson 07: Kim's meetings --------------------------------------------------------


def kims_meetings() -> list[str]:
    meetings = pc.load("leader_meetings")
    year = meetings["date"].dt.year
    leaders = meetings.groupby(year)["counterpart"].nunique()
    per_year = year.value_counts()
    words = {3: "three", 5: "five", 6: "six", 7: "seven", 8: "eight"}
    return [
        f"In 2018 and 2019 Kim met {words[leaders[2018]]} and then {words[leaders[2019]]} different leaders",
        f"when Kim met {words[leaders[2025]]} different leaders",
        f"with {words[per_year[2018]]} meetings in each year against {words[per_year[2025]]} in 2025",
    ]


# --- lesson 09: the articles' claims ------------------------------------------------


def claim_counts() -> list[str]:
    claims = pc.load("claims")
    per_article = claims["article_id"].value_counts()
    lee = ((claims["speaker"] == "Seong-Hyon Lee") & (claims["article_id"] == "afp_ndtv")).sum()
    named = claims[
        (claims["article_id"] == "afp_ndtv")
        & ~claims["speaker_role"].isin(["unattributed"])
        & ~claims["speaker"].str.startswith("Unnamed")
    ]
    quoted = (named["attribution"] == "direct_quote").sum()
    return [
        f"Seong-Hyon Lee alone carries {lee} of the AFP article's {per_article['afp_ndtv']} claims",
        f"({quoted} of their {len(named)} claims are direct quotes)",
        f"Shares from {per_article['afp_ndtv']} and {per_article['art_of_blind_deal']} claims",
        f"one claim moves a share by {100 / per_article.max():.0f} to {100 / per_article.min():.0f} percentage points",
    ]


CHECKS = [
    ("01", summit_gaps),
    ("01", us_dprk_per_year),
    ("02", launch_figures),
    ("03", nuclear_test_sizes),
    ("04", cooperation_counts),
    ("05", trade_months),
    ("06", sanctions_decisions),
    ("07", kims_meetings),
    ("09", claim_counts),
]


@pytest.mark.parametrize("lesson, sentences", CHECKS, ids=[f"{lesson}-{f.__name__}" for lesson, f in CHECKS])
def test_prose_numbers_match_the_data(lesson, sentences):
    text = prose(lesson)
    missing = [s for s in sentences() if s not in text]
    assert not missing, f"lesson {lesson}: update the prose to the data: {missing}"
