"""The vocabulary of the demo network: names, trades, machines, streets.

Fictional companies of a bar-turning valley. Any resemblance of a generated
name to a real company is a coincidence; the machine makers are real, as in
any workshop of the valley.
"""

from __future__ import annotations

from dataclasses import dataclass

# A table of words: kept compact rather than one word per line.
# fmt: off

# Savoyard surnames first (they weigh more), then the rest of France and the
# families who came to work in the valley's workshops.
SAVOYARD_SURNAMES = (
    "Anthoine", "Baud", "Bétemps", "Blanc", "Bochaton", "Bouchet", "Bozon", "Burnier",
    "Carrier", "Cartier", "Chamot", "Chappaz", "Chatel", "Cheneval", "Clavel", "Cohendoz",
    "Collomb", "Curtet", "Déchamboux", "Delavay", "Ducrettet", "Dunoyer", "Dupraz",
    "Excoffier", "Falquet", "Favre", "Gay", "Gojon", "Guffond", "Jacquemoud", "Jacquier",
    "Lathuille", "Lavorel", "Mabboux", "Marullaz", "Maxit", "Mégevand", "Métral",
    "Missilier", "Moccand", "Mollard", "Mugnier", "Orsat", "Paccard", "Pellarin",
    "Pernollet", "Perrillat", "Pochat", "Pollet", "Quétand", "Ramel", "Rannaz", "Ruffier",
    "Sauthier", "Suscillon", "Tairraz", "Tissot", "Veyrat", "Vittoz", "Vuarchex", "Vulliet",
    "Bel", "Bardet", "Bastard", "Berthet", "Bonnaz", "Chardon", "Cochet", "Dagand",
    "Ducret", "Duvernay", "Fournier", "Gavard", "Grosset", "Jordan", "Mermoud", "Pasquier",
    "Perroud", "Rosset", "Socquet", "Thabuis", "Vernaz", "Vuagnat",
)
FRENCH_SURNAMES = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
    "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "David", "Bertrand",
    "Roux", "Vincent", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert",
    "Bonnet", "François", "Fontaine", "Chevalier", "Garnier", "Faure", "Rousseau",
    "Blanchard", "Guerin", "Boyer", "Gauthier", "Perrin", "Roche", "Masson", "Marchand",
)
OTHER_SURNAMES = (
    "Ferrero", "Bianchi", "Rossi", "Cattaneo", "Zanetti", "Costa", "Moretti", "Rinaldi",
    "Da Silva", "Pereira", "Ferreira", "Rodrigues", "Gonçalves", "Teixeira", "Lopes",
    "Haddad", "Mansouri", "Belkacem", "Amrani", "Cherif", "Kaddour", "Benaissa",
    "Yilmaz", "Demir", "Kaya", "Öztürk", "Nguyen", "Garcia", "Martinez", "Lopez",
)

MALE_FIRST_NAMES = (
    "Jean", "Pierre", "Michel", "Alain", "Bernard", "Christian", "Patrick", "Philippe",
    "Daniel", "Gérard", "Marc", "Thierry", "Laurent", "Stéphane", "Frédéric", "Olivier",
    "Nicolas", "Sébastien", "Julien", "Thomas", "Maxime", "Romain", "Alexandre", "Kévin",
    "Florian", "Hugo", "Lucas", "Théo", "Mathieu", "Guillaume", "Benoît", "Yannick",
    "Cédric", "David", "Éric", "Franck", "Didier", "Joseph", "Gilles", "Antoine", "Bastien",
    "Clément", "Jérémy", "Loïc", "Arnaud", "Vincent", "Rémi", "Karim", "Mehdi", "Emre",
    "João", "Luca", "Yves", "Denis", "Fabrice", "Hervé", "Jérôme", "Ludovic", "Baptiste",
)
FEMALE_FIRST_NAMES = (
    "Marie", "Anne", "Catherine", "Isabelle", "Nathalie", "Sylvie", "Christine", "Valérie",
    "Sandrine", "Véronique", "Céline", "Sophie", "Aurélie", "Émilie", "Julie", "Camille",
    "Laura", "Manon", "Léa", "Chloé", "Pauline", "Élodie", "Audrey", "Laetitia",
    "Stéphanie", "Caroline", "Claire", "Hélène", "Agnès", "Martine", "Françoise", "Nadia",
    "Samira", "Leïla", "Ana", "Giulia", "Marion", "Charlotte", "Mélanie", "Virginie",
    "Delphine", "Karine", "Amandine", "Justine", "Océane", "Margaux", "Lucie", "Elif",
    "Corinne", "Florence", "Magali", "Sabrina", "Anaïs", "Inès",
)

