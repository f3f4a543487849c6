"""The holdout metrics as a Markdown table (printed by `evaluate_models`, pasted in the card)."""


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def metrics_table(metrics: dict, *, title: str = "") -> str:
    lines = [f"### {title}", ""] if title else []
    holdout = metrics.get("holdout", {})
    success = metrics["success"]
    lines += [
        f"Success model, holdout: {holdout.get('success_rows')} repair events in "
        f"{holdout.get('success_groups')} held-out repair groups (split by provider + group).",
        "",
        _row(["success", "Brier", "BSS", "ROC AUC"]),
        _row(["---", "---:", "---:", "---:"]),
    ]
    for key, name in (
        ("model", "model"),
        ("base_rate", "base rate"),
        ("per_category_rate", "per-category rate"),
    ):
        scores = success[key]
        lines.append(
            _row([name, f"{scores['brier']:.4f}", f"{scores['bss']:.4f}", f"{scores['auc']:.4f}"])
        )
    cost = metrics.get("cost")
    lines.append("")
    if not cost:
        lines.append("Cost model: not trained (no price records); the catalogue figures are used.")
        return "\n".join(lines)
    lines += [
        f"Cost model, holdout: {cost['model']['n']} price records (pinball loss in EUR).",
        "",
        _row(["cost", "pinball P10", "pinball P50", "pinball P90", "mean", "P10-P90 coverage"]),
        _row(["---", "---:", "---:", "---:", "---:", "---:"]),
    ]
    for key, name in (("model", "model"), ("category_symptom_median", "category x symptom median")):
        s = cost[key]
        lines.append(
            _row(
                [
                    name,
                    f"{s['pinball_p10']:.2f}",
                    f"{s['pinball_p50']:.2f}",
                    f"{s['pinball_p90']:.2f}",
                    f"{s['pinball_mean']:.2f}",
                    f"{s['coverage_p10_p90']:.1%}",
                ]
            )
        )
    return "\n".join(lines)
