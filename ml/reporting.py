"""The holdout metrics as Markdown tables (printed by `evaluate_models`, pasted in the card)."""


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _success_rows(name: str, scores: dict) -> str:
    ece = scores.get("ece")
    return _row(
        [
            name,
            f"{scores['brier']:.4f}",
            f"{scores.get('brier_skill', scores.get('bss', 0.0)):.4f}",
            f"{scores['auc']:.4f}",
            "" if ece is None else f"{ece:.4f}",
        ]
    )


def reliability_markdown(table: list[dict]) -> list[str]:
    lines = [
        _row(["bin", "mean predicted", "observed rate", "n"]),
        _row(["---", "---:", "---:", "---:"]),
    ]
    for row in table:
        lines.append(
            _row(
                [
                    row["bin"],
                    f"{row['mean_predicted']:.3f}",
                    f"{row['observed_rate']:.3f}",
                    str(row["n"]),
                ]
            )
        )
    return lines


def metrics_table(metrics: dict, *, title: str = "") -> str:
    lines = [f"### {title}", ""] if title else []
    holdout = metrics.get("holdout", {})
    success = metrics["success"]
    if "model" in success:  # metrics of a format-1 version
        without, with_text = None, success["model"]
    else:
        without, with_text = success, success["with_description"]
    lines += [
        f"Success model, holdout: {holdout.get('success_rows')} repair events in "
        f"{holdout.get('success_groups')} held-out repair groups (split by provider + group).",
        "",
        _row(["success", "Brier", "BSS", "ROC AUC", "ECE"]),
        _row(["---", "---:", "---:", "---:", "---:"]),
    ]
    if without is not None:
        lines.append(_success_rows("model, without description", without))
    lines.append(_success_rows("model, with description", with_text))
    lines.append(_success_rows("base rate", success["base_rate"]))
    lines.append(_success_rows("per-category rate", success["per_category_rate"]))
    for name, scores in (("without description", without), ("with description", with_text)):
        if scores and scores.get("reliability"):
            lines += ["", f"Reliability, {name} (10 equal-width bins):", ""]
            lines += reliability_markdown(scores["reliability"])
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
