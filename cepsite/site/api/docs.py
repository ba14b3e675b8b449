"""The API's documentation page: its OpenAPI document, rendered on the server."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from .operations import api


def _operations(schema):
    """(method, path, summary, description, parameters) for each operation."""
    for route, methods in schema["paths"].items():
        for method, operation in methods.items():
            parameters = [
                {
                    "name": parameter["name"],
                    "where": parameter["in"],
                    "required": parameter.get("required", False),
                    "description": parameter.get("description")
                    or parameter.get("schema", {}).get("description", ""),
                    "type": _type_of(parameter.get("schema", {})),
                }
                for parameter in operation.get("parameters", ())
            ]
            yield {
                "method": method.upper(),
                "path": route,
                "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "parameters": parameters,
                "statuses": sorted(operation.get("responses", {})),
            }


def _type_of(schema):
    if "enum" in schema:
        return " | ".join(str(value) for value in schema["enum"])
    if "anyOf" in schema:
        return " | ".join(_type_of(part) for part in schema["anyOf"] if part)
    kind = schema.get("type", "")
    bounds = [
        f"{label} {schema[key]}"
        for key, label in (
            ("minimum", "≥"),
            ("maximum", "≤"),
            ("maxLength", "length ≤"),
        )
        if key in schema
    ]
    return " ".join([kind, *bounds]).strip()


@require_safe
def docs(request):
    schema = api.get_openapi_schema()
    return render(
        request,
        "api/docs.html",
        {
            "title": schema["info"]["title"],
            "description": schema["info"].get("description", ""),
            "operations": list(_operations(schema)),
            "openapi_url": reverse("api:openapi-json"),
        },
    )
