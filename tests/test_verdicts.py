"""The verdict rubric's mechanical parts, checked on the data.

Every verdict cites an existing rule; a claim with contradicting evidence is
'contradicted' unless its rule says why such evidence may stand; every 'not
testable' names the data that would test it; every evidence row cites a key
that exists in its table; the ClaimReview export is complete and up to date;
and no stored table in a lesson or solution cuts text with an ellipsis.
"""

import json
import re
from pathlib import Path

import pandas as pd
import pytest

import poscourse as pc
from tools import verdicts as export

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def verdicts():
    return pc.load("verdicts")


@pytest.fixture(scope="module")
def rubric():
    return pc.load("rubric").set_index("rule_id")


@pytest.fixture(scope="module")
def evidence():
    return pc.load("evidence")


def rule_problems(verdicts, rubric):
    problems = []
    for v in verdicts.itertuples():
        if v.rule not in rubric.index:
            problems.append(f"{v.claim_id}: rule {v.rule!r} is not in rubric.csv")
        elif str(rubric.loc[v.rule, "verdict"]) != str(v.verdict):
            problems.append(f"{v.claim_id}: rule {v.rule} decides {rubric.loc[v.rule, 'verdict']!r}, not {v.verdict!r}")
    return problems


def contradiction_problems(verdicts, rubric, evidence):
    contradicted_claims = set(evidence.loc[evidence["relation"] == "contradicts", "claim_id"])
    problems = []
    for v in verdicts[verdicts["claim_id"].isin(contradicted_claims)].itertuples():
        if v.verdict == "contradicted":
            continue
        reason = rubric["contradicting_evidence_allowed"].get(v.rule)
        if pd.isna(reason) or not str(reason).strip():
            problems.append(
                f"{v.claim_id}: evidence contradicts it, but it is {v.verdict!r} under rule {v.rule}, which gives no reason"
            )
    return problems


def untestable_problems(verdicts):
    untestable = verdicts[verdicts["verdict"] == "not testable with these data"]
    missing = untestable[untestable["what_would_test"].fillna("").str.len() < 20]
    return [f"{c}: 'not testable' must name the data that would test it" for c in missing["claim_id"]]


def key_problems(evidence):
    problems = []
    for dataset, rows in evidence.groupby("dataset", observed=True):
        table = pc.load(str(dataset))
        key_columns = pc.resource(str(dataset))["schema"]["primaryKey"]
        as_text = table[key_columns].apply(
            lambda col: (
                col.dt.strftime("%Y-%m-%d") if pd.api.types.is_datetime64_any_dtype(col) else col.astype("string")
            )
        )
        keys = set(as_text.agg("|".join, axis=1))
        for key in rows["row_key"]:
            if key not in keys:
                problems.append(f"evidence cites {dataset}:{key}, which is not a row of {dataset}")
    return problems


def test_every_verdict_cites_an_existing_rule_of_its_level(verdicts, rubric):
    assert rule_problems(verdicts, rubric) == []


def test_contradicting_evidence_means_contradicted_unless_the_rule_says_why(verdicts, rubric, evidence):
    assert contradiction_problems(verdicts, rubric, evidence) == []


def test_every_not_testable_names_the_data_that_would_test_it(verdicts):
    assert untestable_problems(verdicts) == []


def test_every_evidence_row_key_exists_in_its_table(evidence):
    assert key_problems(evidence) == []


def test_every_claim_has_a_verdict_and_evidence_only_for_known_claims(verdicts, evidence):
    claims = set(pc.load("claims")["claim_id"])
    assert set(verdicts["claim_id"]) == claims
    assert set(evidence["claim_id"]) <= claims


