"""Every table of the content folder, declared once: its files, fields, defaults and rules.

Read a table here to know what it accepts; docs/format.md says the same to the people who
write the data (a test checks that both name the same fields). The loaders read records
with `validate.py` and build the model; they hold no rule of their own.
"""
from __future__ import annotations

from collections import Counter

from ..errors import did_you_mean
from ..i18n import LOCALES
from ..model import PILLARS, STAGES, Band
from .fields import Field, Known, Rule, Section, Table, choice
from .rules import (currency_has_a_rate, logo_is_an_asset, parse_asset_name,
                    refers_to_members)
from .goals import GOALS, goals_are_for_members
from .surveys import (answer_fits_the_question, dated_before_or_after, parse_answer,
                      parse_questions, question_is_asked)
from .kinds import (MAX_AMOUNT, Invalid, counts_by_member, list_of, parse_bands,
                    parse_bool, parse_color, parse_contact, parse_currency, parse_date,
                    parse_email, parse_http_url, parse_https_url, parse_id, parse_int,
                    parse_number, parse_position, parse_rates, parse_text, short_text)

TEXT = Field(parse_text)
NAME = Field(short_text(200))
BOOL = Field(parse_bool)
DATE = Field(parse_date)
COUNT = Field(parse_int, min=0)
PILLAR = Field(parse_number, min=0, max=25)
SCORE = Field(parse_number, min=0, max=100)
TOP_PCT = Field(parse_number, min=0, max=100, min_exclusive=True)
MEMBER_ID = Field(parse_id)


# -- ssigen.yml ----------------------------------------------------------------------------

DEFAULT_BANDS = (Band(0, "foundations missing"), Band(50, "foundations in place"),
                 Band(70, "active social seller"), Band(80, "expert"))

CONFIG = Table(
    name="ssigen.yml", doc="the project's settings", files=("ssigen.yml",),
    fields={
        "title": Field(parse_text, "the report's title", required=True),
        "client": TEXT.with_doc("the organisation audited"),
        "prepared_by": TEXT.with_doc("the consultant or firm shown in the footer"),
        "contact": Field(parse_contact, "a web or e-mail address shown in the footer"),
        "locale": choice(*LOCALES, doc="the language of every word of the report",
                         default="en"),
        "currency": Field(parse_currency, "the report's currency", default="EUR"),
        "rates": Field(parse_rates, "how many units of `currency` one unit of another "
                       "currency is worth", default={}),
        "as_of": DATE.with_doc("the report's today (default: the latest snapshot's date)"),
        "bands": Field(parse_bands, "named score levels, lowest first",
                       default=DEFAULT_BANDS),
        "activity_window_days": Field(parse_int, "the days that activity counts cover",
                                      min=1, default=30),
        "site_url": Field(parse_http_url, "the site's address once published"),
        "anonymize": Field(parse_bool, "pseudonyms instead of names and ids", default=False),
        "pdf": Field(parse_bool, "also write PDF reports: one per person, and the team's",
                     default=False),
        "sales_navigator": Section({
            "eligibility_ssi": SCORE.with_doc("the SSI from which a seller may hold a Sales "
                                              "Navigator seat"),
            "min_active_days": Field(parse_int, "a seat used on fewer days of the activity "
                                     "window is flagged as little used", min=0, default=4),
        }, "how the adoption page judges Sales Navigator seats"),
        "decision_maker_words": Field(list_of(parse_text), "words of a job title that make a "
                                      "connection a decision maker, beyond ssigen's own",
                                      default=()),
        "brand": Section({
            "logo": Field(parse_asset_name, "a file of the content folder's assets/"),
            "primary_color": Field(parse_color, "the report's main colour, as #rrggbb"),
        }, "the consultant's branding", rules=(
            Rule("the logo is a file of assets/", "logo", ("logo",), logo_is_an_asset),)),
    })


# -- members -------------------------------------------------------------------------------

MEMBERS = Table(
    name="members", doc="the people measured, one row each",
    files=("members.csv", "members.xlsx", "members.yml", "members.yaml"), folder="members",
    key="id", stem_key=True,
    fields={
        "id": Field(parse_id, "the member's stable key, also their page's file name",
                    required=True),
        "name": Field(short_text(200), "the member's name", required=True),
        "title": NAME.with_doc("job title"),
        "team": NAME.with_doc("the team the member belongs to"),
        "industry": NAME.with_doc("the member's industry"),
        "manager": MEMBER_ID.with_doc("the member's manager, a member id"),
        "linkedin_url": Field(parse_https_url, "the member's LinkedIn profile"),
        "email": Field(parse_email, "the member's e-mail address, to match rows of team "
                       "exports (never shown in the report)"),
        "seat": BOOL.with_doc("holds a Sales Navigator seat (default: the member's latest "
                              "activity snapshot has Sales Navigator counts)"),
    },
    unique=("email",),
    rules=(refers_to_members("manager"),))


