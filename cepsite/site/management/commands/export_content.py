from django.core.management.base import BaseCommand, CommandError

from cepsite.site.transfer import ROW_TYPES, export_lines


class Command(BaseCommand):
    help = (
        "Export press releases, quotes and resources, drafts included, as JSON "
        "Lines that import_content reads back."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", "-o", help="Write to this file instead of standard output."
        )
        parser.add_argument(
            "--type",
            action="append",
            choices=list(ROW_TYPES),
            dest="types",
            help="Export only this type; repeat for several. All by default.",
        )

    def handle(self, *args, output, types, **options):
        if not output:
            for line in export_lines(types):
                self.stdout.write(line)
            return
        count = 0
        try:
            with open(output, "w", encoding="utf-8", newline="\n") as handle:
                for line in export_lines(types):
                    handle.write(line + "\n")
                    count += 1
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from error
        self.stdout.write(f"Exported {count} items to {output}.")
