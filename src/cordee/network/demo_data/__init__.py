"""Reference data shipped with Cordée, read with :mod:`importlib.resources`.

``communes-74.csv`` and ``communes-73.csv``: every commune of Haute-Savoie
and Savoie with its INSEE code and main postcode (the official geographic
code and La Poste's postcode base, open data). :mod:`cordee.network.demo_data.words`
holds the vocabulary the demo network is made from.
"""
