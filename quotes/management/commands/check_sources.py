from django.core.management.base import BaseCommand, CommandError

from quotes.models import Quote
from quotes.provenance import runs


class Command(BaseCommand):
    help = (
        "Check whether sources' links are live, moved or dead, the longest "
        "unchecked first, at most SOURCES_CHECK_LIMIT (or --limit) a run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quote", type=int, help="the quote's id")
        parser.add_argument("--limit", type=int, help="sources checked at most")

    def handle(self, *args, quote=None, limit=None, **options):
        if limit is not None and limit < 1:
            raise CommandError("--limit must be at least 1.")
        if quote is not None:
            try:
                quote = Quote.objects.get(pk=quote)
            except Quote.DoesNotExist as error:
                raise CommandError(f"No quote has the id {quote}.") from error
        summary = runs.check(runs.sources_to_check(quote=quote, limit=limit))
        for problem in summary.problems:
            self.stderr.write(problem)
        self.stdout.write(f"Checking sources: {summary.line()}.")