# Landmarks that local companies take their names from: (name, "of" form).
PLACES = (
    ("Arve", "de l'Arve"), ("Faucigny", "du Faucigny"), ("Bargy", "du Bargy"),
    ("Giffre", "du Giffre"), ("Aravis", "des Aravis"), ("Mont-Blanc", "du Mont-Blanc"),
    ("Léman", "du Léman"), ("Salève", "du Salève"), ("Semnoz", "du Semnoz"), ("Môle", "du Môle"),
    ("Brévon", "du Brévon"), ("Chablais", "du Chablais"), ("Reposoir", "du Reposoir"),
    ("Jalouvre", "du Jalouvre"), ("Alpes", "des Alpes"), ("Savoie", "de Savoie"),
    ("Borne", "de la Borne"), ("Vallée", "de la Vallée"), ("Bornes", "des Bornes"),
)
BRAND_ROOTS = ("Arvi", "Alpi", "Savo", "Fauci", "Cluza", "Préci", "Méca", "Techni", "Léma", "Brévo", "Monta")
BRAND_ENDINGS = ("dec", "tec", "matic", "méca", "tech")
LEGAL_FORMS = ("SAS", "SAS", "SAS", "SARL", "SARL", "SA", "SASU")

STREETS = (
    "rue des Artisans", "rue de l'Industrie", "avenue de la Sardagne", "rue Ampère",
    "rue Denis Papin", "rue Louis Armand", "avenue Georges Pompidou", "rue Pierre et Marie Curie",
    "rue du Mont-Blanc", "chemin des Prés", "route de Genève", "rue des Sorbiers",
    "allée des Saules", "rue du Pré de Foire", "avenue des Glières", "rue de la Paix",
    "impasse des Érables", "route des Grandes Alpes", "rue des Écoles", "chemin de la Plaine",
    "avenue du Léman", "rue du Stade", "route du Reposoir", "rue des Perrières",
)
ZONES = (
    "ZI des Grands Prés", "ZA des Valignons", "ZI du Bray", "ZA des Bouverets",
    "ZI des Prés Paris", "ZA du Pont", "ZI de la Plaine", "ZA des Grands Champs",
    "ZI Nord", "ZA du Château", "Parc d'activités des Lacs",
)

MATERIALS = ("laiton", "inox", "acier", "titane", "aluminium", "cuivre", "matières plastiques techniques")
MARKETS = (
    "l'automobile", "l'aéronautique", "le médical", "la connectique", "l'horlogerie",
    "l'énergie", "le ferroviaire", "l'hydraulique", "le luxe", "la défense", "l'électronique",
)


@dataclass(frozen=True)
class Trade:
    """A kind of company: what it is called, what it does, what it runs."""

    key: str
    weight: int
    naf_code: str
    names: tuple[str, ...]  # {surname}, {place}, {of_place}, {brand} are filled in
    activities: tuple[str, ...]  # the first always, then a few of the rest
    machines: tuple[str, ...]
    description: str
    certifications: tuple[tuple[str, float], ...]  # (slug, probability)
    # Headcount bands: (low, high, weight)
    sizes: tuple[tuple[int, int, int], ...] = ((3, 9, 12), (10, 49, 50), (50, 249, 33), (250, 650, 5))
    naf_nomenclature: str = "rev2"
    partner: bool = False


