"""Annotations: the span model, annotation files, saved work, reference and feedback."""

from .spans import NOTE_MAX, Span, SpanError, SpanStore

__all__ = ["Span", "SpanError", "SpanStore", "NOTE_MAX"]
