"""Sources: every row cites a publisher or says why not, 'verified' means the source was
seen, each resolution row cites its own resolution, and launch distances follow the
JCS-first rule with North Korea's claims kept apart.

The rules themselves live in tools/sources.py; the data-quality table in the codebook
is generated from the same columns by tools/codebook.py.
"""

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from tools import codebook
from tools import sources as src

DATA = Path(__file__).resolve().parents[1] / "data"
PACKAGE = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
QUALITY_TABLES = [
    r["name"] for r in PACKAGE["resources"] if "source_quality" in {f["name"] for f in r["schema"]["fields"]}
]
# Each table's column that says what the row is about (for the word-overlap check).
EVENT_TEXT = {
    "events": "title",
    "russia_cooperation": "title",
    "leader_meetings": "counterpart",
    "other_launches": "system",
}
DATE_COLUMN = {
    "events": "date",
    "missile_launches": "date_kst",
    "china_trade_monthly": "month",
    "russia_cooperation": "date",
}


def rows(name: str) -> list[dict]:
    """A table's rows as raw strings, with their line numbers in the file."""
    with open(DATA / f"{name}.csv", encoding="utf-8", newline="") as f:
        return [dict(r, _line=i + 2) for i, r in enumerate(csv.DictReader(f))]


def row_id(name: str, row: dict) -> str:
    res = next(r for r in PACKAGE["resources"] if r["name"] == name)
    key = res["schema"]["primaryKey"]
    key = key if isinstance(key, list) else [key]
    return f"line {row['_line']} ({', '.join(row[k] for k in key)})"


# -- the list of domains that are not publishers --------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://dev-v4.freemalaysiatoday.com/category/business/2026/01/20/china-north-korea-trade",
        "https://news.charm-retirement.com/china-north-korea-trade-falls-5-in-2024",
        "https://www.europesays.com/1621224",
        "https://bnnbreaking.com/world/asia/north-korea-china-trade-tumbles",
        "http://www.chetecut.com/cheteQiaFengHaoHun/read_498.html",
        "https://buechel-atombombenfrei.jimdofree.com/international/sipri-2019/",
        "https://it.sputniknews.com/mondo/201801185528590-scienziati-teste-nucleari-nordcorea/",
        "https://tingchao.xyz/index.php?rest_route=%2Fwp%2Fv2%2Fposts%2F15782",
        "https://pano.news/news/world/2026/03/15/north-korea-fires-10-ballistic-missiles-during-u-s-south-korea-drills",
        "https://www.thepostnews.net/2025/10/31/north-korea-and-belarus-pledge-to-strengthen-ties-across-all-sectors",
    ],
)
def test_known_non_publishers_are_listed(url):
    assert src.not_publisher(url), f"{src.domain(url)} should be in NOT_PUBLISHERS"


@pytest.mark.parametrize(
    "url", ["https://en.yna.co.kr/view/AEN1", "https://press.un.org/en/2019/sc13772.doc.htm", "https://fas.org/x"]
)
def test_publishers_are_not_listed(url):
    assert src.not_publisher(url) is None


@pytest.mark.parametrize("name", QUALITY_TABLES)
def test_no_row_cites_a_non_publisher_unless_marked_secondary_with_a_reason(name):
    bad = []
    for r in rows(name):
        for col in src.URL_COLUMNS:
            reason = src.not_publisher(r.get(col) or "")
            if reason and not (r["source_quality"] == "secondary" and r["verification"].strip()):
                bad.append(f"{row_id(name, r)} cites {src.domain(r[col])} ({reason}) as {r['source_quality']}")
    assert not bad, (
        f"{name}: rows citing a non-publisher must be source_quality=secondary with a reason:\n" + "\n".join(bad[:10])
    )


# -- honest quality fields ---------------------------------------------------------------


