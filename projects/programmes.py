"""
The programmes the site knows from the start: the EU's research framework programmes, whose projects
CORDIS publishes, and the other programmes a municipality's EU-projects office meets. Editors add more
in the admin; names are in Italian and English.
"""

EUROPEAN_COMMISSION = ("Commissione europea", "European Commission")
# code, Italian name, English name, funding body (it, en), link, published by CORDIS, part of
PROGRAMMES = [
    ("FP7", "Settimo programma quadro (7° PQ)", "Seventh Framework Programme (FP7)", EUROPEAN_COMMISSION,
     "https://cordis.europa.eu/programme/id/FP7", True, None),
    ("H2020", "Horizon 2020", "Horizon 2020", EUROPEAN_COMMISSION,
     "https://cordis.europa.eu/programme/id/H2020", True, None),
    ("HORIZON", "Horizon Europe", "Horizon Europe", EUROPEAN_COMMISSION,
     "https://cordis.europa.eu/programme/id/HORIZON", True, None),
    ("INTERREG", "Interreg (cooperazione territoriale europea)", "Interreg (European Territorial Cooperation)",
     EUROPEAN_COMMISSION, "https://interreg.eu/", False, None),
    ("INTERREG-SEE", "Interreg Europa sud-orientale 2007-2013 (SEE)", "Interreg South East Europe 2007-2013 (SEE)",
     EUROPEAN_COMMISSION, "", False, "INTERREG"),
    ("INTERREG-EUROPE", "Interreg Europe", "Interreg Europe", EUROPEAN_COMMISSION,
     "https://www.interregeurope.eu/", False, "INTERREG"),
    ("INTERREG-EURO-MED", "Interreg Euro-MED", "Interreg Euro-MED", EUROPEAN_COMMISSION,
     "https://interreg-euro-med.eu/", False, "INTERREG"),
    ("INTERREG-IT-GR", "Interreg Grecia-Italia", "Interreg Greece-Italy", EUROPEAN_COMMISSION,
     "https://greece-italy.eu/", False, "INTERREG"),
    ("INTERREG-IT-HR", "Interreg Italia-Croazia", "Interreg Italy-Croatia", EUROPEAN_COMMISSION,
     "https://www.italy-croatia.eu/", False, "INTERREG"),
    ("URBACT", "URBACT", "URBACT", EUROPEAN_COMMISSION, "https://urbact.eu/", False, "INTERREG"),
    ("LIFE", "Programma LIFE per l'ambiente e il clima", "LIFE Programme for the Environment and Climate Action",
     EUROPEAN_COMMISSION, "https://cinea.ec.europa.eu/programmes/life_en", False, None),
    ("ERASMUS+", "Erasmus+", "Erasmus+", EUROPEAN_COMMISSION, "https://erasmus-plus.ec.europa.eu/", False, None),
    ("UIA", "Azioni urbane innovative (UIA)", "Urban Innovative Actions (UIA)", EUROPEAN_COMMISSION,
     "https://www.uia-initiative.eu/", False, None),
    ("EUI", "Iniziativa urbana europea (EUI)", "European Urban Initiative (EUI)", EUROPEAN_COMMISSION,
     "https://www.urban-initiative.eu/", False, None),
    ("DIGITAL", "Programma Europa digitale", "Digital Europe Programme", EUROPEAN_COMMISSION,
     "https://digital-strategy.ec.europa.eu/en/activities/digital-programme", False, None),
    ("ERDF", "Fondo europeo di sviluppo regionale (FESR)", "European Regional Development Fund (ERDF)",
     EUROPEAN_COMMISSION, "https://ec.europa.eu/regional_policy/funding/erdf_en", False, None),
    ("ESF+", "Fondo sociale europeo Plus (FSE+)", "European Social Fund Plus (ESF+)", EUROPEAN_COMMISSION,
     "https://ec.europa.eu/european-social-fund-plus/en", False, None),
    ("CF", "Fondo di coesione", "Cohesion Fund", EUROPEAN_COMMISSION,
     "https://ec.europa.eu/regional_policy/funding/cohesion-fund_en", False, None),
    ("PNRR", "Piano nazionale di ripresa e resilienza (PNRR)", "Italy's National Recovery and Resilience Plan (PNRR)",
     ("Governo italiano (NextGenerationEU)", "Italian Government (NextGenerationEU)"),
     "https://www.italiadomani.gov.it/", False, None),
    ("OTHER", "Altro programma", "Other programme", ("", ""), "", False, None),
]


def seed_programmes(programme_model):
    """Add the programmes above that are missing (by code); one an editor changed is left as it is.

    Given the model, as a migration has it too. Run by the migration that made programmes reference data,
    and after every migrate and flush (``projects.apps``): the importer and new projects name the
    framework programmes by code.
    """
    made = {}
    for code, name_it, name_en, (body_it, body_en), url, in_cordis, part_of in PROGRAMMES:
        if programme_model.objects.exclude(code=code).filter(name_it=name_it).exists():
            continue  # an editor's programme has the name already
        made[code], _ = programme_model.objects.get_or_create(code=code, defaults={
            "name": name_it, "name_it": name_it, "name_en": name_en, "funding_body": body_it,
            "funding_body_it": body_it, "funding_body_en": body_en, "url": url, "in_cordis": in_cordis,
            "part_of": made.get(part_of),
        })
