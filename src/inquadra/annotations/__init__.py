"""Annotations: the span model, annotation files, saved work, reference and feedback.

Modules: ``spans`` (Span, SpanStore), ``records`` (the JSONL annotation file),
``work`` (the student's saved work), ``reference`` (the kit's reference
annotation) and ``compare`` (feedback scores against the reference).
"""

from .records import (
    AnnotationFileError,
    AnnotationRecord,
    read_records,
    validate_record,
    write_records,
)
from .spans import NOTE_MAX, Span, SpanError, SpanStore

__all__ = [
    "NOTE_MAX",
    "AnnotationFileError",
    "AnnotationRecord",
    "Span",
    "SpanError",
    "SpanStore",
    "read_records",
    "validate_record",
    "write_records",
]
