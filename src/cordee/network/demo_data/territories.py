"""Where the demo's companies are: its territories and the communes of each.

Communes are named by INSEE code (their names are in ``communes-74.csv`` and
``communes-73.csv``), the most industrial first: companies go to the first
communes of an area more often.
"""

from __future__ import annotations

from dataclasses import dataclass

# Tables of INSEE codes: kept compact.
# fmt: off

REGION = ("Auvergne-Rhône-Alpes", "aura")
# INSEE department code: (name, slug)
DEPARTMENTS = {"74": ("Haute-Savoie", "haute-savoie"), "73": ("Savoie", "savoie")}

# Cluses, Scionzier, Marnaz, Thyez, Magland, Nancy-sur-Cluses, Arâches-la-Frasse,
# Châtillon-sur-Cluses, Saint-Sigismond, Le Reposoir, Mont-Saxonnex.
CLUSES = ("74081", "74264", "74169", "74278", "74159", "74196", "74014", "74064", "74252", "74221", "74189")
# Marignier, Bonneville, La Roche-sur-Foron, Vougy, Saint-Pierre-en-Faucigny, Ayse,
# Contamine-sur-Arve, Amancy, Arenthon, Reignier-Ésery, Cornier, Glières-Val-de-Borne,
# Scientrier, Pers-Jussy.
FAUCIGNY = ("74164", "74042", "74224", "74312", "74250", "74024", "74087", "74007", "74018", "74220", "74090", "74212", "74262", "74211")
# Sallanches, Passy, Domancy, Saint-Gervais-les-Bains, Chamonix-Mont-Blanc, Combloux,
# Cordon, Les Houches, Megève, Servoz.
MONT_BLANC = ("74256", "74208", "74103", "74236", "74056", "74083", "74089", "74143", "74173", "74266")
# Annecy, Epagny Metz-Tessy, Poisy, Argonay, Fillière, Sillingy, Chavanod, Villaz,
# Faverges-Seythenex, Sevrier, Saint-Jorioz, Veyrier-du-Lac, Doussard, Alby-sur-Chéran,
# Groisy, Thônes.
ANNECY = ("74010", "74112", "74213", "74019", "74282", "74272", "74067", "74303", "74123", "74267", "74242", "74299", "74104", "74002", "74137", "74280")
# Thonon-les-Bains, Publier, Évian-les-Bains, Allinges, Douvaine, Sciez, Bons-en-Chablais,
# Margencel, Anthy-sur-Léman, Marin, Perrignier, Neuvecelle, Lugrin, Armoy, Chens-sur-Léman,
# Excenevex, Cervens, Lully, Draillant, Orcier, Saint-Paul-en-Chablais, Abondance, Morzine,
# Le Biot, Saint-Jean-d'Aulps, Les Gets, Châtel.
CHABLAIS = ("74281", "74218", "74119", "74005", "74105", "74263", "74043", "74163", "74013", "74166", "74210", "74200", "74154", "74020", "74070", "74121", "74053", "74156", "74106", "74206", "74249", "74001", "74191", "74034", "74238", "74134", "74063")
# Annemasse, Saint-Julien-en-Genevois, Gaillard, Ville-la-Grand, Vétraz-Monthoux, Archamps,
# Cranves-Sales, Ambilly, Étrembières, Bonne, Juvigny, Lucinges, Saint-Cergues,
# Collonges-sous-Salève, Valleiry, Viry, Vulbens, Chevrier, Cruseilles, Allonzier-la-Caille.
GENEVOIS = ("74012", "74243", "74133", "74305", "74298", "74016", "74094", "74008", "74118", "74040", "74145", "74153", "74229", "74082", "74288", "74309", "74314", "74074", "74096", "74006")
# Rumilly, Taninges, Saint-Jeoire, Fillinges (Haute-Savoie, in no branch of the demo).
HAUTE_SAVOIE_ELSEWHERE = ("74225", "74276", "74241", "74128")
# Albertville, Ugine, Gilly-sur-Isère, Frontenex, Montmélian, Grignon, Tournon,
# Sainte-Hélène-sur-Isère, Saint-Pierre-d'Albigny, Venthon, Allondaz, Mercury, Pallud,
# Marthod, La Bâthie, Cevins, Esserts-Blay, Tours-en-Savoie.
COMBE_DE_SAVOIE = ("73011", "73303", "73124", "73121", "73171", "73130", "73297", "73241", "73270", "73308", "73014", "73154", "73196", "73153", "73032", "73063", "73110", "73298")
# Saint-Jean-de-Maurienne, Saint-Michel-de-Maurienne, Modane, La Chambre,
# Saint-Étienne-de-Cuines, Saint-Avre, Val-d'Arc, Épierre, Saint-Rémy-de-Maurienne,
# Saint-Julien-Mont-Denis, Villargondran.
MAURIENNE = ("73248", "73261", "73157", "73067", "73231", "73224", "73212", "73109", "73278", "73250", "73320")
# Chambéry, Aix-les-Bains (Savoie, in no branch).
SAVOIE_ELSEWHERE = ("73065", "73008")

# fmt: on


@dataclass(frozen=True)
class Area:
    """Communes where companies are placed, and the territory they belong to.

    ``slug`` names a branch (created under its department) or, when
    ``branch`` is false, the department itself.
    """

    slug: str
    name: str
    department: str
    groups: tuple[tuple[str, ...], ...]  # INSEE codes, the most industrial first in each
    weight: int  # share of the companies, in percent
    branch: bool = True

    @property
    def communes(self) -> tuple[str, ...]:
        return tuple(code for group in self.groups for code in group)

    @property
    def commune_weights(self) -> tuple[int, ...]:
        """How often companies go to each commune: the first of each group most often."""
        return tuple(
            6 if index < 3 else 3 if index < 6 else 1
            for group in self.groups
            for index in range(len(group))
        )


DEMO_AREAS = (
    Area("arve", "Vallée de l'Arve", "74", (CLUSES, FAUCIGNY, MONT_BLANC), 84),
    Area("annecy", "Bassin annécien", "74", (ANNECY,), 7),
    Area("chablais", "Chablais", "74", (CHABLAIS,), 5),
    Area(
        "haute-savoie",
        "Haute-Savoie",
        "74",
        (HAUTE_SAVOIE_ELSEWHERE, GENEVOIS[:4]),
        4,
        branch=False,
    ),
)

# Region, two departments and seven branches: ten territories.
REGIONAL_AREAS = (
    Area("arve", "Vallée de l'Arve", "74", (CLUSES, FAUCIGNY), 36),
    Area("mont-blanc", "Pays du Mont-Blanc", "74", (MONT_BLANC,), 10),
    Area("annecy", "Bassin annécien", "74", (ANNECY,), 15),
    Area("chablais", "Chablais", "74", (CHABLAIS,), 9),
    Area("genevois", "Genevois", "74", (GENEVOIS,), 11),
    Area("haute-savoie", "Haute-Savoie", "74", (HAUTE_SAVOIE_ELSEWHERE,), 3, branch=False),
    Area("combe-de-savoie", "Combe de Savoie", "73", (COMBE_DE_SAVOIE,), 7),
    Area("maurienne", "Maurienne", "73", (MAURIENNE,), 6),
    Area("savoie", "Savoie", "73", (SAVOIE_ELSEWHERE,), 3, branch=False),
)
