"""The colours every picture (SVG, PNG, HTML, DOT, Mermaid, plots) draws with, as lectures do:
values green, gradients red, kinks amber. A module of its own, so a picture without a layout
(DOT, Mermaid) does not load the SVG writer for three strings."""

VALUE_COLOUR = "#1b7f3a"
GRAD_COLOUR = "#c0262d"
KINK_COLOUR = "#e08a00"
