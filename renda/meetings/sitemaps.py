"""Sitemap sections of the committee's published decisions and appointments (joined in renda/urls.py)."""

SITEMAPS = {}
