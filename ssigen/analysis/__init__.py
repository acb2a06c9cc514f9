"""Analyses over the model: pure functions, no files, no HTML."""
