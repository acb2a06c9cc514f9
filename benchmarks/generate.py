"""Write a synthetic content folder of any size, for benchmarks.

    python benchmarks/generate.py OUT --members 1000 --weeks 52 --deals 5000 --cohorts 10

Members come in teams of about twelve, with weekly SSI history, a profile and an
activity snapshot, deals in three currencies, and training cohorts. The same
arguments always give the same folder.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
from pathlib import Path

FIRST = ["Anna", "Bruno", "Chloé", "Daan", "Elena", "Finn", "Giulia", "Hugo", "Inès", "Jonas",
         "Katrin", "Luca", "Marta", "Noah", "Olivia", "Pieter", "Quentin", "Rosa", "Sven", "Tess"]
LAST = ["Martin", "Rossi", "de Vries", "Müller", "Bernard", "Bianchi", "Jansen", "Smith",
        "Dubois", "Ferrari", "Bakker", "Jones", "Moreau", "Russo", "Visser", "Taylor"]
STAGES = ["find_account", "find_prospect", "start_conversation", "new_contacts",
          "anticipate_rfp", "other", "none"]
AS_OF = dt.date(2026, 11, 13)


def generate(out: Path, members: int, weeks: int, deals: int, cohorts: int,
             seed: int = 7) -> None:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    (out / "snapshots").mkdir(exist_ok=True)
    (out / "ssigen.yml").write_text(
        "title: Benchmark report\nclient: Synthetic Ltd\ncurrency: EUR\n"
        f"rates: {{USD: 0.92, GBP: 1.17}}\nas_of: {AS_OF}\n", encoding="utf-8")
    ids = [f"m{i:05d}" for i in range(members)]
    teams = [f"Team {i // 12 + 1:04d}" for i in range(members)]
    with open(out / "members.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "title", "team", "industry", "manager"])
        for i, member in enumerate(ids):
            manager = ids[i - i % 12] if i % 12 else ""
            w.writerow([member, f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}",
                        rng.choice(["Account Executive", "Key Account Manager", "SDR"]),
                        teams[i], rng.choice(["Software", "Industrial Automation"]), manager])
    start = AS_OF - dt.timedelta(weeks=weeks - 1)
    levels = {m: rng.uniform(6, 21) for m in ids}
    with open(out / "snapshots" / "ssi.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["member", "date", "ssi.brand", "ssi.people", "ssi.insights",
                    "ssi.relationships", "ssi.industry_ssi", "ssi.network_ssi",
                    "ssi.industry_top_pct", "ssi.network_top_pct", "ssi.industry_name"])
        for member in ids:
            level = levels[member]
            for week in range(weeks):
                level = min(24.5, max(1, level + rng.uniform(-0.4, 0.55)))
                pillars = [round(min(25, max(0, level + rng.uniform(-2, 2))), 2) for _ in range(4)]
                total = sum(pillars)
                w.writerow([member, start + dt.timedelta(weeks=week), *pillars,
                            round(rng.uniform(22, 28), 2), round(rng.uniform(25, 40), 2),
                            max(1, round(100 - total)), max(1, round(100 - total * 0.9)),
                            "Software"])
    profile_cols = ["photo", "banner", "custom_url", "contact_info", "location", "industry",
                    "headline", "about", "past_positions", "education", "skills",
                    "endorsements", "recommendations", "featured"]
    activity_cols = ["connections", "followers", "decision_maker_connections",
                     "colleague_connections", "group_memberships", "invitations_sent",
                     "invitations_accepted", "posts", "articles", "comments", "reactions",
                     "shares", "group_posts", "inmails_sent", "inmails_replied", "searches",
                     "profile_views", "leads_saved", "accounts_saved",
                     "profile_views_received", "post_impressions", "messages_received",
                     "active_days"]
    with open(out / "snapshots" / "profile-activity.csv", "w", newline="",
              encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["member", "date", *(f"profile.{c}" for c in profile_cols),
                    *(f"activity.{c}" for c in activity_cols)])
        for member in ids:
            k = levels[member] / 25
            profile = [rng.random() < 0.5 + k / 2 for _ in range(6)] + [
                "Helping industrial buyers cut downtime" if rng.random() < k else "Account Manager",
                "x" * int(600 * k), rng.randint(0, 5), rng.randint(0, 2), rng.randint(1, 40),
                rng.randint(0, 120), rng.randint(0, 6), rng.randint(0, 3)]
            sent = rng.randint(5, 80)
            activity = [int(v * (0.3 + k)) for v in (1500, 2000, 300, 80, 12)] + [
                sent, rng.randint(0, sent)] + [int(v * (0.2 + k)) for v in (
                    10, 2, 50, 120, 8, 4)] + [20, rng.randint(0, 20)] + [
                int(v * (0.2 + k)) for v in (150, 200, 40, 20, 250, 15000, 50)] + [
                rng.randint(3, 22)]
            w.writerow([member, AS_OF, *profile, *activity])
    with open(out / "deals.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "member", "account", "amount", "currency", "status", "date", "stage",
                    "contribution", "meetings", "verbatim"])
        for i in range(deals):
            stage = rng.choice(STAGES)
            w.writerow([f"D{i:06d}", rng.choice(ids), f"Account {rng.randint(1, 3000)}",
                        rng.randint(5, 250) * 1000, rng.choice(["EUR", "EUR", "USD", "GBP"]),
                        rng.choice(["won", "won", "won", "open", "lost"]),
                        AS_OF - dt.timedelta(days=rng.randint(0, 360)), stage,
                        0 if stage == "none" else rng.choice([10, 20, 30, 50]),
                        rng.randint(0, 5),
                        "Commented on their post, then met the buyer." if i % 7 == 0 else ""])
    with open(out / "cohorts.yml", "w", encoding="utf-8") as f:
        for c in range(cohorts):
            begin = start + dt.timedelta(weeks=rng.randint(4, max(5, weeks // 2)))
            team = teams[rng.randrange(members)]
            f.write(f"- id: cohort-{c + 1}\n  name: Programme {c + 1}\n  start: {begin}\n"
                    f"  end: {begin + dt.timedelta(weeks=6)}\n  team: {team}\n  sessions: 6\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--deals", type=int, default=5000)
    parser.add_argument("--cohorts", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.out, args.members, args.weeks, args.deals, args.cohorts, args.seed)


if __name__ == "__main__":
    main()
