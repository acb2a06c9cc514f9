"""Revenue credited to social selling, deal by deal: a figure of each member's score.

Every amount is converted to the report's currency with `rates`.
"""
from __future__ import annotations

import math

from ..model import Config, Deal


def in_report_currency(deal: Deal, config: Config) -> float:
    """The deal's amount converted with `rates` (1 for the report's own currency)."""
    currency = deal.currency or config.currency
    rate = 1.0 if currency == config.currency else config.rates[currency]
    return deal.amount * rate


def credited(deal: Deal, config: Config) -> float:
    """Amount × rate × contribution / 100: the part of the deal social selling earned."""
    return in_report_currency(deal, config) * deal.contribution / 100


def attributed_revenue(deals: list[Deal], config: Config) -> float:
    return math.fsum(credited(d, config) for d in deals if d.status == "won")


def influenced_pipeline(deals: list[Deal], config: Config) -> float:
    return math.fsum(credited(d, config) for d in deals if d.status == "open")
