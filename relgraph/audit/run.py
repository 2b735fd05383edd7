"""The audit: analyse a window, derive findings, compare with the baseline, save, report.

:func:`run_audit` is the library entry point behind ``relgraph audit``;
:func:`build_audit` is the same without a store (for tests and for callers that
already hold an :class:`~relgraph.analysis.result.AnalysisResult`).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from relgraph.analysis.result import AnalysisResult
from relgraph.audit.findings import Finding, derive_findings, severity_rank, withheld_findings
from relgraph.audit.history import (
    AuditPayload,
    Trends,
    audit_id,
    compare,
    connected_pairs,
    headline_metrics,
    load_history,
    pick_baseline,
    to_record,
    unit_snapshot,
)
from relgraph.audit.privacy import Namer
from relgraph.config import RelgraphConfig, load_config
from relgraph.errors import UsageError
from relgraph.store.base import Store

Progress = Callable[..., None]


@dataclass
class AuditResult:
    """Everything one audit produced.

    Attributes
    ----------
    payload : AuditPayload
        What is saved in the store: id, window, configuration, findings, headline metrics.
    analysis : AnalysisResult
        The analysis the findings were derived from (for the maps).
    baseline : AuditPayload or None
        The audit this one was compared with.
    trends : Trends or None
        New / resolved / worse / better findings and headline metric changes.
    history : list of AuditPayload
        Saved audits up to and including this one, oldest first (for the charts).
    namer : Namer
        Resolves names with the privacy options of this run.
    outputs : list of Path
        Files written (``out_dir``).
    """

    payload: AuditPayload
    analysis: AnalysisResult
    baseline: AuditPayload | None
    trends: Trends | None
    history: list[AuditPayload]
    namer: Namer
    config: RelgraphConfig
    outputs: list[Path] = field(default_factory=list)
    maps: list[Path] = field(default_factory=list)
    plan: Any = None
    """The relationship plan's review (relgraph.plan.review.PlanContext), when one was made."""
    withheld: list[Finding] = field(default_factory=list)
    """Findings not reported because the data makes them artefacts (duplicate identities,
    :func:`relgraph.audit.findings.withheld_findings`); listed in the Data quality section."""

    @property
    def id(self) -> str:
        return self.payload.id

    @property
    def findings(self) -> list[Finding]:
        return self.payload.findings

    def reaches(self, fail_on: str) -> list[Finding]:
        """Findings at or above ``fail_on`` (``never``: none). Positive findings never count."""
        if fail_on == "never":
            return []
        r = severity_rank(fail_on)
        return [f for f in self.findings if not f.positive and severity_rank(f.severity) >= r]


def build_audit(
    result: AnalysisResult,
    config: RelgraphConfig,
    *,
    history: list[AuditPayload] | None = None,
    baseline: str | None = None,
    pseudonymize: bool = False,
    min_group_size: int | None = None,
    plan: Any = None,
) -> AuditResult:
    """Derive findings and trends from an analysis result (no store, no files).

    Parameters
    ----------
    result : AnalysisResult
        The analysed window (with ``changes`` when the previous window was compared).
    config : RelgraphConfig
    history : list of AuditPayload, optional
        Saved audits, oldest first; the baseline is picked from them.
    baseline : str, optional
        Audit id to compare with, or ``none``; default: the latest audit before this one.
    pseudonymize, min_group_size
        Privacy options applied by every renderer (see :mod:`relgraph.audit.privacy`).
    plan : relgraph.plan.review.PlanContext, optional
        The relationship plan's review: plan findings, named introductions; its plan id
        is part of the audit id.
    """
    history = list(history or [])
    digest = config.digest()
    plan_id = plan.review.plan_id if plan is not None else None
    if plan_id:
        from relgraph.audit.plan_findings import plan_digest

        digest = plan_digest(digest, plan_id)
    aid = audit_id(result.meta.as_of, digest)
    base = pick_baseline(history, aid, result.meta.as_of, baseline)
    findings = derive_findings(result, config, base.baseline_view() if base else None, plan=plan)
    metrics = headline_metrics(result, findings)
    payload = AuditPayload(
        id=aid, as_of=result.meta.as_of, start=result.meta.start, end=result.meta.end,
        window_days=result.meta.window_days, config_hash=digest,
        config=config.public_dump(), findings=findings, metrics=metrics,
        units=unit_snapshot(result), connected_pairs=connected_pairs(result),
        baseline_id=base.id if base else None, plan_id=plan_id,
    )
    trends = compare(base, findings, metrics) if base else None
    past = [a for a in history if a.as_of <= payload.as_of and a.id != aid]
    mgs = config.audit.min_group_size if min_group_size is None else min_group_size
    if mgs < 0:
        raise UsageError("--min-group-size must be 0 or more")
    namer = Namer(result, pseudonymize=pseudonymize, salt=config.audit.pseudonym_salt,
                  min_group_size=mgs)
    return AuditResult(payload=payload, analysis=result, baseline=base, trends=trends,
                       history=[*past, payload], namer=namer, config=config, plan=plan,
                       withheld=withheld_findings(result, config))


