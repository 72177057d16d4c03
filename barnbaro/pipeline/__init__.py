"""The pipeline: survey-tool exports (or the seeded sample) -> the clean tables.

    readers   raw files (CSV in any common encoding and separator, Excel) -> rows of text
    codebook  raw headers and answer texts -> the catalogue's questions and answer ids
    clean     the whole run: read, match municipalities, build, validate, publish atomically
    sample    the synthetic raw exports, calibrated to the published national figures

It reads the core only: nothing of the explorer, the press kit, Kolada or the interface."""
