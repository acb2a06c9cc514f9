"""The column headings of team exports, declared once: which heading gives which field.

Headings are compared folded (case, accents, spaces and punctuation ignored). Sales
Navigator's usage report is translated by LinkedIn; the exact header row is unconfirmed
(SOURCES.md §2), so the reasonable variants of each language are listed. `--map
"Heading=field"` names any other column.
"""
from __future__ import annotations

from .lexicon import folded

USAGE: dict[str, tuple[str, ...]] = {
    "name": ("Name", "Seat holder", "Seat holder name", "Full name",
             "Nom", "Nom complet", "Titulaire de la licence", "Titulaire du siège",
             "Nome", "Nome completo", "Titolare della licenza",
             "Naam", "Volledige naam", "Licentiehouder"),
    "email": ("Email", "E-mail", "Email address", "E-mail address",
              "Adresse e-mail", "Adresse email", "Indirizzo email", "Indirizzo e-mail",
              "E-mailadres"),
    "ssi.total": ("SSI", "Social Selling Index", "SSI score", "Score SSI", "Punteggio SSI",
                  "SSI-score"),
    "ssi.brand": ("Establish your professional brand", "Professional brand",
                  "Établir votre marque professionnelle", "Créer votre marque professionnelle",
                  "Stabilire il tuo brand professionale", "Crea il tuo brand professionale",
                  "Uw professionele merk opbouwen", "Bouw je professionele merk op"),
    "ssi.people": ("Find the right people", "Trouver les bonnes personnes",
                   "Trovare le persone giuste", "Trova le persone giuste",
                   "De juiste mensen vinden", "Vind de juiste mensen"),
    "ssi.insights": ("Engage with insights", "Échanger des informations",
                     "Interagire con approfondimenti", "Interagisci con approfondimenti",
                     "Betrokkenheid tonen met inzichten", "Deel inzichten"),
    "ssi.relationships": ("Build relationships", "Développer des relations",
                          "Costruire relazioni", "Costruisci relazioni",
                          "Relaties opbouwen", "Bouw relaties op"),
    "activity.active_days": ("Days active", "Active days", "Logins", "Jours actifs",
                             "Connexions", "Giorni di attività", "Giorni attivi", "Accessi",
                             "Actieve dagen", "Aanmeldingen"),
    "activity.searches": ("Searches", "Searches performed", "Recherches",
                          "Recherches effectuées", "Ricerche", "Ricerche effettuate",
                          "Zoekopdrachten", "Uitgevoerde zoekopdrachten"),
    "activity.profile_views": ("Profile views", "Vues de profil", "Profils consultés",
                               "Visualizzazioni del profilo", "Profielweergaven"),
    "activity.inmails_sent": ("InMails sent", "InMails envoyés", "InMail inviati",
                              "Verzonden InMails", "InMails verzonden"),
    "activity.inmails_replied": ("InMails accepted", "InMail responses", "InMails replied",
                                 "InMails acceptés", "Réponses aux InMails",
                                 "InMail accettati", "Risposte InMail",
                                 "Geaccepteerde InMails", "InMail-reacties"),
    "activity.leads_saved": ("Leads saved", "Saved leads", "Prospects enregistrés",
                             "Leads enregistrés", "Lead salvati", "Opgeslagen leads"),
    "activity.accounts_saved": ("Accounts saved", "Saved accounts", "Comptes enregistrés",
                                "Account salvati", "Opgeslagen accounts"),
    "activity.invitations_sent": ("Connection requests sent",
                                  "Demandes de connexion envoyées",
                                  "Invitations envoyées",
                                  "Richieste di collegamento inviate",
                                  "Verzonden connectieverzoeken",
                                  "Verzonden uitnodigingen"),
    "start": ("Start date", "Date de début", "Data di inizio", "Startdatum", "Begindatum"),
    "end": ("End date", "Report end date", "Date de fin", "Data di fine", "Einddatum"),
}

# CRM opportunity exports, one dict per CRM; what recognises each is the first field listed.
SALESFORCE: dict[str, tuple[str, ...]] = {
    "id": ("Opportunity ID", "Opportunity Id", "ID"),
    "owner": ("Opportunity Owner", "Owner", "Owner Name"),
    "owner_email": ("Opportunity Owner Email", "Owner Email"),
    "account": ("Account Name", "Account"),
    "name": ("Opportunity Name",),
    "stage": ("Stage",),
    "currency": ("Amount Currency", "Opportunity Currency", "Currency"),
    "amount": ("Amount",),
    "date": ("Close Date",),
}
HUBSPOT: dict[str, tuple[str, ...]] = {
    "id": ("Record ID", "Deal ID"),
    "name": ("Deal Name",),
    "stage": ("Deal Stage",),
    "amount": ("Amount", "Amount in company currency"),
    "currency": ("Currency", "Deal currency code"),
    "owner": ("Deal owner", "Deal Owner", "HubSpot owner"),
    "owner_email": ("Deal owner email",),
    "date": ("Close Date",),
    "account": ("Associated Company", "Associated Company (Primary)", "Company name"),
}
DYNAMICS: dict[str, tuple[str, ...]] = {
    "id": ("(Do Not Modify) Opportunity",),
    "name": ("Topic",),
    "account": ("Potential Customer", "Account"),
    "est_date": ("Est. close date", "Estimated Close Date"),
    "est_amount": ("Est. revenue", "Estimated Revenue"),
    "date": ("Actual Close Date",),
    "amount": ("Actual Revenue",),
    "stage": ("Status", "Status Reason", "Forecast category"),
    "currency": ("Currency",),
    "owner": ("Owner",),
}
CRMS = {"salesforce": SALESFORCE, "hubspot": HUBSPOT, "dynamics": DYNAMICS}

WON = ("closed won", "closedwon", "won")
LOST = ("closed lost", "closedlost", "lost")


def key(heading: str) -> str:
    """A heading as headings are compared."""
    return " ".join(folded(heading).split())


def lookup(spec: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Compared heading → field."""
    return {key(h): field for field, headings in spec.items() for h in headings}
