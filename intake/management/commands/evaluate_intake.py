"""manage.py evaluate_intake: the figures of docs/intake.md."""

from django.core.management.base import BaseCommand

from intake.evaluation import evaluate_labelled, evaluate_quest_holdout, labelled_rows


class Command(BaseCommand):
    help = "Top-1/top-3 of the intake on the labelled descriptions and on the quest group holdout."

    def handle(self, *args, **options):
        rows = labelled_rows()
        for language in ("nl", "en", None):
            subset = [r for r in rows if language is None or r["language"] == language]
            name = f"labelled {language or 'all'}"
            for part, topk in evaluate_labelled(subset).items():
                self.stdout.write(topk.line(f"{name} {part}"))
        for category, topk in evaluate_quest_holdout().items():
            self.stdout.write(topk.line(f"quest holdout symptoms {category}"))
