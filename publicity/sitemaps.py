"""Sitemap sections of the public portal (joined in renda/urls.py)."""

SITEMAPS = {}
