"""ETL for the Secure Communities rollout map: raw inputs -> the validated, versioned geodata/ layer.

Stages, in order: :mod:`etl.sources` (+ :mod:`etl.detainer_sources`, :mod:`etl.checks`) -> :mod:`etl.boundaries`
-> :mod:`etl.activation` -> :mod:`etl.counts` (+ :mod:`etl.trac`, :mod:`etl.detainers`, :mod:`etl.rates`,
:mod:`etl.import_counts`) -> :mod:`etl.contract` (validate) -> :mod:`etl.build` (write).
Run with ``python -m etl build|check|import-counts|fetch``.
"""
