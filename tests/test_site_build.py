"""The site's generated pages, without building the site (the browser tests check the built site)."""

import csv
import html
import importlib.util
import json
import re
import shutil

import pytest


@pytest.fixture
def builder(root):
    spec = importlib.util.spec_from_file_location("course_site", root / "tools" / "site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def data(root, tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    for name in ("claims.csv", "verdicts.csv", "articles.csv", "lessons.csv"):
        shutil.copy(root / "data" / name, folder / name)
    return folder


def rows(page):
    return re.findall(r"<tr data-lesson=.*?</tr>", page)


def test_verdicts_page_has_every_claim_with_speaker_verdict_and_evidence(root, builder, data, tmp_path):
    path = data / "verdicts.csv"
    table = list(csv.DictReader(path.open(encoding="utf-8")))
    columns = [c for c in table[0] if c != "rule"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(table)
    page = builder.verdicts_page(data, tmp_path / "none.jsonld")
    verdicts = list(csv.DictReader((data / "verdicts.csv").open(encoding="utf-8")))
    claims = {r["claim_id"]: r for r in csv.DictReader((data / "claims.csv").open(encoding="utf-8"))}
    assert len(rows(page)) == len(verdicts) > 0
    first = verdicts[0]
    row = next(r for r in rows(page) if f'id="{first["claim_id"]}"' in r)
    assert first["verdict"] in row and claims[first["claim_id"]]["speaker"].split(" (")[0] in row
    assert "not recorded" in row, "without a rule column the page says the rule is not recorded"
    for name in ("lesson", "verdict", "article"):
        assert f'data-filter="{name}"' in page
    assert "application/ld+json" not in page


def test_verdicts_page_shows_each_verdicts_rule_with_its_text(builder, data, root, tmp_path):
    shutil.copy(root / "data" / "rubric.csv", data / "rubric.csv")
    rubric = {r["rule_id"]: r["rule"] for r in csv.DictReader((data / "rubric.csv").open(encoding="utf-8"))}
    verdicts = list(csv.DictReader((data / "verdicts.csv").open(encoding="utf-8")))
    page = builder.verdicts_page(data, tmp_path / "none.jsonld")
    for rule in {v["rule"] for v in verdicts}:
        shown = f"{rule}: {html.escape(rubric[rule])}"
        assert page.count(shown) == sum(v["rule"] == rule for v in verdicts), f"rule {rule} is not shown with its text"


def test_verdicts_page_embeds_claimreview_when_exported(builder, data, tmp_path):
    export = tmp_path / "claimreview.jsonld"
    review = [
        {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "claimReviewed": "x </script> y",
            "reviewRating": {"@type": "Rating", "alternateName": "partly supported"},
        }
    ]
    export.write_text(json.dumps(review))
    page = builder.verdicts_page(data, export)
    block = re.search(r'<script type="application/ld\+json" id="claimreview">(.*?)</script>', page, re.S)
    assert block, "the ClaimReview export is not embedded"
    assert json.loads(block.group(1)) == review, "the embedded JSON-LD differs from the export"
    export.write_text("{not json")
    with pytest.raises(SystemExit, match="not valid JSON"):
        builder.verdicts_page(data, export)


def test_links_to_files_outside_the_site_point_at_the_repository(root, builder, tmp_path):
    staged = tmp_path / "index.md"
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "00_start_here.ipynb").write_text("{}")
    text = "[lesson](notebooks/00_start_here.ipynb) [licence](LICENSE) [web](https://example.org) [top](#tests)"
    out = builder.rewrite_links(text, root / "README.md", staged, "https://github.com/o/r")
    assert "(notebooks/00_start_here.ipynb)" in out
    assert "(https://github.com/o/r/blob/main/LICENSE)" in out
    assert "(https://example.org)" in out and "(#tests)" in out


def test_data_as_of_comes_from_the_data_package(root):
    spec = importlib.util.spec_from_file_location("site_conf", root / "site" / "conf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    package = json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    year, month, day = package["data_as_of"].split("-")
    assert conf.DATA_AS_OF.startswith(str(int(day))) and conf.DATA_AS_OF.endswith(year)
    assert f"Data as of {conf.DATA_AS_OF}" in conf.html_theme_options["announcement"]
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert f"Data as of {conf.DATA_AS_OF}" in readme, "the README's data-as-of date differs from data/datapackage.json"
