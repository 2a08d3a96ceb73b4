"""Build ``sample-archive.zip``: the archive of an old network, for the archive import.

Run ``python src/cordee/knowledge/demo_data/make_sample_archive.py`` after
changing the texts below; the ZIP file is committed. It holds documents of the
"Arve Industries" network (2015-2020) in nested folders, in every supported
format, and on purpose: an exact duplicate, a damaged PDF, a PDF protected by
a password, an empty file, an image and a ZIP inside the ZIP, so that the
report shows every reason for skipping a file.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).parent
TARGET = HERE / "sample-archive.zip"


# A minimal PDF writer: one page per text, Helvetica in WinAnsi (enough for French).


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def make_pdf(lines: list[str], *, title: str = "", created: str = "") -> bytes:
    """A valid one-page PDF showing ``lines``; ``created`` is "YYYYMMDD"."""
    stream = [b"BT /F1 11 Tf 56 780 Td 15 TL"]
    for line in lines:
        stream.append(_pdf_string(line) + b" Tj T*")
    stream.append(b"ET")
    content = b"\n".join(stream)
    info = []
    if title:
        info.append(b"/Title " + _pdf_string(title))
    if created:
        info.append(b"/CreationDate (D:" + created.encode() + b"120000)")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        b"<< " + b" ".join(info) + b" >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def make_encrypted_pdf(lines: list[str]) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(lines))))
    writer.encrypt(user_password="mbi-2017", owner_password="mbi-2017-owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx(title: str, paragraphs: list[tuple[str, str]], *, created: datetime) -> bytes:
    """``paragraphs`` are (style, text): "h1", "h2", "li" or "p"."""
    import docx

    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.author = "Arve Industries"
    document.core_properties.created = created
    document.core_properties.modified = created
    document.core_properties.last_modified_by = "Arve Industries"
    for style, text in paragraphs:
        if style.startswith("h"):
            document.add_heading(text, level=int(style[1]))
        elif style == "li":
            document.add_paragraph(text, style="List Bullet")
        else:
            document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    # python-docx writes the current time in some parts: rewrite the ZIP with fixed dates.
    return _fixed_zip(out.getvalue(), created)


def make_odt(title: str, paragraphs: list[tuple[str, str]], *, created: datetime) -> bytes:
    from xml.sax.saxutils import escape

    body = []
    for style, text in paragraphs:
        if style.startswith("h"):
            body.append(f'<text:h text:outline-level="{style[1]}">{escape(text)}</text:h>')
        elif style == "li":
            body.append(
                f"<text:list><text:list-item><text:p>{escape(text)}</text:p>"
                "</text:list-item></text:list>"
            )
        else:
            body.append(f"<text:p>{escape(text)}</text:p>")
    namespaces = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2"'
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {namespaces}>'
        f"<office:body><office:text>{''.join(body)}</office:text></office:body>"
        "</office:document-content>"
    )
    meta = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta {namespaces}>'
        f"<office:meta><dc:title>{escape(title)}</dc:title>"
        f"<meta:creation-date>{created.isoformat()}</meta:creation-date></office:meta>"
        "</office:document-meta>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    stamp = created.timetuple()[:6]
    with zipfile.ZipFile(out, "w") as odt:
        # The mimetype comes first and uncompressed: that is how a reader recognises an ODT.
        odt.writestr(zipfile.ZipInfo("mimetype", stamp), "application/vnd.oasis.opendocument.text")
        for name, text in (
            ("content.xml", content),
            ("meta.xml", meta),
            ("META-INF/manifest.xml", manifest),
        ):
            odt.writestr(_info(name, stamp), text)
    return out.getvalue()


def _info(name: str, stamp: tuple[int, ...]) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, stamp)  # type: ignore[arg-type]
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _fixed_zip(data: bytes, when: datetime) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "docProps/core.xml":
                content = _pin_core_dates(content, when)
            target.writestr(_info(info.filename, when.timetuple()[:6]), content)
    return out.getvalue()


def _pin_core_dates(content: bytes, when: datetime) -> bytes:
    import re

    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp, content)


# The documents.

HTML_REX = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<title>REX : notre premier audit IATF 16949</title>
<meta name="date" content="2018-10-02">
<script>alert("ancien site")</script>
</head><body>
<h1>REX : notre premier audit IATF 16949</h1>
<p>Décolletage de la vallée, 45 personnes, fournisseur de rang 2 de l'automobile.</p>
<h2>Ce qui a coincé</h2>
<ul><li>Les analyses de risques (AMDEC) n'étaient pas tenues à jour.</li>
<li>La traçabilité des barres de laiton s'arrêtait au lot fournisseur.</li></ul>
<h2>Ce que nous referions</h2>
<p>Un <strong>audit à blanc</strong> par un pair du club qualité, trois mois avant.
Voir aussi <a href="https://www.iatfglobaloversight.org/">le site de l'IATF</a>.</p>
<p onclick="steal()">Contact : le club qualité d'Arve Industries.</p>
</body></html>
"""

