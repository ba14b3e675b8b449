"""The README of a data package: its codebook, licence and how to cite it."""

from django.conf import settings


def _codebook(descriptor):
    for resource in descriptor["resources"]:
        yield f"\n### {resource['name']}.csv: {resource['title']}\n"
        yield f"{resource['stats']['rows']} rows.\n"
        yield "| column | type | meaning |"
        yield "| --- | --- | --- |"
        for field in resource["schema"]["fields"]:
            yield f"| {field['name']} | {field['type']} | {field['description']} |"


def readme(descriptor):
    version, year = descriptor["version"], descriptor["created"][:4]
    licence = descriptor["licenses"][0]
    lines = [
        f"# {descriptor['title']}, version {version}",
        "",
        "The published archive of extremists' own words, as a Frictionless "
        "data package: `datapackage.json` describes each CSV file with a Table "
        "Schema. Only published items are included; drafts, scheduled and "
        "withdrawn items are not.",
        "",
        "Dates in `said_on` and `published_on` are partial: ISO 8601 to their "
        "precision (EDTF level 0), with the precision in the next column.",
        "",
        "## Licence",
        "",
        f"{licence['title']} ({licence['name']}): {licence['path']}",
        "",
        "## How to cite",
        "",
        f"{settings.DATASETS_AUTHOR}. ({year}). {descriptor['title']} "
        f"(Version {version}) [Data set]. {descriptor['homepage']}",
        "",
        "## Codebook",
        *_codebook(descriptor),
        "",
    ]
    return "\n".join(lines)
