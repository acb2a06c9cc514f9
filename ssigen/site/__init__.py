"""From scores to files: the page plan, the Jinja environment, assets, exports, the writer."""
