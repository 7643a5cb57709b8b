"""The statistics: tests and intervals (``inference``), the least-squares core
(``least_squares``), model formulas and designs (``formulas``), the member panel (``panel``),
``before_after``, ``comparison``, ``drivers``, ``prices`` and the loan ``portfolio``.
Never imports :mod:`analysis.outputs` or :mod:`analysis.cli`.
"""
