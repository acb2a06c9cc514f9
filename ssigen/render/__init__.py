"""Rendering: view models formatted as HTML pages by Jinja templates."""
