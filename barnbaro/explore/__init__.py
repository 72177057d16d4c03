"""The explorer: what each page shows, computed from the clean tables (and from a Kolada copy
the caller passes in), as plain data: no Streamlit, no pipeline internals, no Kolada client.

    analysis           positions, shares, peer groups, profiles, trends, sentences
    views              one view per page: titles, tables, chart specs, captions
    urlstate           the view as a URL (the one parser of links), the list of pages
    share              links, iframe snippets, citations
    structure          answers by SKR kommungrupp with a permutation test
    kolada_views       what the pages show from the Kolada copy
    kolada_provenance  where each Kolada figure comes from, in words
    geo, mapview       the map's geometry and the pydeck map
"""
