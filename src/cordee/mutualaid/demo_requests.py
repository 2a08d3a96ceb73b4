"""The demo's help requests: French questions of the shop floor, their answers and outcomes.

An asker or helper is a demo account ("head", "member", "expert") or a number,
picked from a pool of the demo network's people (see :mod:`cordee.mutualaid.demo`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cordee.mutualaid.models import Urgency


@dataclass(frozen=True)
class DemoAnswer:
    helper: str | int  # "expert", "member", "head" or an index into the pool of helpers
    body: str
    solution: bool = False


@dataclass(frozen=True)
class DemoRequest:
    title: str
    description: str
    asker: str | int  # "head", "member", "expert" or an index into the pool of askers
    days_ago: float
    theme: str = ""
    skills: tuple[str, ...] = ()
    discreet: bool = False
    urgency: str = Urgency.NORMAL
    answers: tuple[DemoAnswer, ...] = field(default_factory=tuple)
    outcome: str = ""
    capitalise: bool = False
    asked: tuple[str, ...] = ()


A = DemoAnswer
REQUESTS = (
    DemoRequest(
        "Bavures persistantes sur pièces laiton après passage au sans plomb",
        "Depuis le passage au **laiton CW724R** (sans plomb), nos pièces sortent des "
        "multibroches avec des bavures en fond de perçage. Le copeau est long et s'enroule.\n\n"
        "- vitesse de coupe déjà réduite de 15 %\n- brise-copeaux testés sans effet net\n\n"
        "Qui a trouvé le bon réglage ou la bonne finition ?",
        "head",
        3.5,
        theme="innovation",
        skills=("decolletage-multibroches", "ebavurage"),
        discreet=True,
        urgency=Urgency.HIGH,
        answers=(
            A(
                "expert",
                "Nous avons eu le même souci : une tribofinition avec médias céramiques "
                "de 3 mm, 40 minutes, a réglé les bavures de fond. Le copeau, lui, se maîtrise "
                "mieux avec une huile plus visqueuse.",
                True,
            ),
            A(
                0,
                "Vérifiez aussi la géométrie des forets : un angle de pointe à 130° nous a "
                "beaucoup aidés sur le sans plomb.",
            ),
        ),
        asked=("expert",),
    ),
    DemoRequest(
        "Cloquage du nickel chimique sur pièces en laiton serties",
        "Le dépôt de nickel chimique cloque après sertissage sur environ 2 % des pièces. "
        "Le sous-traitant incrimine notre lavage. Comment objectiver la propreté avant dépôt ?",
        3,
        60,
        skills=("traitement-de-surface", "lavage-degraissage"),
        answers=(
            A(
                "expert",
                "Faites un test de mouillabilité (encres de tension de surface) en "
                "sortie de lavage, et demandez au sous-traitant son activation : un décapage "
                "trop court donne exactement ce défaut.",
                True,
            ),
            A(
                1,
                "Chez nous c'était un rinçage à l'eau trop calcaire : passez en eau "
                "déminéralisée pour le dernier rinçage.",
            ),
        ),
        outcome="Test des encres mis en place : la propreté était bonne, l'activation chez "
        "le sous-traitant a été allongée. Plus de cloquage depuis six semaines.",
        capitalise=True,
    ),
    DemoRequest(
        "Recruter un régleur sur tours multibroches : où chercher ?",
        "Nous cherchons depuis six mois un régleur confirmé sur Tornos MultiSwiss. "
        "Les annonces classiques ne donnent rien. Quelles filières ou partenariats marchent ?",
        4,
        45,
        theme="management",
        skills=("decolletage-multibroches", "formation", "ressources-humaines"),
        answers=(
            A(
                5,
                "Le lycée Charles-Poncet à Cluses forme en alternance : prenez un apprenti "
                "et faites-le accompagner par votre meilleur régleur, c'est long mais durable.",
                True,
            ),
            A(
                "member",
                "Le groupement d'employeurs de la vallée a partagé un régleur entre "
                "trois entreprises l'an dernier : ça peut dépanner.",
            ),
        ),
        outcome="Un apprenti est arrivé en septembre ; le groupement d'employeurs nous prête "
        "un régleur deux jours par semaine en attendant.",
        capitalise=True,
    ),
    DemoRequest(
        "Audit IATF 16949 dans un mois : retours d'expérience sur l'AMDEC process ?",
        "Notre premier audit IATF approche. L'AMDEC process est notre point faible : "
        "trop de lignes, des cotations incohérentes. Comment l'avez-vous structurée ?",
        "expert",
        30,
        skills=("controle-qualite", "amelioration-continue"),
        answers=(
            A(
                2,
                "Partez des flux et pas des machines, et cotez en binôme production/qualité. "
                "Nous avons divisé le nombre de lignes par trois.",
                True,
            ),
        ),
        outcome="AMDEC refaite par flux en trois ateliers ; l'audit est passé sans écart majeur.",
    ),
    DemoRequest(
        "Maintenance préventive des barres ravitailleuses : quelle fréquence ?",
        "Nos ravitailleurs tombent en panne au pire moment. Quel plan de maintenance "
        "préventive appliquez-vous, et avec quel suivi ?",
        6,
        25,
        skills=("maintenance-industrielle", "decolletage"),
        answers=(
            A(
                7,
                "Graissage hebdomadaire des guides, contrôle mensuel des canaux et "
                "changement des poussoirs tous les six mois. Suivi dans une GMAO simple.",
            ),
        ),
    ),
    DemoRequest(
        "Réduire la consommation d'huile de coupe entière",
        "Nous consommons beaucoup d'huile entière, entraînée par les copeaux. Qui a investi "
        "dans une centrifugeuse à copeaux, et pour quel retour sur investissement ?",
        8,
        75,
        theme="rse",
        skills=("transition-energetique", "decolletage"),
        answers=(
            A(
                9,
                "Centrifugeuse installée il y a deux ans : 60 % d'huile récupérée, amortie en "
                "18 mois. Et les copeaux secs se revendent mieux.",
                True,
            ),
        ),
        outcome="Centrifugeuse commandée, avec une aide de la Région à l'efficacité "
        "des ressources.",
        capitalise=True,
    ),
    DemoRequest(
        "Bilan carbone simplifié pour une PME de 40 personnes",
        "Un client automobile nous demande notre bilan carbone. Par où commencer sans "
        "bureau d'études ? Quel outil avez-vous utilisé ?",
        10,
        40,
        theme="rse",
        skills=("rse", "transition-energetique"),
        answers=(
            A(
                11,
                "L'outil gratuit de l'ADEME suffit pour un premier bilan. Comptez deux "
                "semaines de collecte, surtout les achats de matière.",
            ),
            A(
                12,
                "La CCI propose un accompagnement collectif : nous l'avons fait à huit "
                "entreprises, c'est plus motivant.",
                True,
            ),
        ),
        outcome="Inscrits à l'accompagnement collectif de la CCI.",
    ),
    DemoRequest(
        "Écarts de mesure entre notre labo et celui du client",
        "Nos mesures de diamètre (tolérance ±5 µm) diffèrent de 3 µm de celles du client. "
        "Qui a mené une étude de corrélation entre laboratoires ?",
        13,
        20,
        skills=("metrologie", "controle-qualite"),
        discreet=True,
        answers=(
            A(
                "expert",
                "Échangez cinq pièces étalons mesurées dans les deux laboratoires, à "
                "20 °C stabilisés : nous avions 2 µm dus à la température seule.",
            ),
        ),
    ),
    DemoRequest(
        "Passer l'atelier en 2x8 avec une équipe de week-end ?",
        "Nous réfléchissons à une équipe de suppléance le week-end pour libérer les 2x8. "
        "Retours d'expérience sur l'organisation et l'accord d'entreprise ?",
        14,
        90,
        theme="management",
        skills=("management", "ressources-humaines"),
        answers=(
            A(
                15,
                "Faites-le sur la base du volontariat et avec un accord clair sur la "
                "majoration : chez nous l'équipe de week-end est stable depuis quatre ans.",
                True,
            ),
        ),
        outcome="Équipe de suppléance lancée avec quatre volontaires.",
    ),
    DemoRequest(
        "Contrôle par vision des filetages en sortie de machine",
        "Nous voulons contrôler 100 % des filetages M2 en sortie de machine. Quelqu'un "
        "utilise-t-il une caméra en ligne ? Quel fournisseur, quelle cadence ?",
        16,
        35,
        theme="innovation",
        skills=("vision-industrielle", "industrie-4-0", "roulage-filetage"),
        answers=(
            A(
                17,
                "Caméra télécentrique et éclairage en lumière rasante : 2 pièces par "
                "seconde, mais il a fallu trois mois de mise au point.",
            ),
        ),
    ),
    DemoRequest(
        "Transmission de l'entreprise familiale : par où commencer ?",
        "Je prendrai ma retraite d'ici cinq ans, sans repreneur dans la famille. "
        "Qui est passé par là et peut me dire par où commencer ?",
        18,
        120,
        theme="pilotage-strategique",
        skills=("transmission-entreprise",),
        discreet=True,
        answers=(
            A(
                19,
                "Commencez par faire évaluer l'entreprise et préparez un cadre pour "
                "prendre le relais. Et parlez-en tôt au banquier.",
                True,
            ),
            A(
                20,
                "J'ai repris une entreprise de la vallée il y a six ans : je peux vous "
                "raconter ce qui a marché et ce qui aurait pu mieux se passer.",
            ),
        ),
        outcome="Évaluation lancée, et un rendez-vous pris avec un repreneur potentiel "
        "rencontré grâce au réseau.",
        capitalise=True,
    ),
    DemoRequest(
        "Traitement thermique : déformation des axes après trempe",
        "Nos axes de 80 mm se déforment de 0,05 mm après trempe. Le traiteur propose un "
        "redressage, mais le client le refuse. Des idées ?",
        21,
        14,
        skills=("traitement-thermique", "rectification"),
        urgency=Urgency.HIGH,
        answers=(
            A(
                "expert",
                "Une trempe sous presse ou une trempe par induction localisée limite "
                "la déformation. Voyez aussi un recuit de détente avant trempe.",
            ),
        ),
    ),
    DemoRequest(
        "Lean : un chantier SMED sur tour à poupée mobile, des conseils ?",
        "Nos changements de série sur Citizen prennent 2 h 30. Avant de lancer un chantier "
        "SMED, qui l'a fait sur des tours à poupée mobile ?",
        "member",
        50,
        skills=("lean-manufacturing", "decolletage-poupee-mobile"),
        answers=(
            A(
                22,
                "Filmez un changement complet et dépouillez-le en équipe : on a gagné une "
                "heure rien qu'en préparant les outils à l'avance.",
                True,
            ),
            A(23, "Standardisez les porte-outils entre machines, c'est le gros gain."),
        ),
        outcome="Changement de série ramené à 1 h 20 ; le chantier continue.",
    ),
    DemoRequest(
        "Partager un robot de chargement entre deux entreprises voisines ?",
        "Un robot collaboratif ne serait occupé qu'à mi-temps chez nous. Quelqu'un a-t-il "
        "déjà mutualisé un équipement de ce type ?",
        24,
        9,
        theme="innovation",
        skills=("robotique",),
    ),
    DemoRequest(
        "Accident du travail sur une presse : refaire l'analyse des risques",
        "Après un accident sans gravité sur une presse, l'inspection nous demande de refaire "
        "le document unique pour l'atelier. Un modèle qui a fait ses preuves ?",
        25,
        70,
        theme="rse",
        skills=("sante-securite", "decoupage-emboutissage"),
        discreet=True,
        answers=(
            A(
                26,
                "La CARSAT fournit une trame par poste ; faites l'évaluation avec les "
                "opérateurs eux-mêmes, c'est ce que l'inspection regarde.",
                True,
            ),
        ),
        outcome="Document unique refait avec les opérateurs ; l'inspection l'a validé.",
    ),
    DemoRequest(
        "Électroérosion à fil : casse de fil répétée sur acier trempé",
        "Sur des plaques en acier trempé de 60 mm, le fil casse toutes les heures. Réglages "
        "du générateur ou qualité du fil ?",
        27,
        28,
        skills=("electroerosion",),
        answers=(
            A(
                28,
                "Passez en fil zingué de 0,25 et baissez l'énergie en début de coupe ; "
                "vérifiez surtout la résistivité de l'eau.",
            ),
        ),
    ),
    DemoRequest(
        "Exporter vers la Suisse : dédouanement des petites séries",
        "Nos envois de petites séries vers l'arc horloger suisse restent bloqués en douane. "
        "Transitaire, procédure simplifiée : qu'avez-vous mis en place ?",
        29,
        55,
        theme="pilotage-strategique",
        skills=("export",),
        answers=(
            A(
                30,
                "Le statut d'exportateur agréé nous a simplifié la vie : origine déclarée "
                "sur la facture, plus de certificat à chaque envoi.",
                True,
            ),
        ),
        outcome="Demande d'exportateur agréé déposée.",
    ),
    DemoRequest(
        "Retour d'expérience sur une GMAO simple pour 15 machines",
        "Nous voulons quitter le tableur pour suivre la maintenance. Quelle GMAO légère "
        "utilisez-vous, et combien de temps pour la mettre en place ?",
        31,
        33,
        skills=("maintenance-industrielle", "industrie-4-0"),
        answers=(
            A(
                32,
                "Une GMAO en ligne à quelques dizaines d'euros par mois suffit. Le "
                "plus long a été de saisir l'historique : comptez un mois.",
            ),
        ),
    ),
    DemoRequest(
        "Fidéliser les jeunes embauchés en production",
        "Trois jeunes sur cinq nous quittent avant un an. Qu'est-ce qui marche chez vous "
        "pour les garder ?",
        33,
        100,
        theme="management",
        skills=("ressources-humaines", "formation"),
        answers=(
            A(
                34,
                "Un tuteur désigné et un point à 1, 3 et 6 mois. Et des horaires connus "
                "deux semaines à l'avance.",
            ),
            A(
                "member",
                "Chez nous, un parcours de polyvalence avec une prime à chaque "
                "poste validé a divisé les départs par deux.",
                True,
            ),
        ),
        outcome="Tutorat et parcours de polyvalence en place depuis la rentrée.",
    ),
    DemoRequest(
        "Mesurer l'OEE des multibroches sans tout changer",
        "Nous aimerions suivre le taux de rendement synthétique de nos multibroches. "
        "Boîtiers à poser sur les machines existantes : retours ?",
        35,
        19,
        theme="innovation",
        skills=("industrie-4-0", "decolletage-multibroches"),
    ),
    DemoRequest(
        "Fabrication additive métal pour des outillages de reprise",
        "Nos montages de reprise sont longs à usiner. Quelqu'un imprime-t-il des outillages "
        "en métal ? Pour quel coût ?",
        36,
        11,
        theme="innovation",
        skills=("fabrication-additive", "outillage-moules"),
        answers=(
            A(
                37,
                "Nous imprimons en polymère chargé pour les montages peu sollicités : "
                "cinq fois moins cher que le métal, et livré en deux jours.",
            ),
        ),
    ),
    DemoRequest(
        "Négocier une hausse du prix du laiton avec un donneur d'ordre",
        "Le cours du laiton a pris 20 %, notre client refuse l'indexation. Comment "
        "avez-vous présenté la clause d'indexation matière ?",
        38,
        8,
        theme="pilotage-strategique",
        skills=("achats-supply-chain",),
        discreet=True,
        urgency=Urgency.HIGH,
    ),
    DemoRequest(
        "Soudage laser de petites pièces inox : sous-traitant dans la vallée ?",
        "Nous cherchons un sous-traitant de soudage laser pour des pièces inox de quelques "
        "millimètres, en petites séries.",
        39,
        5,
        skills=("soudage",),
        answers=(
            A(40, "Nous avons une soudeuse laser et de la capacité le vendredi : contactez-moi."),
        ),
    ),
    DemoRequest(
        "Rectification sans centre : état de surface irrégulier",
        "Sur des goupilles de 3 mm, l'état de surface varie d'une série à l'autre "
        "(Ra 0,2 à 0,6). Meule, dressage, lubrification ?",
        41,
        2.5,
        skills=("rectification", "usinage-de-precision"),
        urgency=Urgency.HIGH,
    ),
    DemoRequest(
        "Valoriser les copeaux de laiton : quel repreneur ?",
        "Nous vendons nos copeaux de laiton en vrac. Qui les fait reprendre triés et "
        "essorés, et à quel prix ?",
        42,
        6,
        theme="rse",
        skills=("rse", "decolletage"),
        answers=(
            A(
                "head",
                "Triés et essorés, nous en tirons près de 80 % du cours : le tri "
                "à la source change tout.",
            ),
        ),
    ),
)
