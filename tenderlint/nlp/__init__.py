"""The spaCy pipeline, built once per process and shared by context, clause tags and rules."""

from .pipeline import build_pipeline, get_pipeline

__all__ = ["build_pipeline", "get_pipeline"]
