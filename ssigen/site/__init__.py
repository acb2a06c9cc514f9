"""Writing the site: assets, exports, the input fingerprint and the atomic writer."""
