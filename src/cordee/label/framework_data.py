"""The network's framework (référentiel), version 1: thirty criteria written for industrial
SMEs, in the spirit of EFQM (enablers and results), ISO 26000 (core subjects) and the
regional excellence schemes: self-assessment, then peer audit, no eliminatory criterion,
an improvement plan for what is not met.

Each criterion: (pillar, code, title, guidance, expected evidence, weight, five levels).
The text is French: it is what member companies read, and the framework is data that
staff edit, not an interface string.
"""

from __future__ import annotations

NAME = "Référentiel Cordée — entreprise industrielle en progrès"
DESCRIPTION = (
    "Auto-évaluation puis audit par un pair. Aucun critère n'est éliminatoire : ce qui "
    "n'est pas atteint devient une action du plan de progrès. Niveau 1 : rien n'est "
    "organisé ; niveau 3 : la pratique est en place et suivie ; niveau 5 : elle est "
    "exemplaire et partagée avec le réseau."
)

CRITERIA: list[tuple[str, str, str, str, str, int, tuple[str, str, str, str, str]]] = [
    # Innovation
    (
        "innovation",
        "INN-1",
        "Veille technologique et marché",
        "Comment l'entreprise repère les évolutions de ses marchés (automobile, médical, "
        "luxe, aéronautique), des matériaux et des procédés (tournage multibroches, laser, "
        "fabrication additive).",
        "Sources de veille listées, comptes rendus de salons (SIMODEC, EPHJ), notes diffusées.",
        2,
        (
            "Aucune veille : l'information arrive par hasard, par un client ou un fournisseur.",
            "Le dirigeant se tient informé seul, sans trace écrite ni partage.",
            "Des sources sont suivies (salons, revues, pôle), une synthèse circule au moins "
            "deux fois par an.",
            "La veille est organisée par thème avec des référents ; elle alimente les "
            "décisions d'investissement.",
            "La veille est partagée avec le réseau et a déclenché des projets nouveaux "
            "au cours des trois dernières années.",
        ),
    ),
    (
        "innovation",
        "INN-2",
        "Projets d'innovation produit et procédé",
        "Capacité à conduire des projets nouveaux : pièce complexe, nouveau matériau, "
        "réduction des temps de cycle, procédé sans huile entière.",
        "Liste des projets, fiches projet, résultats mesurés (temps de cycle, rebut, coût).",
        3,
        (
            "Aucun projet d'innovation : l'entreprise reproduit ce qu'elle sait faire.",
            "Des améliorations ponctuelles naissent à l'atelier, sans méthode ni suivi.",
            "Au moins un projet par an est conduit avec un responsable, un budget et un bilan.",
            "Un portefeuille de projets est piloté ; les résultats sont mesurés et capitalisés.",
            "L'innovation est une source reconnue de nouveaux marchés ; des projets sont "
            "menés avec des laboratoires ou d'autres membres.",
        ),
    ),
    (
        "innovation",
        "INN-3",
        "Idées des salariés",
        "Les régleurs, opérateurs et techniciens proposent des améliorations ; elles sont "
        "écoutées et mises en œuvre.",
        "Registre des idées, taux de mise en œuvre, exemples récompensés.",
        2,
        (
            "Les idées ne sont pas sollicitées.",
            "Les idées remontent oralement au chef d'atelier, sans suite connue.",
            "Un dispositif existe (boîte, tableau, réunion) et chaque idée reçoit une réponse.",
            "Plus de la moitié des idées retenues sont réalisées dans les trois mois ; "
            "les auteurs sont reconnus.",
            "Les idées des salariés sont une source majeure de progrès, mesurée et "
            "partagée avec d'autres entreprises du réseau.",
        ),
    ),
    (
        "innovation",
        "INN-4",
        "Partenariats et coopération",
        "Travail avec des clients, des fournisseurs, des centres techniques (CTDEC), des "
        "écoles ou d'autres entreprises du réseau.",
        "Conventions, projets communs, participation à des clubs ou groupes de travail.",
        1,
        (
            "L'entreprise travaille seule.",
            "Des contacts existent mais aucun projet commun.",
            "Au moins un partenariat actif avec un centre technique, une école ou une entreprise.",
            "Plusieurs partenariats, choisis selon la stratégie, donnent des résultats mesurables.",
            "L'entreprise anime des coopérations et accueille des pairs dans son usine "
            "pour travailler sur leurs problèmes.",
        ),
    ),
    (
        "innovation",
        "INN-5",
        "Propriété intellectuelle et savoir-faire",
        "Protection des savoir-faire (gammes, programmes, outillages spéciaux), brevets "
        "le cas échéant, clauses de confidentialité.",
        "Accords de confidentialité, inventaire des savoir-faire clés, dépôts éventuels.",
        1,
        (
            "Le savoir-faire n'est ni identifié ni protégé.",
            "Quelques accords de confidentialité sont signés à la demande des clients.",
            "Les savoir-faire clés sont identifiés et leur accès est maîtrisé.",
            "Une politique de protection existe (dépôts, enveloppes Soleau, clauses "
            "contractuelles) et est appliquée.",
            "La propriété intellectuelle est valorisée : licences, avantage commercial démontré.",
        ),
    ),
    (
        "innovation",
        "INN-6",
        "Diversification des marchés",
        "Dépendance à un secteur ou à un client et démarche pour en sortir.",
        "Répartition du chiffre d'affaires par secteur et par client sur trois ans.",
        2,
        (
            "Un client représente plus de la moitié du chiffre d'affaires, sans plan.",
            "La dépendance est connue mais aucune action n'est engagée.",
            "Un plan de diversification est écrit, avec des marchés cibles.",
            "Aucun client ne dépasse 25 % ; de nouveaux secteurs progressent.",
            "Le portefeuille est équilibré et l'entreprise a résisté à la crise d'un "
            "secteur grâce à sa diversification.",
        ),
    ),
    # RSE (ISO 26000)
    (
        "rse",
        "RSE-1",
        "Santé et sécurité au travail",
        "Document unique à jour, prévention des risques machines, des coupures, du bruit "
        "et des brouillards d'huile.",
        "Document unique, taux de fréquence et de gravité, plan de prévention, causeries.",
        3,
        (
            "Le document unique n'existe pas ou date de plus de trois ans.",
            "Le document unique existe mais les actions ne sont pas suivies.",
            "Les risques sont évalués chaque année, les accidents analysés, les actions suivies.",
            "Les accidents baissent depuis trois ans ; les salariés participent à la "
            "prévention (causeries, visites).",
            "Aucun accident avec arrêt depuis deux ans ; les pratiques sont partagées "
            "avec le réseau.",
        ),
    ),
    (
        "rse",
        "RSE-2",
        "Conditions de travail et qualité de vie",
        "Horaires, pénibilité, ergonomie des postes, équilibre des temps, dialogue social.",
        "Enquête interne, comptes rendus du CSE, aménagements réalisés.",
        2,
        (
            "Le sujet n'est pas abordé.",
            "Des plaintes sont traitées au cas par cas.",
            "Les conditions de travail sont évaluées et discutées avec le CSE chaque année.",
            "Des actions d'ergonomie et d'organisation du temps ont des effets mesurés "
            "(absentéisme, turnover).",
            "L'entreprise est citée comme employeur attractif de la vallée ; ses "
            "pratiques sont reprises par d'autres.",
        ),
    ),
    (
        "rse",
        "RSE-3",
        "Consommation d'énergie",
        "Suivi et réduction des consommations : compresseurs, chauffage, machines en "
        "veille, récupération de chaleur.",
        "Relevés de consommation, audit énergétique, actions et gains.",
        2,
        (
            "Les consommations ne sont pas connues au-delà de la facture.",
            "Les factures sont suivies, sans analyse par poste.",
            "Les principaux postes sont mesurés et un plan d'économie est engagé.",
            "La consommation par pièce produite baisse depuis trois ans.",
            "L'entreprise produit ou récupère une part de son énergie et partage ses résultats.",
        ),
    ),
    (
        "rse",
        "RSE-4",
        "Huiles, copeaux et déchets",
        "Gestion des huiles de coupe, des copeaux, des boues et des déchets dangereux ; "
        "tri, valorisation, traçabilité.",
        "Bordereaux de suivi des déchets, contrats de reprise, taux de valorisation.",
        2,
        (
            "Les déchets ne sont ni triés ni tracés.",
            "Le tri de base existe ; les déchets dangereux sont enlevés sans suivi précis.",
            "Les filières sont identifiées, les bordereaux tenus, les copeaux valorisés.",
            "Les huiles sont filtrées et recyclées ; les quantités de déchets par pièce baissent.",
            "L'économie circulaire est organisée avec d'autres entreprises (mutualisation "
            "des filières).",
        ),
    ),
    (
        "rse",
        "RSE-5",
        "Achats responsables",
        "Critères sociaux et environnementaux dans le choix des fournisseurs et "
        "sous-traitants ; délais de paiement.",
        "Charte fournisseurs, évaluations, délais de paiement réels.",
        1,
        (
            "Seul le prix compte.",
            "Quelques fournisseurs sont choisis pour leur proximité, sans critère écrit.",
            "Une grille d'évaluation inclut des critères sociaux et environnementaux.",
            "Les fournisseurs principaux sont évalués chaque année et accompagnés.",
            "Les achats responsables sont mesurés et les délais de paiement sont exemplaires.",
        ),
    ),
    (
        "rse",
        "RSE-6",
        "Ancrage territorial",
        "Relations avec la commune, les écoles, l'emploi local, les associations.",
        "Partenariats locaux, accueil de stagiaires et d'apprentis, actions menées.",
        1,
        (
            "Aucun lien avec le territoire.",
            "Des liens ponctuels (un stagiaire, un don).",
            "L'entreprise accueille régulièrement apprentis et stagiaires et participe à "
            "la vie locale.",
            "Des partenariats durables avec les lycées et l'emploi local sont en place.",
            "L'entreprise est un acteur reconnu du territoire et porte des actions collectives.",
        ),
    ),
    (
        "rse",
        "RSE-7",
        "Égalité et diversité",
        "Égalité femmes-hommes, handicap, âge, intégration des nouveaux arrivants.",
        "Index d'égalité, emplois de personnes handicapées, parcours d'intégration.",
        1,
        (
            "Le sujet n'est pas traité.",
            "Les obligations légales sont connues mais mal suivies.",
            "Les obligations sont respectées et des actions sont engagées.",
            "Les indicateurs progressent ; des postes sont adaptés.",
            "Les pratiques sont exemplaires et partagées avec le réseau.",
        ),
    ),
    (
        "rse",
        "RSE-8",
        "Éthique des affaires et loyauté",
        "Règles claires sur les cadeaux, la concurrence, la confidentialité des données clients.",
        "Charte éthique, règles écrites, formation des commerciaux et acheteurs.",
        1,
        (
            "Aucune règle écrite.",
            "Des règles orales, connues de quelques personnes.",
            "Une charte écrite est diffusée à tous.",
            "La charte est appliquée et vérifiée ; les manquements sont traités.",
            "L'éthique est reconnue par les clients et les partenaires.",
        ),
    ),
    # Management
    (
        "management",
        "MAN-1",
        "Compétences et formation",
        "Identification des compétences clés (régleur, programmeur, métrologue) et plan "
        "de formation.",
        "Matrice de compétences, plan de formation, entretiens professionnels.",
        3,
        (
            "Les compétences ne sont pas identifiées ; on forme quand on peut.",
            "Les formations obligatoires sont faites ; le reste au cas par cas.",
            "Une matrice de compétences existe et le plan de formation en découle.",
            "Les compétences rares sont doublées ; le plan est évalué chaque année.",
            "L'entreprise forme aussi pour la filière (tutorat, école interne) et partage "
            "ses parcours.",
        ),
    ),
    (
        "management",
        "MAN-2",
        "Transmission des savoir-faire",
        "Les départs en retraite ne font pas perdre le savoir-faire : tutorat, fiches, "
        "vidéos de réglage.",
        "Liste des savoir-faire critiques, binômes, fiches ou vidéos réalisées.",
        2,
        (
            "Le savoir-faire est dans la tête de quelques personnes.",
            "Les départs sont anticipés au dernier moment.",
            "Les savoir-faire critiques sont listés et un tutorat est organisé.",
            "Les savoir-faire sont écrits ou filmés et utilisés pour former.",
            "L'entreprise contribue à la base de connaissances du réseau.",
        ),
    ),
    (
        "management",
        "MAN-3",
        "Recrutement et intégration",
        "Attirer et garder : offres, parcours d'accueil, suivi des premiers mois.",
        "Parcours d'intégration, taux de départ dans la première année.",
        2,
        (
            "Aucun accueil organisé.",
            "Un accueil sécurité seulement.",
            "Un parcours d'intégration écrit est suivi pour chaque arrivée.",
            "Le départ dans la première année est mesuré et baisse.",
            "Les nouveaux recommandent l'entreprise ; ses pratiques sont reprises.",
        ),
    ),
    (
        "management",
        "MAN-4",
        "Communication interne et dialogue",
        "Les salariés connaissent les résultats, les objectifs et les projets ; ils "
        "peuvent s'exprimer.",
        "Réunions d'équipe, affichage des indicateurs, comptes rendus.",
        2,
        (
            "L'information ne descend pas.",
            "Information ponctuelle par note de service.",
            "Des réunions régulières présentent les résultats et les projets.",
            "Chaque équipe a un point court quotidien ou hebdomadaire avec ses indicateurs.",
            "Le dialogue est vivant et les salariés contribuent aux décisions qui les concernent.",
        ),
    ),
    (
        "management",
        "MAN-5",
        "Amélioration continue à l'atelier",
        "Méthodes de résolution de problèmes (5 pourquoi, QRQC, 8D), 5S, SMED sur les "
        "changements de série.",
        "Fiches de résolution, audits 5S, temps de changement de série mesurés.",
        3,
        (
            "Les problèmes sont traités dans l'urgence, sans méthode.",
            "Une méthode est connue de l'encadrement, peu appliquée.",
            "Les problèmes importants sont traités avec une méthode écrite ; le 5S est en place.",
            "Les équipes résolvent elles-mêmes leurs problèmes ; les temps de changement baissent.",
            "L'amélioration continue est une culture ; l'entreprise forme d'autres membres.",
        ),
    ),
    (
        "management",
        "MAN-6",
        "Qualité et satisfaction client",
        "Maîtrise de la qualité des pièces (autocontrôle, MSP, métrologie) et écoute des clients.",
        "Taux de retours clients, PPM, enquêtes, certifications (ISO 9001, IATF, 13485).",
        3,
        (
            "La qualité repose sur le contrôle final.",
            "Les réclamations sont traitées une à une, sans analyse.",
            "L'autocontrôle est en place ; les réclamations sont analysées ; la "
            "satisfaction est mesurée.",
            "Les PPM baissent depuis trois ans ; la MSP est utilisée sur les cotes critiques.",
            "L'entreprise est fournisseur de référence de ses clients.",
        ),
    ),
    (
        "management",
        "MAN-7",
        "Délégation et autonomie",
        "Les responsabilités sont définies ; le dirigeant n'est pas le seul à décider.",
        "Organigramme, fiches de fonction, délégations écrites.",
        1,
        (
            "Tout remonte au dirigeant.",
            "Quelques délégations orales.",
            "Les responsabilités sont écrites et connues.",
            "Les responsables décident dans leur domaine et rendent compte.",
            "L'entreprise fonctionne sans le dirigeant pendant plusieurs semaines.",
        ),
    ),
    # Pilotage stratégique
    (
        "pilotage-strategique",
        "PIL-1",
        "Vision et stratégie écrites",
        "Une stratégie à trois ou cinq ans, connue de l'encadrement, revue chaque année.",
        "Document de stratégie, plan d'actions, compte rendu de la revue annuelle.",
        3,
        (
            "Pas de stratégie formalisée.",
            "La stratégie est dans la tête du dirigeant.",
            "Une stratégie est écrite et partagée avec l'encadrement.",
            "La stratégie se décline en objectifs suivis et revus chaque année.",
            "La stratégie est construite avec les équipes et ajustée selon les résultats.",
        ),
    ),
    (
        "pilotage-strategique",
        "PIL-2",
        "Tableau de bord et indicateurs",
        "Quelques indicateurs clés (TRS, rebut, délai, marge, sécurité) suivis et utilisés.",
        "Tableau de bord, historique, décisions prises à partir des indicateurs.",
        2,
        (
            "Aucun indicateur suivi.",
            "Des chiffres sont connus mais pas suivis dans le temps.",
            "Un tableau de bord mensuel existe et est discuté.",
            "Les indicateurs sont déclinés par atelier et déclenchent des actions.",
            "Les indicateurs sont comparés avec les pairs du réseau.",
        ),
    ),
    (
        "pilotage-strategique",
        "PIL-3",
        "Maîtrise économique et financière",
        "Connaissance des coûts de revient par pièce, de la marge par client, de la trésorerie.",
        "Calcul des coûts, prévisionnel de trésorerie, suivi des marges.",
        3,
        (
            "Les prix sont fixés au jugé.",
            "Le coût machine est connu, la marge par client ne l'est pas.",
            "Les coûts de revient sont calculés et les devis s'appuient dessus.",
            "La marge par client et par famille est suivie ; la trésorerie est prévue "
            "à douze mois.",
            "La performance économique est pilotée finement et anticipée.",
        ),
    ),
    (
        "pilotage-strategique",
        "PIL-4",
        "Investissements",
        "Choix des machines et des équipements selon la stratégie, avec un retour sur "
        "investissement calculé.",
        "Plan d'investissement, études de rentabilité, bilans après mise en service.",
        2,
        (
            "Les investissements se font au coup par coup.",
            "Les investissements répondent à une demande client immédiate.",
            "Un plan d'investissement pluriannuel existe.",
            "Chaque investissement est justifié puis évalué après un an.",
            "Les investissements anticipent les marchés et sont partagés (capacités "
            "mises à disposition du réseau).",
        ),
    ),
    (
        "pilotage-strategique",
        "PIL-5",
        "Gestion des risques et continuité",
        "Risques majeurs (client principal, incendie, cyberattaque, départ d'une "
        "personne clé) et plan de continuité.",
        "Cartographie des risques, plan de continuité, sauvegardes testées.",
        2,
        (
            "Les risques ne sont pas identifiés.",
            "Les risques sont connus, sans plan.",
            "Les risques majeurs sont cartographiés et des parades sont prévues.",
            "Le plan de continuité est testé (sauvegardes, machine de secours, sous-traitance).",
            "L'entreprise a surmonté un incident grâce à son plan et en partage les leçons.",
        ),
    ),
    (
        "pilotage-strategique",
        "PIL-6",
        "Gouvernance et transmission de l'entreprise",
        "Rôle des actionnaires, conseil, préparation de la succession du dirigeant.",
        "Comptes rendus de conseil, plan de succession.",
        1,
        (
            "Aucune réflexion sur la gouvernance ou la succession.",
            "La succession est évoquée, sans plan.",
            "Une gouvernance claire existe et la succession est préparée.",
            "Un conseil avec des regards extérieurs accompagne le dirigeant.",
            "La transmission est réussie ou organisée dans le détail.",
        ),
    ),
    # Industrie 4.0
    (
        "industrie-4-0",
        "I40-1",
        "Données de production",
        "Collecte des données machines (temps de cycle, arrêts, TRS) et usage pour décider.",
        "Système de suivi de production, tableaux de TRS, exemples d'actions.",
        2,
        (
            "Les données de production sont notées à la main ou pas du tout.",
            "Quelques machines remontent des données, peu exploitées.",
            "Le TRS est mesuré automatiquement sur les machines principales.",
            "Les données servent à planifier et à la maintenance préventive.",
            "Les données alimentent une amélioration continue partagée avec les clients.",
        ),
    ),
    (
        "industrie-4-0",
        "I40-2",
        "Cybersécurité",
        "Protection des machines connectées, des programmes et des données clients.",
        "Sauvegardes, mises à jour, segmentation du réseau, sensibilisation.",
        2,
        (
            "Aucune mesure de sécurité informatique.",
            "Un antivirus et des sauvegardes non testées.",
            "Les sauvegardes sont testées, les comptes protégés, le réseau machines séparé.",
            "Un plan de cybersécurité est suivi, les salariés sont sensibilisés.",
            "L'entreprise a passé un audit et partage ses pratiques.",
        ),
    ),
    (
        "industrie-4-0",
        "I40-3",
        "Automatisation et robotique",
        "Chargement automatique, robotique, contrôle en ligne, selon la rentabilité.",
        "Équipements automatisés, études, résultats.",
        1,
        (
            "Aucune automatisation au-delà des machines.",
            "L'automatisation est envisagée sans étude.",
            "Des postes sont automatisés après une étude de rentabilité.",
            "L'automatisation libère du temps pour des tâches à valeur ajoutée.",
            "L'entreprise fonctionne en partie sans présence humaine de façon sûre.",
        ),
    ),
    (
        "industrie-4-0",
        "I40-4",
        "Outils numériques de gestion",
        "ERP, GPAO, gestion documentaire : l'information circule sans ressaisie.",
        "Logiciels utilisés, flux d'information, ressaisies supprimées.",
        1,
        (
            "Tout est sur papier ou tableurs isolés.",
            "Un logiciel de gestion existe mais est peu utilisé.",
            "L'ERP couvre les commandes, la production et la facturation.",
            "Les outils sont reliés : plus de ressaisie entre les services.",
            "Les échanges numériques avec clients et fournisseurs sont automatisés.",
        ),
    ),
]
