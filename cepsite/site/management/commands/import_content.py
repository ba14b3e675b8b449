from django.core.management.base import BaseCommand, CommandError

from cepsite.site.transfer import ROW_TYPES, import_content, read_rows


class Command(BaseCommand):
    help = (
        "Import press releases, quotes and resources from a JSON Lines file "
        "(one object a line, each with a 'type') or a CSV file of one type. "
        "Every row is checked first; one invalid row and nothing is saved, "
        "unless --skip-invalid. Rows matching an existing item update it, so "
        "importing a file twice creates nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .jsonl file, or a .csv file of one type.")
        parser.add_argument(
            "--type",
            choices=list(ROW_TYPES),
            help="What a CSV file without a 'type' column holds.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and report what would change; save nothing.",
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Save the valid rows and report the invalid ones.",
        )
        parser.add_argument(
            "--keep-existing",
            action="store_true",
            help="Add the items that are missing; leave existing ones as they are.",
        )

    def handle(
        self, *args, file, type, dry_run, skip_invalid, keep_existing, **options
    ):
        rows, problems = self._read(file, type)
        report = import_content(
            rows=rows,
            problems=problems,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            keep_existing=keep_existing,
        )
        for problem in report.errors:
            self.stderr.write(f"{file}: {problem}")
        for problem in report.warnings:
            self.stderr.write(self.style.WARNING(f"{file}: {problem}"))

        invalid = len(report.invalid_lines)
        lines = f"{invalid} line{'s' if invalid != 1 else ''}"
        if invalid and not skip_invalid:
            raise CommandError(f"Problems on {lines}; nothing was imported.")
        self._write_counts(report)
        if invalid:
            self.stdout.write(self.style.WARNING(f"Skipped {lines} with problems."))
        if dry_run:
            self.stdout.write("Dry run: nothing was saved.")
        else:
            self.stdout.write(self.style.SUCCESS("Import complete."))

    def _read(self, file, content_type):
        try:
            return read_rows(file, content_type=content_type)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{file} is not UTF-8 text.") from error

    def _write_counts(self, report):
        would = "would be " if report.dry_run else ""
        for name, row_type in ROW_TYPES.items():
            counts = [
                report.created[name],
                report.updated[name],
                report.unchanged[name],
            ]
            if any(counts):
                self.stdout.write(
                    f"{row_type.label.capitalize()}: {counts[0]} {would}created, "
                    f"{counts[1]} {would}updated, {counts[2]} unchanged."
                )
        if report.new_organizations or report.new_people:
            self.stdout.write(
                f"New organisations: {report.new_organizations}; "
                f"new people: {report.new_people}."
            )