TRADES = (
    Trade(
        key="decolletage",
        weight=52,
        naf_code="25.62A",  # NAF rev. 2: Décolletage
        names=(
            "Décolletage {surname}", "{surname} Décolletage", "Décolletage {of_place}",
            "{surname} et Fils", "Établissements {surname}", "{brand}", "{surname} Précision",
            "SDM {place}", "Décolletage {surname} Frères", "{brand} Décolletage",
        ),
        activities=(
            "decolletage", "decolletage-multibroches", "decolletage-poupee-mobile", "tournage-cn",
            "roulage-filetage", "ebavurage", "lavage-degraissage", "controle-qualite",
            "assemblage", "lean-manufacturing", "industrie-4-0", "metrologie",
        ),
        machines=(
            "Tornos MultiSwiss 6x16", "Tornos MultiSwiss 8x26", "Tornos SwissNano 7",
            "Tornos EvoDeco 16", "Tornos Swiss GT 26", "Tornos Deco 20a", "Tornos SAS 16",
            "Citizen L20", "Citizen M32", "Citizen Cincom A20", "Star SR-20RIV", "Star SR-32JII",
            "Index MS32-6", "Index MS16", "Index G200", "Index C100", "Schütte SCX32",
            "Schütte AF 32", "Traub TNL20", "Tsugami B0326", "Escomatic D6",
            "Machine de lavage Dürr Ecoclean", "Colonne de mesure Mitutoyo",
        ),
        description=(
            "Décolletage de pièces de précision en {material} et {material2} pour {market} et "
            "{market2}. Séries de {series} pièces, diamètres de {dmin} à {dmax} mm."
        ),
        certifications=(("iso-9001", 0.8), ("iatf-16949", 0.35), ("iso-14001", 0.25),
                        ("en-9100", 0.08), ("iso-13485", 0.1), ("iso-45001", 0.06),
                        ("iso-50001", 0.04)),
    ),
    Trade(
        key="mecanique",
        weight=16,
        naf_code="25.62B",  # NAF rev. 2: Mécanique industrielle
        names=(
            "Mécanique de précision {surname}", "{surname} Usinage", "Usinage {of_place}",
            "{brand}", "Mécanique {of_place}", "Précision {of_place}", "{surname} Mécanique",
        ),
        activities=(
            "usinage-de-precision", "fraisage-5-axes", "tournage-cn", "rectification",
            "assemblage", "taillage-engrenages", "cao-fao", "controle-qualite", "soudage",
            "fabrication-additive",
        ),
        machines=(
            "DMG Mori DMU 50", "DMG Mori NLX 2500", "DMG Mori CMX 600 V", "Mazak Integrex i-200",
            "Mazak Variaxis i-600", "Hermle C 42 U", "Okuma Genos M560", "Haas VF-2",
            "Studer S33", "Rectifieuse Kellenberger", "Machine à mesurer Zeiss Contura",
        ),
        description=(
            "Usinage de pièces unitaires et petites séries en {material} pour {market} : "
            "fraisage 5 axes, tournage, reprises et montage de sous-ensembles."
        ),
        certifications=(("iso-9001", 0.75), ("en-9100", 0.2), ("iso-14001", 0.2),
                        ("iso-13485", 0.08), ("iso-45001", 0.05)),
    ),
    Trade(
        key="traitement",
        weight=8,
        naf_code="25.61Z",  # NAF rev. 2: Traitement et revêtement des métaux
        names=(
            "{place} Traitements", "Traitements de surface {surname}", "{brand} Surface",
            "Thermi {place}", "Galvano {place}", "{surname} Revêtements",
        ),
        activities=(
            "traitement-de-surface", "traitement-thermique", "lavage-degraissage", "ebavurage",
            "controle-qualite", "rse", "transition-energetique",
        ),
        machines=(
            "Ligne de nickelage chimique", "Ligne de zingage", "Four sous vide",
            "Four de trempe à atmosphère", "Tonneaux de tribofinition",
            "Machine de lavage Dürr Ecoclean", "Ligne d'anodisation",
        ),
        description=(
            "Traitements de surface et traitements thermiques de pièces décolletées en "
            "{material} : dégraissage, {finish}, contrôle en sortie de ligne."
        ),
        certifications=(("iso-9001", 0.85), ("iatf-16949", 0.3), ("iso-14001", 0.5),
                        ("iso-50001", 0.15), ("iso-45001", 0.1)),
    ),
    Trade(
        key="outillage",
        weight=6,
        naf_code="25.73B",  # NAF rev. 2: Fabrication d'autres outillages
        names=("Outillage {surname}", "{brand} Outils", "Affûtage {of_place}", "{surname} Outillage"),
        activities=("outillage-moules", "electroerosion", "rectification", "usinage-de-precision", "cao-fao"),
        machines=(
            "Électroérosion à fil AgieCharmilles", "Affûteuse Walter Helitronic",
            "Affûteuse Vollmer", "Rectifieuse Studer S33", "Enfonçage Sodick",
        ),
        description=(
            "Outils coupants spéciaux, outils de forme et affûtage pour les décolleteurs de la "
            "vallée. Électroérosion et rectification."
        ),
        certifications=(("iso-9001", 0.6),),
        sizes=((3, 9, 30), (10, 49, 55), (50, 150, 15)),
    ),
    Trade(
        key="plasturgie",
        weight=4,
        naf_code="22.29A",  # NAF rev. 2: Fabrication de pièces techniques à base de matières plastiques
        names=("{place} Plastiques", "Injection {surname}", "{brand} Plast"),
        activities=("injection-plastique", "outillage-moules", "assemblage", "controle-qualite"),
        machines=("Presse Arburg Allrounder 470", "Presse Engel e-mac", "Presse KraussMaffei CX",
                  "Robot Sepro"),
        description="Injection de pièces techniques et surmoulage d'inserts décolletés pour {market}.",
        certifications=(("iso-9001", 0.8), ("iatf-16949", 0.3), ("iso-13485", 0.15)),
    ),
    Trade(
        key="mecatronique",
        weight=6,
        naf_code="28.99B",  # NAF rev. 2: Fabrication d'autres machines spécialisées
        names=("{brand} Automation", "{place} Systèmes", "{surname} Mécatronique", "{brand} Robotique"),
        activities=("mecatronique", "robotique", "assemblage", "industrie-4-0", "vision-industrielle",
                    "cao-fao", "maintenance-industrielle", "innovation"),
        machines=("Robot Fanuc M-10", "Robot Stäubli TX2-60", "Cellule de vision Cognex",
                  "Machine à mesurer tridimensionnelle"),
        description=(
            "Machines spéciales, cellules robotisées et automatisation de l'alimentation et du "
            "contrôle des machines de décolletage."
        ),
        certifications=(("iso-9001", 0.6),),
    ),
    Trade(
        key="services",
        weight=5,
        naf_code="33.12Z",  # NAF rev. 2: Réparation de machines et équipements mécaniques
        names=("{place} Maintenance", "{surname} Services Industrie", "{brand} Rétrofit"),
        activities=("maintenance-industrielle", "industrie-4-0", "metrologie", "robotique"),
        machines=("Banc d'équilibrage", "Camion atelier"),
        description="Maintenance, rétrofit et transfert de machines de décolletage et d'usinage.",
        certifications=(("iso-9001", 0.4),),
        sizes=((3, 9, 45), (10, 49, 50), (50, 120, 5)),
    ),
    Trade(
        key="ingenierie",
        weight=3,
        naf_code="71.12B",  # NAF rev. 2: Ingénierie, études techniques
        names=("{brand} Ingénierie", "Bureau d'études {surname}", "{place} Conseil Industrie"),
        activities=("cao-fao", "industrie-4-0", "innovation", "lean-manufacturing",
                    "amelioration-continue", "pilotage-strategique", "rse"),
        machines=(),
        description="Bureau d'études et conseil : conception, industrialisation, lean et usine connectée.",
        certifications=(("iso-9001", 0.3), ("iso-27001", 0.15)),
        sizes=((2, 9, 60), (10, 40, 40)),
    ),
    Trade(
        # Swarf and scrap metal from the workshops, coded in NAF 2025 to show
        # both nomenclatures: INSEE's NAF 2025 sub-class 46.87Y covers the
        # wholesale of metal waste and scrap (NAF 2025, published 1 August 2025).
        key="recyclage",
        weight=1,
        naf_code="46.87Y",
        naf_nomenclature="naf2025",
        names=("{place} Recyclage Métaux", "Copeaux {surname}"),
        activities=("rse", "transition-energetique"),
        machines=("Centrifugeuse à copeaux", "Presse à briquettes"),
        description="Collecte, essorage et négoce des copeaux de laiton, d'inox et d'acier des ateliers.",
        certifications=(("iso-14001", 0.6),),
        sizes=((5, 9, 40), (10, 49, 60)),
    ),
    Trade(
        key="partenaire",
        weight=1,
        naf_code="85.59A",  # NAF rev. 2: Formation continue d'adultes
        names=("Centre de formation {of_place}", "{place} Compétences Industrie", "Campus {place}"),
        activities=("formation", "decolletage", "metrologie", "management", "ressources-humaines"),
        machines=("Tornos EvoDeco 16 (atelier école)", "Citizen L20 (atelier école)"),
        description="Formations de régleurs, décolleteurs et techniciens ; apprentissage et formation continue.",
        certifications=(),
        sizes=((10, 49, 80), (50, 120, 20)),
        partner=True,
    ),
)

