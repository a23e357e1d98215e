"""The rule registry: every rule, listed by hand, in code order."""

from __future__ import annotations

from pmlint.rules import (
    actions,
    blanks,
    chronology,
    language,
    meta,
    structure,
    timeline,
    timeline_summary,
    whys,
)
from pmlint.rules.base import Context, Rule

RULES: tuple[Rule, ...] = (
    meta.internal_error,
    meta.unreadable_file,
    meta.invalid_front_matter,
    structure.missing_section,
    structure.empty_section,
    structure.section_order,
    structure.duplicate_section,
    structure.schema_violation,
    structure.heading_typo,
    structure.missing_title,
    blanks.unfilled_blank,
    blanks.template_text_left,
    blanks.skeleton_sentence,
    blanks.mojibake,
    timeline.timeline_no_timezone,
    timeline.timeline_not_utc,
    chronology.timeline_out_of_order,
    chronology.timeline_unparseable_entry,
    timeline.timeline_ambiguous_timezone,
    chronology.timeline_date_outlier,
    timeline_summary.timeline_summary_mismatch,
    whys.five_whys_too_few,
    whys.five_whys_broken_chain,
    whys.five_whys_repeated,
    whys.root_cause_unlinked,
    whys.root_cause_human_error,
    actions.action_missing_owner,
    actions.action_missing_due_date,
    actions.action_invalid_due_date,
    actions.action_missing_ticket,
    actions.no_corrective_actions,
    actions.action_overdue,
    language.blame_language,
    language.impact_not_quantified,
    meta.invalid_directive,
    meta.unused_suppression,
)

BY_CODE: dict[str, Rule] = {r.code: r for r in RULES}
BY_NAME: dict[str, Rule] = {r.name: r for r in RULES}


def lookup(name_or_code: str) -> Rule | None:
    """A rule by its code (any case) or kebab-case name."""
    return BY_CODE.get(name_or_code.upper()) or BY_NAME.get(name_or_code.lower())


# Consumers read RULES, BY_CODE and BY_NAME through this module at call time (``registry.RULES``),
# never as names bound at import, so the registry stays the one list of rules.


__all__ = ["BY_CODE", "BY_NAME", "RULES", "Context", "Rule", "lookup"]