# -- snapshots -----------------------------------------------------------------------------

def _total_is_the_sum(values: dict, _known: Known):
    total = values.get("total")
    if total is None:
        return None
    pillar_sum = sum(values[p] for p in PILLARS)
    if abs(total - pillar_sum) > 0.5 + 1e-9:
        return (f"total {total:g} differs from the sum of the four pillars "
                f"({pillar_sum:.2f}) by more than 0.5")
    return None


PILLAR_DOCS = {"brand": "Establish your professional brand", "people": "Find the right people",
               "insights": "Engage with insights", "relationships": "Build relationships"}
GROUPS = {"industry": "the member's industry", "network": "the member's network"}

SSI = Section({
    **{p: Field(parse_number, f"the pillar '{PILLAR_DOCS[p]}', 0–25", required=True, min=0,
                max=25) for p in PILLARS},
    "total": SCORE.with_doc("the SSI, 0–100: the sum of the four pillars"),
    **{f"{g}_ssi": SCORE.with_doc(f"the average SSI of {who}") for g, who in GROUPS.items()},
    **{f"{g}_top_pct": TOP_PCT.with_doc(f"the member's 'top x %' in {who}")
       for g, who in GROUPS.items()},
    **{f"{g}_size": COUNT.with_doc(f"how many people {who} counts")
       for g, who in GROUPS.items()},
    "industry_name": NAME.with_doc("the industry LinkedIn ranked the member in"),
    # ssigen's compatible extension: the group's pillar averages, as LinkedIn's SSI response
    # gives them, so pillar bars can carry industry and network marks.
    **{f"{g}_{p}": PILLAR.with_doc(f"the average '{PILLAR_DOCS[p]}' of {who}")
       for g, who in GROUPS.items() for p in PILLARS},
}, "the figures of LinkedIn's SSI page", rules=(
    Rule("total, when given, is the sum of the four pillars within 0.5", "total",
         ("total", *PILLARS), _total_is_the_sum),))

PROFILE_BOOLS = {"photo": "a profile photo", "banner": "a background banner",
                 "custom_url": "a custom profile URL", "contact_info": "contact details",
                 "location": "a location", "industry": "an industry"}
PROFILE_TEXTS = {"headline": "the headline", "about": "the About section"}
PROFILE_COUNTS = {"past_positions": "past positions listed", "education": "schools listed",
                  "skills": "skills listed", "endorsements": "endorsements received",
                  "recommendations": "recommendations received",
                  "featured": "featured items", "certifications": "certifications listed",
                  "languages": "languages listed"}
PROFILE = Section({
    **{n: BOOL.with_doc(f"the profile shows {what}") for n, what in PROFILE_BOOLS.items()},
    **{n: TEXT.with_doc(f"the text of {what}") for n, what in PROFILE_TEXTS.items()},
    "current_position": Field(parse_position, "a current position (true, or its title "
                              "and description)"),
    **{n: COUNT.with_doc(f"how many {what}") for n, what in PROFILE_COUNTS.items()},
}, "the state of the LinkedIn profile")

ACTIVITY_TOTALS = {"connections": "connections", "followers": "followers",
                   "decision_maker_connections": "connections who decide purchases",
                   "colleague_connections": "connections who are colleagues",
                   "group_memberships": "groups joined"}
ACTIVITY_COUNTS = {"invitations_sent": "invitations sent",
                   "invitations_accepted": "invitations accepted",
                   "posts": "posts published", "articles": "articles published",
                   "comments": "comments written", "reactions": "reactions given",
                   "shares": "posts shared", "group_posts": "posts in groups",
                   "inmails_sent": "InMails sent", "inmails_replied": "InMails answered",
                   "searches": "searches run", "profile_views": "profiles viewed",
                   "leads_saved": "leads saved", "accounts_saved": "accounts saved",
                   "profile_views_received": "views of the member's profile",
                   "post_impressions": "impressions of the member's posts",
                   "messages_received": "messages received",
                   "active_days": "days with any activity"}
ACTIVITY = Section({
    **{n: COUNT.with_doc(f"total {what}") for n, what in ACTIVITY_TOTALS.items()},
    **{n: COUNT.with_doc(f"{what} in the activity window")
       for n, what in ACTIVITY_COUNTS.items()},
}, "counts over the activity window before the snapshot's date")

SECTIONS = ("ssi", "profile", "activity")
SOURCES = ("linkedin-archive", "sales-navigator")   # what `ssigen import` writes in `source`


def _has_a_section(values: dict, _known: Known):
    if not any(map(values.get, SECTIONS)):
        return "snapshot has no section: expected ssi.*, profile.* or activity.* fields"
    return None


