"""The report's fixed words, translated once per build."""
from __future__ import annotations

from dataclasses import dataclass

from ..i18n import PILLAR_NAMES, PILLAR_SHORT, STAGE_NAMES, STATUS_NAMES
from ..model import PILLARS

GROUPS = ("team", "industry", "network")


@dataclass(frozen=True)
class Labels:
    gettext: object
    ngettext: object
    pillar_names: dict[str, str]
    pillar_short: dict[str, str]
    stage_names: dict[str, str]
    status_names: dict[str, str]
    group_names: dict[str, str]

    @classmethod
    def of(cls, translations) -> "Labels":
        _ = translations.gettext
        return cls(
            gettext=_,
            ngettext=translations.ngettext,
            pillar_names={p: _(PILLAR_NAMES[p]) for p in PILLARS},
            pillar_short={p: _(PILLAR_SHORT[p]) for p in PILLARS},
            stage_names={k: _(v) for k, v in STAGE_NAMES.items()},
            status_names={k: _(v) for k, v in STATUS_NAMES.items()},
            group_names={"team": _("Team average"), "industry": _("Industry average"),
                         "network": _("Network average")},
        )
