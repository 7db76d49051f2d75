"""Source-quality rules shared by the data tests and the codebook's data-quality table.

A row's source is judged on two separate questions:

- source_quality: what kind of page the row cites, and whether it was seen
  (`original`, `reputable_report`, `secondary`, `unverified`; see QUALITY);
- source_verified: whether the page's content was seen to support the row
  (the `verification` column says how and when).
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlparse

QUALITY = {
    "original": "The row cites the publisher of the figure or event itself (SIPRI, FAS, the UN, CNS, China's customs "
    "as released, KCNA, a government), and the cited content was seen to support the row.",
    "reputable_report": "The row cites a news organisation or research body reporting the publisher's figure or the "
    "event (Reuters, Yonhap, KBS World, NK News, AP ...), and the cited content was seen to support the row.",
    "secondary": "The row cites an aggregator, a mirror, a re-publisher or a reference work (listed in NOT_PUBLISHERS) "
    "because no original was found; the verification column gives the reason. Use with care.",
    "unverified": "The row's source has not been seen to support it (for example a timeline's URL that was never "
    "opened, or a figure whose page the search did not reach). Treat the row as the compiler's claim.",
}

# Domains that do not publish the figures they carry: aggregators, re-publishers,
# mirrors, development servers, blog platforms and spam sites. A row may cite one
# only as source_quality = secondary, with a reason in its verification column.
NOT_PUBLISHERS = {
    # aggregators and syndication farms
    "bnnbreaking.com": "aggregator (machine-written news)",
    "europesays.com": "aggregator (rewritten wire copy)",
    "devdiscourse.com": "aggregator (wire copy re-posted)",
    "menafn.com": "aggregator (press-release feed)",
    "newsblaze.com": "aggregator (press-release feed)",
    "econotimes.com": "aggregator",
    "kr.investing.com": "aggregator (wire copy re-posted)",
    "news.yahoo.com": "aggregator (wire copy re-posted)",
    "yahoo.com": "aggregator (wire copy re-posted)",
    "koreanewsdigest.com": "aggregator",
    "gephardtdaily.com": "re-publisher (UPI copy)",
    "1913intel.com": "aggregator (copied news)",
    "news24online.com": "aggregator",
    "lexology.com": "aggregator (law-firm notes)",
    "unsanctionsapp.com": "third-party database of UN texts",
    "zawya.com": "aggregator (wire copy re-posted)",
    "nasdaq.com": "aggregator (wire copy re-posted)",
    # development servers, spam and content farms
    "dev-v4.freemalaysiatoday.com": "development server of Free Malaysia Today",
    "news.charm-retirement.com": "spam site re-posting news",
    "chetecut.com": "spam site re-posting news",
    "thepostnews.net": "content farm",
    "hngn.com": "content farm",
    "politicalporch.com": "content farm",
    "offthepress.com": "content farm",
    "truthvoices.com": "content farm",
    "jvim.com": "content farm",
    "republicanpress.org": "content farm",
    "infosurhoy.com": "content farm (re-posted Xinhua copy)",
    # blog platforms and activist pages
    "jimdofree.com": "blog platform (Jimdo)",
    "jimdo.com": "blog platform (Jimdo)",
    "jimdosite.com": "blog platform (Jimdo)",
    "blogspot.com": "blog platform",
    "wordpress.com": "blog platform",
    "medium.com": "blog platform",
    "x.com": "social media post",
    "twitter.com": "social media post",
    # mirrors and reference works
    "it.sputniknews.com": "Sputnik Italia (state-media mirror of figures SIPRI and FAS publish themselves)",
    "sputniknews.com": "Sputnik (state-media mirror of figures others publish)",
    "web.archive.org": "archive copy of another page",
    "github.com": "mirror of a database",
    "en.wikipedia.org": "encyclopedia (reference work, not a publisher of figures)",
    "astronautix.com": "hobbyist reference work",
    "kcnawatch.xyz": "mirror of KCNA Watch",
    "frominsideasia.com": "aggregator (re-posted wire copy)",
    "pano.news": "aggregator (machine summary of several reports)",
    "tingchao.xyz": "content farm (re-posted wire copy)",
    "mundoincrivelbr.com.br": "content farm (unsourced, apparently invented detail)",
}

# Columns that hold the row's URLs.
URL_COLUMNS = ("source_url", "source2_url")

# Words that say nothing about which event a page is about.
GENERIC = set(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "it",
        "its",
        "into",
        "over",
        "after",
        "before",
        "about",
        "than",
        "that",
        "this",
        "these",
        "those",
        "or",
        "not",
        "no",
        "but",
        "his",
        "her",
        "their",
        "new",
        "says",
        "said",
        "say",
        "north",
        "korea",
        "korean",
        "koreas",
        "dprk",
        "nk",
        "kim",
        "jong",
        "un",
        "pyongyang",
        "s",
        "n",
        "news",
        "report",
        "reports",
        "article",
        "view",
        "html",
        "htm",
        "php",
        "amp",
        "www",
        "com",
        "org",
        "co",
        "kr",
        "en",
    ]
)


def domain(url: str) -> str:
    """The host of a URL, without a leading 'www.'."""
    host = urlparse(str(url).strip()).netloc.lower()
    return host.removeprefix("www.")


def not_publisher(url: str) -> str | None:
    """The reason a URL's domain is not a publisher, or None when it is not listed."""
    host = domain(url)
    for listed, reason in NOT_PUBLISHERS.items():
        if host == listed or host.endswith("." + listed):
            return reason
    return None


# Two-letter family names that identify a person on their own (Xi Jinping, Li Qiang,
# Ri Son Gwon): headlines often give only the family name ("Kim-Xi summit"), so these
# count as content words although other words of two letters do not.
SHORT_NAMES = {"xi", "li", "ri"}


def words(text: str) -> set[str]:
    """Content words of a title or URL path, lower case, crude singular."""
    out = set()
    for w in re.split(r"[^a-z0-9]+", unquote(str(text)).lower()):
        if w in SHORT_NAMES:
            out.add(w)
            continue
        if len(w) < 3 or w in GENERIC or w.isdigit():
            continue
        out.add(w[:-1] if w.endswith("s") and len(w) > 4 else w)
    return out


def url_words(url: str) -> set[str]:
    """Content words of a URL's path (its slug), not its host."""
    return words(urlparse(str(url)).path)


def overlap(event: str, source_title: str, url: str) -> set[str]:
    """Content words the row's event shares with its source's title or URL slug."""
    return words(event) & (words(source_title) | url_words(url))


def matches_event(event: str, source_title: str, url: str) -> bool:
    """True when a source plausibly is about the row's event: two shared content words,
    or one when the event itself has at most three."""
    shared = overlap(event, source_title, url)
    return len(shared) >= (1 if len(words(event)) <= 3 else 2)
