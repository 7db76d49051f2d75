#!/usr/bin/env python3
"""Export every verdict as schema.org ClaimReview JSON-LD and as a flat CSV.

    python3 tasks.py verdicts           write docs/verdicts/claimreview.jsonld and docs/verdicts/verdicts.csv
    python3 tasks.py verdicts --check   exit 1 if the two files are not up to date with data/

The files are built from data/claims.csv, data/verdicts.csv, data/evidence.csv,
data/articles.csv and data/rubric.csv only, so the same data always give the
same bytes. Where a cited table has a source_quality column, the flat CSV says
whether a verdict rests only on weak rows (secondary or unverified sources).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import poscourse as pc

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "verdicts"
JSONLD = OUT / "claimreview.jsonld"
FLAT = OUT / "verdicts.csv"

COURSE = {
    "@type": "Organization",
    "name": "Position of Strength (course)",
    "description": "An annotated Jupyter notebook course that tests two October 2025 news analyses of Kim Jong Un's silence against documented data.",
}
# The page of the course's site that lists the verdicts; each review's url is an anchor on it.
VERDICTS_PAGE = "verdicts.html"
# Rating scale: 5 supported, 3 partly supported, 1 contradicted. Verdicts off the
# true-false scale get -1; alternateName always carries the verdict in words.
RATING = {
    "supported": 5,
    "partly supported": 3,
    "contradicted": 1,
    "not testable with these data": -1,
    "overtaken by events": -1,
}
WEAK_SOURCES = {"secondary", "unverified"}
NON_PERSON_SPEAKERS = ("Article (unattributed)", "Unnamed analysts", "Unnamed experts")


def _text(value) -> str:
    import pandas as pd

    return "" if value is None or pd.isna(value) else str(value)


def evidence_with_quality() -> pc.pd.DataFrame:
    """evidence.csv with each cited row's source_quality, where its table has that column."""
    return pc.evidence_quality()


def rests_on_weak_rows(evidence) -> dict[str, str]:
    """Per claim: 'yes' if every supporting or contradicting row with a known quality is weak, 'no' if not, '' if unknown."""
    result = {}
    deciding = evidence[evidence["relation"].astype(str) != "context"]
    for claim_id, rows in deciding.groupby("claim_id"):
        known = rows["source_quality"].dropna().astype(str)
        if known.empty:
            result[claim_id] = ""
        else:
            result[claim_id] = "yes" if known.isin(WEAK_SOURCES).all() else "no"
    return result


def build() -> tuple[str, str]:
    claims = pc.load("claims").set_index("claim_id")
    verdicts = pc.load("verdicts")
    articles = pc.load("articles").set_index("article_id")
    evidence = evidence_with_quality()
    weak = rests_on_weak_rows(evidence)
    rows_by_claim = evidence.groupby("claim_id")

    reviews, flat = [], []
    for v in verdicts.itertuples(index=False):
        claim = claims.loc[v.claim_id]
        article = articles.loc[claim["article_id"]]
        speaker = _text(claim["speaker"])
        affiliation = _text(claim["speaker_affiliation"])
        if speaker in NON_PERSON_SPEAKERS:
            author = {"@type": "Organization", "name": f"{speaker}, in {article['outlet']}"}
        else:
            author = {"@type": "Person", "name": speaker}
            if affiliation:
                author["affiliation"] = {"@type": "Organization", "name": affiliation}
        # Neither article's day of publication is verified (articles.csv): give the month only.
        published = _text(article["published"])[:10] or "2025-10"
        verdict = str(v.verdict)
        reviews.append(
            {
                "@type": "ClaimReview",
                "@id": f"{VERDICTS_PAGE}#{v.claim_id}",
                "url": f"{VERDICTS_PAGE}#{v.claim_id}",
                "identifier": v.claim_id,
                "claimReviewed": _text(claim["claim"]),
                "itemReviewed": {
                    "@type": "Claim",
                    "author": author,
                    "datePublished": published,
                    "appearance": {
                        "@type": "NewsArticle",
                        "url": _text(article["url"]),
                        "headline": _text(article["headline"]),
                        "publisher": {"@type": "Organization", "name": _text(article["outlet"])},
                    },
                },
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": RATING[verdict],
                    "bestRating": 5,
                    "worstRating": 1,
                    "alternateName": verdict,
                    "ratingExplanation": _text(v.evidence),
                },
                "author": COURSE,
                "datePublished": v.reviewed.strftime("%Y-%m-%d"),
            }
        )
        cited = rows_by_claim.get_group(v.claim_id) if v.claim_id in rows_by_claim.groups else evidence.iloc[0:0]
        flat.append(
            {
                "claim_id": v.claim_id,
                "claim": _text(claim["claim"]),
                "speaker": speaker,
                "article": f"{article['outlet']}: {article['headline']}",
                "verdict": verdict,
                "rule": v.rule,
                "evidence": _text(v.evidence),
                "evidence_rows": "; ".join(f"{r.dataset}:{r.row_key} ({r.relation})" for r in cited.itertuples()),
                "rests_on_weak_rows": weak.get(v.claim_id, ""),
            }
        )
    jsonld = json.dumps({"@context": "https://schema.org", "@graph": reviews}, indent=2, ensure_ascii=False) + "\n"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(flat[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(flat)
    return jsonld, buffer.getvalue()


def main(argv: list[str]) -> int:
    try:
        jsonld, flat = build()
    except (pc.CourseError, KeyError) as err:  # bad data: one line, no traceback
        print(f"[course] error: cannot export the verdicts: {type(err).__name__}: {err}", file=sys.stderr)
        return 1
    if "--check" in argv:
        stale = [
            p.relative_to(ROOT).as_posix()
            for p, text in ((JSONLD, jsonld), (FLAT, flat))
            if not p.exists() or p.read_text(encoding="utf-8") != text
        ]
        if stale:
            print(f"[course] out of date: {', '.join(stale)}; run `python3 tasks.py verdicts`", file=sys.stderr)
            return 1
        print("[course] docs/verdicts is up to date")
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    JSONLD.write_text(jsonld, encoding="utf-8")
    FLAT.write_text(flat, encoding="utf-8")
    print(f"[course] wrote {JSONLD.relative_to(ROOT).as_posix()} and {FLAT.relative_to(ROOT).as_posix()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
