"""Renderers read results and write text; nothing in the core imports them."""
