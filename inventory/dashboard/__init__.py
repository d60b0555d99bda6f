"""The dashboard: figures, campaign targets, SVG charts."""