SNAPSHOTS = Table(
    name="snapshots", doc="what was known of one member on one day; records of the same "
    "member and date merge, each section at most once", folder="snapshots", recursive=True,
    fields={
        "member": Field(parse_id, "whose snapshot it is, a member id", required=True),
        "date": Field(parse_date, "the day it describes", required=True),
        "ssi": SSI,
        "profile": PROFILE,
        "activity": ACTIVITY,
        "source": choice(*SOURCES, doc="what wrote the record (`ssigen import`); absent: typed "
                         "by hand"),
    },
    rules=(refers_to_members("member"),
           Rule("a snapshot has at least one section", None, SECTIONS, _has_a_section,
                at_record=True)))


# -- deals ---------------------------------------------------------------------------------

def _no_stage_no_contribution(values: dict, _known: Known):
    if values["stage"] == "none" and values["contribution"] != 0:
        return ("must be 0 when stage is 'none' (or absent)",
                "give the stage where social selling was decisive")
    return None


DEALS = Table(
    name="deals", doc="deals and the share of each that sellers credit to social selling",
    files=("deals.csv", "deals.xlsx", "deals.yml", "deals.yaml"), folder="deals", key="id",
    fields={
        "id": Field(short_text(200), "the deal's unique key", required=True),
        "member": Field(parse_id, "the seller, a member id", required=True),
        "account": NAME.with_doc("the customer"),
        "amount": Field(parse_number, "the deal's amount", required=True, min=0,
                        max=MAX_AMOUNT),
        "currency": Field(parse_currency, "the amount's currency (default: the report's)"),
        "status": choice("won", "open", "lost", doc="where the deal stands", default="won"),
        "date": Field(parse_date, "signed, lost or last updated", required=True),
        "stage": choice(*STAGES, doc="where in the sales cycle social selling was decisive",
                        default="none"),
        "contribution": Field(parse_number, "the share of the deal credited to social "
                              "selling, 0–100", min=0, max=100, default=0.0),
        "meetings": COUNT.with_doc("meetings obtained through social selling"),
        "verbatim": TEXT.with_doc("the seller's own words on how social selling helped"),
        "name": NAME.with_doc("the deal's name in the CRM"),
        "interviewed": DATE.with_doc("the day the seller was interviewed about the deal"),
        "source": choice("crm", doc="what wrote the deal: `ssigen import` of a CRM export; "
                         "absent: typed by hand"),
    },
    rules=(refers_to_members("member"),
           Rule("a deal in another currency needs a rate in ssigen.yml", "currency",
                ("currency",), currency_has_a_rate),
           Rule("contribution is 0 when stage is none", "contribution",
                ("stage", "contribution"), _no_stage_no_contribution)))


# -- cohorts -------------------------------------------------------------------------------

def _ends_after_start(values: dict, _known: Known):
    if values["start"] > values["end"]:
        return f"ends ({values['end']}) before it starts ({values['start']})"
    return None


def _listed_once(values: dict, _known: Known):
    counts = Counter(values["members"])
    return [("members", f"'{member_id}' is listed more than once; counted once", None)
            for member_id in sorted(m for m, n in counts.items() if n > 1)]


def _team_exists(values: dict, known: Known):
    team = values.get("team")
    if team is not None and team not in known.teams:
        return (f"unknown team '{team}'",
                did_you_mean(team, known.teams) or "teams come from members' 'team'")
    return None


def _members_or_team(values: dict, _known: Known):
    if values.get("team") is None and not values["members"]:
        return "a cohort needs 'members' (a list of ids) or 'team'"
    return None


COHORTS = Table(
    name="cohorts", doc="training programmes, to compare SSI before and after",
    files=("cohorts.yml", "cohorts.yaml"), folder="cohorts", key="id",
    fields={
        "id": Field(parse_id, "the cohort's stable key, also its page's file name",
                    required=True),
        "name": Field(short_text(200), "the programme's name", required=True),
        "start": Field(parse_date, "the first day of training", required=True),
        "end": Field(parse_date, "the last day of training", required=True),
        "members": Field(list_of(parse_id), "the members trained, a list of ids",
                         default=()),
        "team": TEXT.with_doc("a team name: every member of that team is trained"),
        "sessions": COUNT.with_doc("training sessions planned"),
        "attendance": Field(counts_by_member, "sessions each member attended", default={}),
        "coaching": Field(counts_by_member, "coaching sessions each member had", default={}),
        "compare_at": DATE.with_doc("the 'after' date (default: as_of)"),
        "goals": GOALS,
        "questions": Field(parse_questions, "the cohort's survey: each question's id, text "
                           "and kind (scale 1–5, yes_no or text)", default=()),
    },
    rules=(Rule("a cohort ends on or after its start", "end", ("start", "end"),
                _ends_after_start),
           Rule("a member is listed once", "members", ("members",), _listed_once,
                severity="warning"),
           Rule("the team is the team of some member", "team", ("team",), _team_exists),
           Rule("a cohort has members or a team", "members", ("members", "team"),
                _members_or_team, at_record=True),
           refers_to_members("members"), refers_to_members("attendance"),
           refers_to_members("coaching"),
           Rule("a goal is for a member of the cohort", "goals", ("members", "team", "goals"),
                goals_are_for_members)))