@pytest.mark.parametrize("name", QUALITY_TABLES)
def test_quality_and_verified_agree(name):
    bad = []
    for r in rows(name):
        q, v, how = r["source_quality"], r["source_verified"], r["verification"]
        if q not in src.QUALITY:
            bad.append(f"{row_id(name, r)}: unknown source_quality {q!r}")
        if q in ("original", "reputable_report") and v != "true":
            bad.append(f"{row_id(name, r)}: {q} but not verified")
        if q == "unverified" and v == "true":
            bad.append(f"{row_id(name, r)}: unverified but marked verified")
        if v == "true" and not re.search(r"\d{4}-\d{2}-\d{2}", how):
            bad.append(f"{row_id(name, r)}: verified without saying how and when (verification column)")
    assert not bad, f"{name}:\n" + "\n".join(bad[:10])


def test_the_word_overlap_check_rejects_a_source_about_another_story():
    housing = "New homes for bereaved families of the Ukraine war dead: Kim inspects the district"
    dealership = "North Korea builds 2nd private car dealership gaming center in elite district"
    url = (
        "https://www.nknews.org/2026/01/north-korea-builds-2nd-private-car-dealership-gaming-center-in-elite-district/"
    )
    assert not src.matches_event(housing, dealership, url)
    assert src.matches_event(
        "Kim moves families of soldiers killed in Ukraine into new Pyongyang housing",
        "Kim Jong Un moves families of Ukraine war dead into new housing complex",
        "https://www.nknews.org/2026/02/kim-jong-un-moves-families-of-ukraine-war-dead-into-new-housing-complex/",
    )


def test_the_word_overlap_check_knows_two_letter_family_names():
    chronology = "Key developments in North Korea-China relations since first Kim-Xi summit"
    url = "https://en.yna.co.kr/view/AEN20190620007300325"
    assert src.matches_event("Xi Jinping", chronology, url)
    assert not src.matches_event("Xi Jinping", "Key developments in North Korea-Russia relations", url)
    assert not src.matches_event("Moon Jae-in", chronology, url)


@pytest.mark.parametrize("name", sorted(EVENT_TEXT))
def test_verified_rows_cite_a_source_about_their_event(name):
    col = EVENT_TEXT[name]
    bad = []
    for r in rows(name):
        if r["source_verified"] != "true":
            continue
        if not any(
            src.matches_event(r[col], r.get(t) or "", r.get(u) or "")
            for t, u in (("source_title", "source_url"), ("source2_title", "source2_url"))
            if r.get(u)
        ):
            bad.append(f"{row_id(name, r)}: {r[col][:60]!r} vs {r['source_title'][:60]!r}")
    assert not bad, (
        f"{name}: verified rows whose sources' titles and slugs share no words with the event:\n" + "\n".join(bad[:10])
    )


# -- UN resolutions ------------------------------------------------------------------------


def test_every_resolution_row_cites_its_own_resolution():
    bad = []
    for r in rows("unsc_resolutions"):
        rid, num = r["resolution_id"], r["number"]
        titles = " ".join(r[c] for c in ("source_title", "source2_title"))
        cited = " ".join(r[c] for c in ("source_title", "source_url", "source2_title", "source2_url"))
        if r["status"] == "vetoed_draft":
            if not re.search(r"veto|fail", titles, re.I):
                bad.append(f"{rid}: no source title names the failed vote")
        elif num not in cited and num not in r["verification"]:
            bad.append(f"{rid}: no source names resolution {num}")
        adopted = set(re.findall(r"adopt\w*\s+resolution\s+(\d{4})", titles, re.I))
        if adopted and num not in adopted:
            bad.append(f"{rid}: a source is the release for resolution {', '.join(sorted(adopted))}")
        for sym in re.findall(r"SC/(\d{4,5})", r["verification"]):
            if f"sc{sym}" not in cited.lower():
                bad.append(f"{rid}: verification names press release SC/{sym}, which the row does not cite")
    assert not bad, "\n".join(bad)


