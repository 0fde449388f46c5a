"""Printing labels straight to label printers (issue 20).

`printers` keeps the printer records and defaults; `tspl` and `zpl` turn the label data of
`services/labels.py` into printer commands (pure functions); `raster` draws a label's PDF page as
a 1-bit image for exact fidelity; `transport` sends raw jobs (TCP 9100, CUPS); `queue` runs print
jobs with status, progress and resume; `component` speaks the platform print components' protocol.
"""