# -- surveys -------------------------------------------------------------------------------

SURVEYS = Table(
    name="surveys", doc="what the members of a cohort answered to its questions, one answer "
    "per row", files=("surveys.csv", "surveys.xlsx", "surveys.yml", "surveys.yaml"),
    folder="surveys",
    fields={
        "member": Field(parse_id, "who answered, a member id", required=True),
        "date": Field(parse_date, "the day they answered", required=True),
        "question": Field(parse_id, "the id of a question of the cohort", required=True),
        "answer": Field(parse_answer, "1 to 5, yes or no, or text, as the question's kind "
                        "says", required=True),
        "cohort": Field(parse_id, "the cohort asking (needed only when the member is in two "
                        "cohorts asking a question of that id)"),
    },
    rules=(refers_to_members("member"),
           Rule("the question is asked by the member's cohort", "question",
                ("member", "question", "cohort"), question_is_asked),
           Rule("the answer fits the question's kind", "answer",
                ("member", "question", "cohort", "answer"), answer_fits_the_question),
           Rule("an answer is dated before or after the programme", "date",
                ("member", "question", "cohort", "date"), dated_before_or_after,
                severity="warning")))


# -- rubric.yml ----------------------------------------------------------------------------

PILLAR_POINTS = 25
SIGNAL_KINDS: dict[str, str] = {
    **{f"profile.{n}": "bool" for n in PROFILE_BOOLS},
    **{f"profile.{n}": "text" for n in PROFILE_TEXTS},
    "profile.current_position": "object",
    **{f"profile.{n}": "number" for n in PROFILE_COUNTS},
    **{f"activity.{n}": "number" for n in ACTIVITY.fields},
}
CURVES = ("linear", "log", "step")


def signal_kind(signal: str) -> str:
    """What a (valid) signal reads: bool, text, object, or number (a ratio is a number)."""
    parts = [p.strip() for p in signal.split("/")]
    return SIGNAL_KINDS[parts[0]] if len(parts) == 1 else "number"


def _parse_signal(value, ctx) -> str:
    signal = parse_text(value, ctx)
    parts = [p.strip() for p in signal.split("/")]
    for part in parts:
        if part not in SIGNAL_KINDS:
            hint = did_you_mean(part, SIGNAL_KINDS) or ("signals are profile.* and "
                                                        "activity.* fields, or a ratio 'a / b'")
            raise Invalid(f"unknown signal '{part}'", shown=True, hint=hint)
    if len(parts) > 2:
        raise Invalid("a ratio divides exactly two signals: 'a / b'")
    if len(parts) == 2 and any(SIGNAL_KINDS[p] != "number" for p in parts):
        raise Invalid("a ratio needs two number signals")
    return signal


def _needs(name: str, kind: str, what: str):
    def check(values: dict, _known: Known):
        if signal_kind(values["signal"]) == kind and name not in values:
            return f"criterion '{values['id']}' reads {what}: it needs a '{name}' (> 0)"
        return None
    return Rule(f"a criterion on {what} needs a '{name}'", name, ("id", "signal", name), check)


POSITIVE = Field(parse_number, min=0, min_exclusive=True)

RUBRIC = Table(
    name="rubric.yml", doc="the transparent score: pillar → criteria, each pillar's points "
    f"adding up to {PILLAR_POINTS}", files=("rubric.yml",), key="id",
    fields={
        "id": Field(parse_text, "the criterion's unique key", required=True),
        "label": Field(parse_text, "what the report calls it (default: from the id)",
                       default=lambda values: values.get("id", "").replace("_", " ").capitalize()),
        "signal": Field(_parse_signal, "the profile or activity field it reads, or a ratio "
                        "'a / b' of two", required=True),
        "points": Field(parse_number, "the most it earns", required=True, min=0,
                        min_exclusive=True),
        "target": POSITIVE.with_doc("a number's value that earns full points"),
        "curve": choice(*CURVES, doc="how a number earns points up to its target",
                        default="linear"),
        "min_length": POSITIVE.with_doc("the characters of text that earn full points"),
        "advice": TEXT.with_doc("what to do to earn its points, shown in the audit"),
    },
    rules=(_needs("target", "number", "a number"), _needs("min_length", "text", "text")))


TABLES = (CONFIG, MEMBERS, SNAPSHOTS, DEALS, COHORTS, SURVEYS, RUBRIC)