def run_audit(
    store: Store,
    config: RelgraphConfig | str | Path | None = None,
    *,
    as_of: int | None = None,
    window_days: float | None = None,
    baseline: str | None = None,
    out_dir: str | Path | None = None,
    pseudonymize: bool = False,
    min_group_size: int | None = None,
    save: bool = True,
    progress: Progress | None = None,
    owner: str | None = None,
) -> AuditResult:
    """Run one audit on a store: analyse, find, compare, save and (optionally) report.

    Parameters
    ----------
    store : Store
    config : RelgraphConfig, str or Path, optional
        The configuration, or the path of a relgraph.toml; when omitted,
        ``$RELGRAPH_CONFIG`` or ``./relgraph.toml`` if present, else the defaults
        (:func:`relgraph.config.load_config`).
    as_of : int, optional
        End of the audited window (epoch seconds, exclusive); default: the end of
        the last day with data.
    window_days : float, optional
        Window length; default ``config.analysis.window_days``.
    baseline : str, optional
        Audit id to compare with (``none``: no comparison); default: the latest
        saved audit before this one.
    out_dir : str or Path, optional
        Write report.md, report.html, findings.json, metrics.csv and maps there.
    pseudonymize, min_group_size
        Privacy options, applied to every output.
    save : bool
        Save the audit in the store's history (default True).
    progress : callable, optional
        ``progress(done, total, label)`` for the analysis.
    owner : str, optional
        An owner's view: the report restricted to this person's planned relationships
        (:func:`relgraph.plan.owner_view.restrict_to_owner`); never saved.
    """
    from relgraph.run import run_analysis

    cfg = config if isinstance(config, RelgraphConfig) else load_config(config)[0]
    if window_days is not None:
        if window_days <= 0:
            raise UsageError("the audit window must be longer than zero")
        cfg = cfg.model_copy(update={
            "analysis": cfg.analysis.model_copy(update={"window_days": float(window_days)})
        })
    result = run_analysis(store, cfg.analysis, as_of=as_of, window_days=cfg.analysis.window_days,
                          compare_to="previous", progress=progress, unit_kinds=cfg.units,
                          data=cfg.data, people_check=True)
    if result.meta.ties == 0:
        from relgraph.window import describe_window

        raise UsageError(
            f"no interactions in the audit window ({describe_window(result.meta.start, result.meta.end)}): "
            "nothing to audit; check --as-of / --window or ingest data first"
        )
    from relgraph.plan.run import load_plan_context

    plan = load_plan_context(store, result, cfg)
    audit = build_audit(result, cfg, history=load_history(store), baseline=baseline,
                        pseudonymize=pseudonymize, min_group_size=min_group_size, plan=plan)
    if pseudonymize:  # keyed with the store's secret (relgraph.pseudonyms)
        from relgraph.pseudonyms import pseudonym_key

        audit.namer.salt = pseudonym_key(store, cfg.audit.pseudonym_salt)
    if owner is not None:
        from relgraph.plan.owner_view import restrict_to_owner

        audit, save = restrict_to_owner(audit, owner), False
    # Saving takes the store's write lock first, so that a read-only or busy store fails
    # before any report is written; a report that fails to write rolls the save back.
    with store.transaction() if save else nullcontext():
        if out_dir is not None:
            from relgraph.audit.export import write_outputs

            write_outputs(audit, Path(out_dir))
        if save:
            store.save_audit(to_record(audit.payload))
    return audit
