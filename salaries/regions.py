"""Market regions of DOMAIN.md's segmentation, for grouping postings by where the role is.

North America is the United States, Canada and Mexico (with Greenland, Bermuda and
Saint Pierre and Miquelon); Europe and Asia-Pacific are listed below; every other
country belongs to LAMEA (Latin America, the Middle East and Africa).
"""

from django.db import models


class Region(models.TextChoices):
    NORTH_AMERICA = "north_america", "North America"
    EUROPE = "europe", "Europe"
    ASIA_PACIFIC = "asia_pacific", "Asia-Pacific"
    LAMEA = "lamea", "Latin America, Middle East and Africa"


_NORTH_AMERICA = {"US", "CA", "MX", "GL", "BM", "PM", "UM"}
_EUROPE = {
    "AD", "AL", "AT", "AX", "BA", "BE", "BG", "BY", "CH", "CY", "CZ", "DE", "DK", "EE", "ES",
    "FI", "FO", "FR", "GB", "GG", "GI", "GR", "HR", "HU", "IE", "IM", "IS", "IT", "JE", "LI",
    "LT", "LU", "LV", "MC", "MD", "ME", "MK", "MT", "NL", "NO", "PL", "PT", "RO", "RS", "RU",
    "SE", "SI", "SJ", "SK", "SM", "TR", "UA", "VA"
}  # fmt: skip
_ASIA_PACIFIC = {
    "AF", "AS", "AU", "BD", "BN", "BT", "CC", "CK", "CN", "CX", "FJ", "FM", "GU", "HK", "HM",
    "ID", "IN", "IO", "JP", "KG", "KH", "KI", "KP", "KR", "KZ", "LA", "LK", "MH", "MM", "MN",
    "MO", "MP", "MV", "MY", "NC", "NF", "NP", "NR", "NU", "NZ", "PF", "PG", "PH", "PK", "PN",
    "PW", "SB", "SG", "TH", "TJ", "TK", "TL", "TM", "TO", "TV", "TW", "UZ", "VN", "VU", "WF",
    "WS"
}  # fmt: skip


def region_of(country: str) -> str:
    """The region of an ISO 3166-1 alpha-2 code (upper case)."""
    if country in _NORTH_AMERICA:
        return Region.NORTH_AMERICA
    if country in _EUROPE:
        return Region.EUROPE
    if country in _ASIA_PACIFIC:
        return Region.ASIA_PACIFIC
    return Region.LAMEA
