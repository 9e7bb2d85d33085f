"""
The API's reference for people: a page of the wiki made from the OpenAPI
document itself, so it says what the code does and nothing else. Server-made
HTML in the site's style: no script, readable on a phone.
"""

from django.shortcuts import render

from .links import root
from .views import api


def type_of(schema: dict) -> str:
    """A JSON Schema written as a reader would say it: "string or null", "list of Reference"."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " or ".join(type_of(each) for each in schema["anyOf"])
    if "enum" in schema:
        return "one of " + ", ".join(f'"{value}"' for value in schema["enum"])
    if "const" in schema:
        return f'"{schema["const"]}"'
    kind = schema.get("type", "any")
    if kind == "array":
        return "list of " + type_of(schema.get("items", {}))
    if kind == "object" and "additionalProperties" in schema:
        return "mapping to " + type_of(schema["additionalProperties"])
    if schema.get("format") == "date":
        return "date"
    return kind


def bounds(schema: dict) -> str:
    said = []
    for key, text in (("minimum", "at least"), ("maximum", "at most")):
        if key in schema:
            said.append(f"{text} {schema[key]}")
    if "maxLength" in schema:
        said.append(f"{schema.get('minLength', 0)} to {schema['maxLength']} characters")
    if "default" in schema and schema["default"] is not None:
        said.append(f"default {schema['default']}")
    return ", ".join(said)


def operations(document: dict) -> list[dict]:
    found = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            parameters = [
                {
                    "name": parameter["name"],
                    "where": parameter["in"],
                    "required": parameter.get("required", False),
                    "type": type_of(parameter.get("schema", {})),
                    "bounds": bounds(parameter.get("schema", {})),
                    "description": parameter.get("description", "")
                    or parameter.get("schema", {}).get("description", ""),
                }
                for parameter in operation.get("parameters", [])
            ]
            responses = [
                {
                    "status": status,
                    "description": answer.get("description", ""),
                    "type": type_of(
                        answer.get("content", {}).get("application/json", {}).get("schema", {})
                    ),
                }
                for status, answer in operation.get("responses", {}).items()
            ]
            found.append(
                {
                    "id": operation.get("operationId", ""),
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": parameters,
                    "responses": responses,
                }
            )
    return found


def shapes(document: dict) -> list[dict]:
    found = []
    for name, schema in document.get("components", {}).get("schemas", {}).items():
        required = set(schema.get("required", ()))
        found.append(
            {
                "name": name,
                "description": schema.get("description", ""),
                "fields": [
                    {
                        "name": field,
                        "type": type_of(definition),
                        "always": field in required,
                        "description": definition.get("description", ""),
                    }
                    for field, definition in schema.get("properties", {}).items()
                ],
            }
        )
    return found


def reference(request):
    document = api.get_openapi_schema()
    return render(
        request,
        "api/reference.html",
        {
            "document": document,
            "operations": operations(document),
            "shapes": shapes(document),
            "openapi_url": f"{root()}openapi.json",
        },
    )
