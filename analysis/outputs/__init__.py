"""What leaves the engine: the full report (JSON and Markdown) and spreadsheet-safe exports."""
