"""Writes of the RUS follow-up, one module per concern. Each validates, checks the actor's right,
saves inside transaction.atomic and schedules Celery work with transaction.on_commit. Every
name stays importable from rus.services."""

from .assessments import assessment_save, report_request
from .indicators import (
    INDICATOR_FIELDS,
    indicator_save,
    validate_indicator_years,
    validate_value_area,
    validate_value_year,
    value_record,
)
from .structure import KIND_ALIASES, structure_feature_save, structure_image_import, validate_feature_geometry
from .value_imports import (
    COLUMN_ALIASES,
    MAX_VALUE_CSV_MB,
    PRELIMINARY_WORDS,
    ImportResult,
    decode_upload,
    import_indicator_values,
    value_import_run,
    value_import_start,
)

__all__ = [
    "COLUMN_ALIASES",
    "INDICATOR_FIELDS",
    "KIND_ALIASES",
    "MAX_VALUE_CSV_MB",
    "PRELIMINARY_WORDS",
    "ImportResult",
    "assessment_save",
    "decode_upload",
    "import_indicator_values",
    "indicator_save",
    "report_request",
    "structure_feature_save",
    "structure_image_import",
    "validate_feature_geometry",
    "validate_indicator_years",
    "validate_value_area",
    "validate_value_year",
    "value_import_run",
    "value_import_start",
    "value_record",
]