FINISHES = ("nickelage", "zingage", "anodisation", "passivation", "trempe", "cémentation", "dorure")


@dataclass(frozen=True)
class Job:
    """A job in a company: its titles and the expertise its holders declare."""

    masculine: str
    feminine: str
    expertise: tuple[str, ...]
    weight: int
    repeats: bool = False  # several people may hold it in one company


HEAD_TITLES = (
    ("Dirigeant", "Dirigeante"),
    ("Président", "Présidente"),
    ("Directeur général", "Directrice générale"),
    ("Gérant", "Gérante"),
)
HEAD_EXPERTISE = (
    "pilotage stratégique", "transmission d'entreprise", "export", "lean", "financement de l'innovation",
    "croissance externe", "recrutement", "RSE", "investissement", "relation client",
)

JOBS = (
    Job("Responsable qualité", "Responsable qualité",
        ("IATF 16949", "ISO 9001", "AMDEC", "MSP", "8D", "audit interne", "métrologie"), 10),
    Job("Responsable de production", "Responsable de production",
        ("lean", "planification", "SMED", "TRS", "management d'atelier"), 9),
    Job("Responsable méthodes", "Responsable méthodes",
        ("gammes d'usinage", "CAO-FAO", "temps de cycle", "SMED", "outils coupants"), 7),
    Job("Responsable RH", "Responsable RH",
        ("recrutement", "GPEC", "formation", "groupement d'employeurs", "QVCT", "apprentissage"), 6),
    Job("Responsable maintenance", "Responsable maintenance",
        ("maintenance préventive", "GMAO", "hydraulique", "automatismes", "rétrofit"), 5),
    Job("Responsable R&D", "Responsable R&D",
        ("crédit d'impôt recherche", "prototypage", "fabrication additive", "matériaux"), 3),
    Job("Responsable RSE", "Responsable RSE",
        ("bilan carbone", "ISO 14001", "économies d'énergie", "achats responsables", "CSRD"), 3),
    Job("Responsable HSE", "Responsable HSE",
        ("document unique", "ISO 45001", "prévention", "ISO 14001"), 3),
    Job("Responsable commercial", "Responsable commerciale",
        ("export", "automobile", "médical", "aéronautique", "chiffrage"), 5),
    Job("Responsable achats", "Responsable achats",
        ("achats matière", "supply chain", "approvisionnement laiton"), 3),
    Job("Responsable administratif et financier", "Responsable administrative et financière",
        ("contrôle de gestion", "trésorerie", "subventions"), 3),
    Job("Assistant de direction", "Assistante de direction", ("organisation", "ADV"), 2),
    Job("Ingénieur R&D", "Ingénieure R&D", ("simulation", "prototypage", "innovation"), 2, True),
    Job("Régleur décolleteur", "Régleuse décolleteuse",
        ("Tornos", "réglage multibroches", "poupée mobile", "programmation ISO", "outils coupants"), 6, True),
    Job("Technicien qualité", "Technicienne qualité", ("métrologie", "MSP", "contrôle"), 4, True),
    Job("Technicien méthodes", "Technicienne méthodes", ("programmation CN", "CAO-FAO"), 3, True),
    Job("Programmeur CN", "Programmeuse CN", ("programmation ISO", "Esprit", "TopSolid"), 2, True),
    Job("Technicien de maintenance", "Technicienne de maintenance",
        ("automatismes", "hydraulique", "électricité industrielle"), 3, True),
    Job("Chef d'équipe", "Cheffe d'équipe", ("management d'atelier", "lean", "sécurité"), 3, True),
)

# Declared by anyone now and then.
COMMON_EXPERTISE = ("lean", "amélioration continue", "industrie 4.0", "formation", "sécurité")

# fmt: on
