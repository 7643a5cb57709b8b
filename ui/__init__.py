"""Berdaya's dashboard building blocks: translations, formatting, charts, tables, state.

Only ``state`` and ``widgets`` import Streamlit; the rest is plain Python tested on its own.
"""
