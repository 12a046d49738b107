"""Renda: the working system of a county people's congress standing committee."""

from renda.celery import app as celery_app

__all__ = ["celery_app"]