# -- JCS-first distances ---------------------------------------------------------------------


def test_distances_follow_the_jcs_first_rule():
    bad = []
    for r in rows("missile_launches"):
        rid = r["missile_id"]
        basis = r["range_basis"]
        if (r["distance_km"] == "") != (basis == "none"):
            bad.append(f"{rid}: range_basis {basis!r} but distance {r['distance_km']!r}")
        if r["dprk_claimed_range_km"] or r["dprk_claimed_apogee_km"]:
            if basis not in ("jcs", "japan"):
                bad.append(
                    f"{rid}: North Korea's claim is known, so the distance must be the JCS (or else Japan's) figure"
                )
            for ours, claim in (("distance_km", "dprk_claimed_range_km"), ("apogee_km", "dprk_claimed_apogee_km")):
                if r[claim] and r[ours] and float(r[ours]) == float(r[claim]):
                    bad.append(f"{rid}: {ours} equals North Korea's claim ({r[claim]})")
        if basis == "jcs" and "JCS" not in r["note"] + r["verification"]:
            bad.append(f"{rid}: range_basis jcs but neither note nor verification cites a JCS figure")
        if basis == "japan" and "Japan" not in r["note"] + r["verification"]:
            bad.append(f"{rid}: range_basis japan but neither note nor verification cites Japan's figure")
    assert not bad, "\n".join(bad[:15])


@pytest.mark.parametrize(
    "missile_id, jcs_km, claimed_km",
    [
        ("2024-04-01-1", 600, 1000),
        ("2025-01-06-1", 1100, 1500),
        ("2025-11-07-1", 700, None),
        ("2025-10-21-1", 350, None),
        ("2024-10-30-1", 1000, 1001.2),
        ("2017-11-28-1", 960, 950),
    ],
)
def test_launches_the_lessons_cite_carry_the_jcs_distance(missile_id, jcs_km, claimed_km):
    row = next(r for r in rows("missile_launches") if r["missile_id"] == missile_id)
    assert float(row["distance_km"]) == jcs_km and row["range_basis"] == "jcs", row["missile_id"]
    if claimed_km:
        assert float(row["dprk_claimed_range_km"]) == claimed_km


# -- data-quality table and as-of dates -----------------------------------------------------------


def test_codebook_quality_table_matches_the_data():
    text = (DATA / "CODEBOOK.md").read_text(encoding="utf-8")
    levels = list(src.QUALITY)
    for name in QUALITY_TABLES:
        line = next((ln for ln in text.splitlines() if ln.startswith(f"| `{name}` |")), None)
        assert line, f"CODEBOOK.md has no data-quality row for {name}: run python3 tasks.py data"
        cells = [c.strip() for c in line.strip("|").split("|")]
        table = pd.read_csv(DATA / f"{name}.csv", dtype=str, keep_default_na=False)
        counts = Counter(table["source_quality"])
        expected = [str(len(table))] + [str(counts.get(level, 0)) for level in levels]
        expected.append(str((table["source_verified"] == "true").sum()))
        assert cells[2:] == expected, (
            f"{name}: codebook says {cells[2:]}, data give {expected}: run python3 tasks.py data"
        )
    assert codebook.quality_section(PACKAGE) == codebook.quality_section(codebook.load_package())


@pytest.mark.parametrize("name", sorted(DATE_COLUMN))
def test_no_row_is_dated_after_its_tables_as_of_date(name):
    res = next(r for r in PACKAGE["resources"] if r["name"] == name)
    assert res.get("as_of"), f"{name} states no as_of date in datapackage.json"
    dates = pd.to_datetime(pd.read_csv(DATA / f"{name}.csv", dtype=str)[DATE_COLUMN[name]])
    assert dates.max() <= pd.Timestamp(res["as_of"]) + pd.offsets.MonthEnd(0), f"{name}: rows after {res['as_of']}"
