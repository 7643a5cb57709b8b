"""From uploaded bytes to a checked, pseudonymised frame and its load report.

The flow: ``readers`` (bytes, encodings, delimiters) -> ``platforms`` (KoboToolbox, ODK, Excel
exports) -> ``layouts`` (wide to long) -> ``mapping`` (columns to fields) -> ``privacy``
(identifiers out) -> ``numbers`` (numbers and dates) -> ``loaders`` (the stages in order).
Never imports :mod:`analysis.methods` or :mod:`analysis.outputs`.
"""
