"""Rendering: Vega-Lite chart specs (charts), PNG/SVG images with the title, source and sample
label drawn in (images), and the app's colours (colours). Reads the core only."""
