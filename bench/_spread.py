"""`python -m bench --spread`: the same rows run several times in a row, and how far apart their
figures land. Instruction counts should agree within 1% (they do not depend on the machine's
load); wall and memory figures are shown as the median with min-max, never as one number."""

from __future__ import annotations

import statistics

from bench._row import Row

INSTRUCTIONS_WITHIN = 0.01


def table(runs: list[list[Row]]) -> str:
    """One line per row key, over every run that produced a figure for it."""
    figures: dict[str, list[Row]] = {}
    for rows in runs:
        for row in rows:
            if row.figure is not None:
                figures.setdefault(row.key, []).append(row)
    lines = [f"spread over {len(runs)} runs of the same code, in a row:"]
    for key, rows in figures.items():
        values = [row.figure for row in rows if row.figure is not None]
        last = rows[-1]
        low, high = min(values), max(values)
        spread = (high - low) / low if low else 0.0
        if last.measure == "instructions":
            agree = "yes" if spread <= INSTRUCTIONS_WITHIN else "NO"
            shown = ", ".join(f"{value:.4f}" for value in values)
            lines.append(f"  {key:22} {shown}: spread {spread:.2%} (within 1%: {agree})")
            continue
        median = statistics.median(values)
        judged = Row(key, last.name, figure=median, goal=last.goal,
                     higher_is_better=last.higher_is_better)  # fmt: skip
        verdict = {True: "goal met", False: "goal MISSED", None: "no goal"}[judged.ok]
        lines.append(
            f"  {key:22} median {_number(median)} {last.measure} (min {_number(low)}, "
            f"max {_number(high)}; spread {spread:.1%}); {last.target}: {verdict}"
        )
    return "\n".join(lines)


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:,.2f}"