def test_split_claims_keep_their_source(verdicts):
    claims = pc.load("claims")
    split = claims[claims["parent_claim"].notna()]
    assert len(split) > 0
    for parent, parts in split.groupby("parent_claim"):
        assert len(parts) >= 2, f"{parent} was split into one part"
        assert parts["article_id"].nunique() == 1 and parts["speaker"].nunique() == 1, parent
        assert all(cid.startswith(parent) for cid in parts["claim_id"]), parent
    assert not (set(split["parent_claim"]) & set(claims["claim_id"])), "a split claim's old id is still a claim"


# --- the checks above must be able to fail -----------------------------------------


def test_checks_catch_broken_verdicts(verdicts, rubric, evidence):
    broken = verdicts.copy()
    c44a = broken.index[broken["claim_id"] == "C44a"][0]
    broken.loc[c44a, ["verdict", "rule"]] = ["partly supported", "P1"]
    assert contradiction_problems(broken, rubric, evidence) == [
        "C44a: evidence contradicts it, but it is 'partly supported' under rule P1, which gives no reason"
    ]
    broken.loc[c44a, "rule"] = "Z9"
    assert "C44a: rule 'Z9' is not in rubric.csv" in rule_problems(broken, rubric)
    untestable = broken.index[broken["verdict"] == "not testable with these data"][0]
    broken.loc[untestable, "what_would_test"] = ""
    assert len(untestable_problems(broken)) == 1
    bad_row = pd.DataFrame(
        [
            {
                "claim_id": "C01",
                "dataset": "events",
                "row_key": "2025-10-32-no-such-event",
                "relation": "supports",
                "note": "",
            }
        ]
    )
    assert key_problems(pd.concat([evidence, bad_row])) == [
        "evidence cites events:2025-10-32-no-such-event, which is not a row of events"
    ]


# --- verdicts as data ----------------------------------------------------------------


def test_claimreview_has_the_required_fields():
    graph = json.loads((ROOT / "docs/verdicts/claimreview.jsonld").read_text(encoding="utf-8"))
    assert graph["@context"] == "https://schema.org"
    reviews = graph["@graph"]
    assert len(reviews) == len(pc.load("verdicts"))
    for review in reviews:
        assert review["@type"] == "ClaimReview"
        for key in ("claimReviewed", "url", "datePublished", "author", "itemReviewed", "reviewRating"):
            assert review.get(key), f"{review.get('identifier')}: no {key}"
        item = review["itemReviewed"]
        assert item["@type"] == "Claim" and item["author"]["name"] and item["datePublished"]
        assert item["appearance"]["url"].startswith("https://")
        rating = review["reviewRating"]
        for key in ("ratingValue", "bestRating", "worstRating", "alternateName"):
            assert key in rating, f"{review['identifier']}: rating has no {key}"
        assert rating["alternateName"] in pc.VERDICT_COLORS
        assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", item["datePublished"])


def test_exported_verdicts_are_up_to_date():
    jsonld, flat = export.build()
    assert (ROOT / "docs/verdicts/claimreview.jsonld").read_text(encoding="utf-8") == jsonld, (
        "run python3 tasks.py verdicts"
    )
    assert (ROOT / "docs/verdicts/verdicts.csv").read_text(encoding="utf-8") == flat, "run python3 tasks.py verdicts"


def test_weak_rows_are_flagged_when_source_quality_is_known(monkeypatch):
    real_load = pc.load

    def load_with_quality(name):
        table = real_load(name)
        if name == "events":
            table = table.assign(source_quality="unverified")
        if name == "russia_cooperation":
            table = table.assign(source_quality="original")
        if name.startswith("china_trade"):
            table = table.drop(columns="source_quality", errors="ignore")
        return table

    monkeypatch.setattr(pc.data, "load", load_with_quality)  # the loader pc.evidence_quality() calls
    weak = export.rests_on_weak_rows(export.evidence_with_quality())
    assert weak["C44a"] == "yes"  # rests on one events row only
    assert weak["C26"] == ""  # trade rows: no source_quality column in this test
    assert weak["C23"] == "no"  # an events row and two original Russia rows
