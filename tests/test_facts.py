"""Facts the course's conclusions rest on, and consistency rules across the data.

Each fact here is sourced in the data (see the row's source columns); these
tests make sure an edit to the data cannot silently change them.
"""

import math

import pandas as pd
import pytest

import poscourse as pc


def haversine_km(lat1, lon1, lat2, lon2):
    lat1, lon1, lat2, lon2 = map(math.radians, (lat1, lon1, lat2, lon2))
    a = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def test_six_nuclear_tests_on_their_dates():
    tests = pc.load("nuclear_tests")
    assert tests["date_utc"].dt.strftime("%Y-%m-%d").tolist() == [
        "2006-10-09",
        "2009-05-25",
        "2013-02-12",
        "2016-01-06",
        "2016-09-09",
        "2017-09-03",
    ]


def test_every_nuclear_test_has_two_magnitude_and_two_yield_sources():
    est = pc.load("nuclear_test_estimates")
    magnitudes = est.dropna(subset=["magnitude_mb"]).groupby("test_no")["estimator"].nunique()
    yields = est.dropna(subset=["yield_kt_low"]).groupby("test_no")["estimator"].nunique()
    assert (magnitudes.reindex(range(1, 7), fill_value=0) >= 2).all()
    assert (yields.reindex(range(1, 7), fill_value=0) >= 2).all()
    ranged = est.dropna(subset=["yield_kt_low", "yield_kt_high"])
    assert (ranged["yield_kt_low"] <= ranged["yield_kt_high"]).all()


def test_resolution_2397_adopted_unanimously_on_22_december_2017():
    res = pc.load("unsc_resolutions").set_index("resolution_id")
    assert res.loc["S/RES/2397", "date"] == pd.Timestamp("2017-12-22")
    assert res.loc["S/RES/2397", "votes_for"] == 15


def test_2024_panel_renewal_was_vetoed():
    res = pc.load("unsc_resolutions")
    veto = res[(res["status"] == "vetoed_draft") & (res["date"] == pd.Timestamp("2024-03-28"))]
    assert len(veto) == 1
    assert "Russia" in veto["vetoed_by"].iloc[0]


def preferred_total(month):
    trade = pc.load("china_trade_monthly")
    row = trade[(trade["month"] == pd.Timestamp(month)) & trade["preferred"]]
    assert len(row) == 1, f"exactly one preferred figure for {month}"
    return row["total_usd_m"].iloc[0]


def test_key_monthly_trade_totals():
    assert preferred_total("2025-09-01") == pytest.approx(271, abs=1)
    assert preferred_total("2019-12-01") == pytest.approx(279, abs=1)


def test_september_2025_is_highest_since_december_2019_among_figures_found():
    trade = pc.load("china_trade_monthly")
    preferred = trade[trade["preferred"]].dropna(subset=["total_usd_m"])
    between = preferred[(preferred["month"] > "2019-12-01") & (preferred["month"] < "2025-09-01")]
    assert between["total_usd_m"].max() < preferred_total("2025-09-01")


def test_one_preferred_row_per_month_and_year():
    monthly = pc.load("china_trade_monthly")
    assert (monthly.groupby("month")["preferred"].sum() == 1).all()
    annual = pc.load("china_trade_annual")
    assert (annual.groupby("year")["preferred"].sum() == 1).all()


def test_kst_date_is_utc_date_or_next_day():
    launches = pc.load("missile_launches")
    gap = (launches["date_kst"] - launches["date_utc"]).dt.days
    assert gap.isin([0, 1]).all(), launches.loc[~gap.isin([0, 1]), "missile_id"].tolist()
    timed = launches.dropna(subset=["launch_time_utc"])
    hours = timed["launch_time_utc"].str.slice(0, 2).astype(int)
    expected = (hours >= 15).astype(int)  # 15:00 UTC is midnight KST
    exact = timed["date_precision"].astype(str) == "day"
    assert (gap[timed.index][exact] == expected[exact]).all()


def test_october_and_november_2025_launches_as_reported_by_jcs():
    launches = pc.load("missile_launches")
    oct22 = launches[launches["date_kst"] == pd.Timestamp("2025-10-22")]
    assert len(oct22) >= 1 and (oct22["distance_km"] == 350).all()
    nov7 = launches[launches["date_kst"] == pd.Timestamp("2025-11-07")]
    assert (nov7["distance_km"] == 700).all() and (nov7["data_status"] == "corrected").all()
    cruise = pc.load("other_launches")
    assert (cruise["date_kst"] == pd.Timestamp("2025-10-28")).any()


def test_distances_the_course_computes():
    places = pc.load("places").set_index("place_id")

    def km(a, b):
        return haversine_km(places.at[a, "lat"], places.at[a, "lon"], places.at[b, "lat"], places.at[b, "lon"])

    assert 460 <= km("pyongyang", "gyeongju") <= 475
    assert 440 <= km("chunghwa", "gyeongju") <= 460


def test_key_events_are_dated_and_labelled():
    events = pc.load("events").set_index("event_id")
    key = events[events["key_event"]]
    assert 15 <= len(key) <= 30
    assert key["label"].notna().all()
    assert (key.index.str.slice(0, 10) == key["date"].dt.strftime("%Y-%m-%d")).all()


def test_every_claim_has_a_verdict_with_evidence():
    claims = pc.load("claims")
    verdicts = pc.load("verdicts")
    missing = sorted(set(claims["claim_id"]) - set(verdicts["claim_id"]))
    assert not missing, f"claims without a verdict: {missing}"
    assert (verdicts["evidence"].str.len() >= 20).all()
    untestable = verdicts[verdicts["verdict"] == "not testable with these data"]
    assert untestable["what_would_test"].fillna("").str.len().gt(10).all(), (
        "say what data would test each untestable claim"
    )
