"""Published salary context the pages show beside the portal's own figures, each claim sourced."""

from __future__ import annotations

from dataclasses import dataclass

# The general-PM figures and India's comparison reach the portal through one dated guide,
# KnowledgeHut's "How to Become a Product Manager" by Lindy Quick.
GUIDE = "KnowledgeHut"
GUIDE_YEAR = 2024
# The technical-PM figures and what moves pay come from an unsigned article that names no
# publisher; it dates its figures by year and, implicitly, gives the United States'.
TPM_ARTICLE = "Unsigned salary article (no publisher named)"
TPM_ARTICLE_YEAR = 2024


def attribution_label(*, publisher: str, intermediary: str = "", dated: object = None) -> str:
    """'AmbitionBox via KnowledgeHut, 2024'; 'Research Dive, May 2023'; no date, none shown."""
    text = f"{publisher} via {intermediary}" if intermediary else publisher
    return f"{text}, {dated}" if dated else text


@dataclass(frozen=True)
class Attribution:
    publisher: str
    dated: str
    intermediary: str = ""

    @property
    def label(self) -> str:
        return attribution_label(
            publisher=self.publisher, intermediary=self.intermediary, dated=self.dated
        )


GUIDE_ITSELF = Attribution(GUIDE, str(GUIDE_YEAR))
ECONOMIC_TIMES = Attribution("The Economic Times", str(GUIDE_YEAR), intermediary=GUIDE)
ARTICLE = Attribution(TPM_ARTICLE, str(TPM_ARTICLE_YEAR))


@dataclass(frozen=True)
class Claim:
    """One published statement about PM pay; ``country`` empty: it is not about one country."""

    text: str
    source: Attribution
    country: str = ""


COUNTRY_CLAIMS = (
    Claim(
        "Product managers earn about 246% above the national average salary.",
        ECONOMIC_TIMES,
        country="IN",
    ),
    Claim(
        "About 20,000 product manager jobs were listed on LinkedIn when the guide was written.",
        GUIDE_ITSELF,
        country="IN",
    ),
)

WHAT_MOVES_PAY = (
    Claim(
        "Tech hubs (San Francisco, Seattle, New York, Boston) pay about 20-40% over the "
        "national average.",
        ARTICLE,
    ),
    Claim("London and Berlin pay well, but below the top US hubs.", ARTICLE),
    Claim(
        "Industry: technology and software pay most; finance and healthcare are competitive, "
        "for their regulation and specialist knowledge.",
        ARTICLE,
    ),
    Claim(
        "Company size: large firms pay a higher base and structured bonuses, mid-size firms "
        "balance salary and growth, startups pay a lower base plus equity.",
        ARTICLE,
    ),
    Claim(
        "Total compensation is base salary plus bonus or profit share, equity (stock options, "
        "RSUs) and benefits.",
        ARTICLE,
    ),
    Claim("Technical PMs earn more than non-technical PMs.", ARTICLE),
)


def country_claims(country: str | None) -> list[Claim]:
    """What the sources say about PM pay in ``country`` as a whole."""
    return [claim for claim in COUNTRY_CLAIMS if country and claim.country == country]


@dataclass(frozen=True)
class MarketReport:
    """The market report whose segmentation the insights page borrows."""

    source: Attribution
    base_year: int
    forecast: str
    axes: tuple[str, ...]
    largest: tuple[str, ...]
    fastest: tuple[str, ...]
    # The insights' segments that follow one of the report's axes, with that axis (the
    # portal refines organisation size into four bands); its other segments are its own.
    portal_axes: tuple[tuple[str, str], ...]


MARKET_REPORT = MarketReport(
    source=Attribution("Research Dive", "May 2023"),
    base_year=2021,
    forecast="2022-2031",
    axes=("organisation size", "deployment", "service type", "industry vertical", "region"),
    largest=(
        "large organisations",
        "on-premise deployment",
        "network services",
        "BFSI among industry verticals",
        "North America among regions",
    ),
    fastest=("SMEs", "cloud deployment", "security services"),
    portal_axes=(
        ("industry", "industry vertical"),
        ("region", "region"),
        ("company_size", "organisation size"),
    ),
)
