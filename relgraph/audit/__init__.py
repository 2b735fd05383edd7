"""relgraph.audit: periodic audit of the IT-business relationship map.

Entry point: :func:`run_audit` (store -> findings, trends, saved history, reports).
"""

from __future__ import annotations

from relgraph.audit.findings import Finding, Severity, derive_findings
from relgraph.audit.run import AuditResult, build_audit, run_audit

__all__ = ["AuditResult", "Finding", "Severity", "build_audit", "derive_findings", "run_audit"]