MD_AUTOCONTROLE = """---
title: Fiche pratique : l'autocontrôle au poste
date: 2018-04-12
---
# Fiche pratique : l'autocontrôle au poste

Le régleur contrôle la première pièce ; l'opérateur contrôle ensuite **une pièce sur 50**
sur les cotes critiques, et note le résultat sur la carte de contrôle.

## Ce qu'il faut au poste

- un calibre tampon et une bague par cote critique ;
- la carte de contrôle, affichée à hauteur des yeux ;
- une consigne claire : que faire quand une cote sort de la tolérance.

## Résultat chez un adhérent de Marnaz

Les rebuts sont passés de 2,1 % à 0,6 % en six mois.
"""

MD_USURE = """# Fiche pratique : suivre l'usure des outils sur le laiton

Sur le laiton CuZn39Pb3, la plaquette d'ébauche s'use surtout en dépouille.
Compter les pièces par arête et changer **avant** la dérive des cotes évite
les séries entières à trier.

1. Noter le nombre de pièces à chaque changement d'arête.
2. Tracer la cote critique toutes les 200 pièces.
3. Fixer la durée de vie à 80 % de la moyenne constatée.

Avec le laiton sans plomb (CW724R), compter une durée de vie divisée par deux.
"""

TXT_5S = """Fiche 5S : l'atelier de décolletage en 5 étapes

Trier : ce qui n'a pas servi depuis 6 mois sort de l'atelier.
Ranger : chaque outil a une place marquée au poste.
Nettoyer : 10 minutes en fin de poste, copeaux et huile compris.
Standardiser : photo du poste rangé affichée au poste.
Respecter : un audit 5S par mois, fait par un opérateur d'une autre équipe.

Club qualité Arve Industries, 2017.
"""

TXT_FAQ = """FAQ : le groupement d'employeurs de la vallée

Qui peut adhérer ?
Toute entreprise de la vallée de l'Arve membre du réseau.

Comment partage-t-on un salarié ?
Le groupement l'emploie ; chaque entreprise paie les heures faites chez elle.

Combien de temps faut-il pour recruter ?
Compter deux mois pour un régleur, un mois pour un opérateur.
"""


def documents() -> list[tuple[str, bytes, tuple[int, int, int]]]:
    """(path, content, ZIP date) of each file, in the archive's order."""
    return [
        (
            "Commission RSE/2019/2019-03_compte-rendu-commission-rse.pdf",
            make_pdf(
                [
                    "Commission RSE - réunion du 14 mars 2019, à Cluses",
                    "Présents : 9 entreprises adhérentes.",
                    "Bilan carbone : trois entreprises pilotes mesurent leurs émissions.",
                    "Décision : un guide des achats responsables pour 2020.",
                    "Prochaine réunion en juin, chez un adhérent de Scionzier.",
                ],
                title="Compte rendu de la commission RSE - mars 2019",
                created="20190315",
            ),
            (2019, 3, 15),
        ),
        (
            "Commission RSE/2019/bilan-carbone-premiers-pas.docx",
            make_docx(
                "Bilan carbone : premiers pas d'une PME du décolletage",
                [
                    ("h1", "Bilan carbone : premiers pas d'une PME du décolletage"),
                    (
                        "p",
                        "Trois entreprises pilotes de la commission RSE ont mesuré leurs "
                        "émissions en 2019 avec la méthode Bilan Carbone.",
                    ),
                    ("h2", "Ce qui pèse le plus"),
                    ("li", "les achats de métal (laiton, acier) : plus de la moitié ;"),
                    ("li", "l'électricité des machines et du compresseur ;"),
                    ("li", "le transport des pièces vers les clients."),
                    ("p", "Première action : récupérer et revendre les copeaux triés."),
                ],
                created=datetime(2019, 9, 20, 10, 0),
            ),
            (2019, 9, 20),
        ),
        (
            "Commission RSE/2020/charte-achats-responsables.odt",
            make_odt(
                "Charte des achats responsables",
                [
                    ("h1", "Charte des achats responsables"),
                    (
                        "p",
                        "Les entreprises signataires privilégient les fournisseurs "
                        "de la région et les matières recyclées.",
                    ),
                    ("li", "Un critère environnemental dans chaque appel d'offres."),
                    ("li", "Des délais de paiement tenus pour les sous-traitants."),
                ],
                created=datetime(2020, 2, 3, 9, 30),
            ),
            (2020, 2, 3),
        ),
        (
            "Club qualité/Fiches/fiche-autocontrole-poste.md",
            MD_AUTOCONTROLE.encode(),
            (2018, 4, 12),
        ),
        ("Club qualité/Fiches/fiche-usure-outils-laiton.md", MD_USURE.encode(), (2017, 6, 8)),
        (
            "Club qualité/Fiches/fiche-5S-atelier-decolletage.txt",
            TXT_5S.encode("cp1252"),
            (2017, 2, 1),
        ),
        ("Club qualité/REX/rex-audit-iatf-2018.html", HTML_REX.encode(), (2018, 10, 2)),
        # The same file, copied by someone: the import skips it as a duplicate.
        ("Club qualité/REX/copie de rex-audit-iatf-2018.html", HTML_REX.encode(), (2019, 1, 7)),
        (
            "Innovation/Guides/guide-credit-impot-recherche.pdf",
            make_pdf(
                [
                    "Guide : le crédit d'impôt recherche pour une PME mécanique",
                    "Le CIR rembourse 30 % des dépenses de recherche éligibles.",
                    "Un nouvel alliage, un nouveau procédé d'usinage peuvent en relever.",
                    "Garder les cahiers de laboratoire, les essais ratés compris.",
                ],
                title="Guide du crédit d'impôt recherche",
                created="20160504",
            ),
            (2016, 5, 4),
        ),
        (
            "Innovation/2017-11_journee-industrie-du-futur.docx",
            make_docx(
                "",
                [
                    ("h1", "Journée industrie du futur à Thyez"),
                    ("p", "Quarante dirigeants ont visité trois ateliers connectés."),
                    ("p", "Le suivi du TRS en temps réel a le plus intéressé."),
                ],
                created=datetime(2017, 11, 23, 17, 0),
            ),
            (2017, 11, 24),
        ),
        ("Management/FAQ-groupement-employeurs.txt", TXT_FAQ.encode(), (2018, 9, 1)),
        (
            "Management/Modèles/modele-entretien-annuel.odt",
            make_odt(
                "Modèle d'entretien annuel",
                [
                    ("h1", "Modèle d'entretien annuel"),
                    (
                        "p",
                        "Bilan de l'année, objectifs, besoins de formation, souhaits "
                        "d'évolution : une page, remplie à deux.",
                    ),
                ],
                created=datetime(2016, 1, 11, 8, 0),
            ),
            (2016, 1, 11),
        ),
        (
            "Management/2016/pv-conseil-administration-2016-06.pdf",
            make_pdf(
                [
                    "Procès-verbal du conseil d'administration de juin 2016",
                    "Le conseil approuve le budget des clubs pour le second semestre.",
                    "Il crée la commission RSE, ouverte à tous les adhérents.",
                ],
            ),
            (2016, 6, 30),
        ),
        # A PDF cut short during a copy: the import reports it as damaged.
        (
            "Archives abîmées/rapport-activite-2015.pdf",
            make_pdf(["Rapport d'activité 2015"])[:180] + b"\x00\x17garbage",
            (2016, 2, 1),
        ),
        (
            "Archives abîmées/grille-salaires-confidentielle.pdf",
            make_encrypted_pdf(["Grille des salaires 2017 (confidentiel)"]),
            (2017, 3, 1),
        ),
        ("Divers/notes.txt", b"\n\n   \n", (2018, 1, 1)),
        ("Divers/logo-arve-industries.png", _tiny_png(), (2015, 5, 5)),
        ("Divers/photos-salon-2018.zip", _tiny_zip(), (2018, 11, 1)),
    ]


def _tiny_png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
        + chunk(b"IEND", b"")
    )


def _tiny_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as inner:
        inner.writestr(zipfile.ZipInfo("photo-stand.txt", (2018, 11, 1, 0, 0, 0)), "stand A12")
    return out.getvalue()


def build() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for path, content, day in documents():
            archive.writestr(_info(path, (*day, 12, 0, 0)), content)
    return out.getvalue()


if __name__ == "__main__":
    TARGET.write_bytes(build())
    print(f"{TARGET} written ({TARGET.stat().st_size} bytes, {len(documents())} files)")
