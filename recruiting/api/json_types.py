"""A JSON body's values keep their JSON types: a number is not a name and `"yes"` is not `true`.

DRF's fields coerce loosely because HTML forms send only strings: `"title": 0` passes as the text
"0", `"email": "1"` as `true`, `"limit": "5"` as 5. The API reads JSON (only file uploads are
multipart), and its published schema types every field, so a value of another JSON type is a 400
naming the field, like any other invalid value. Query strings and multipart forms carry only
strings by nature and keep DRF's parsing of them.
"""

from __future__ import annotations

from django.http import QueryDict
from rest_framework import fields, relations

# field class -> the JSON (Python) types its value may have in a JSON body
JSON_TYPES: list[tuple[type[fields.Field], tuple[type, ...]]] = [
    (fields.CharField, (str,)),
    (fields.BooleanField, (bool,)),
    (fields.IntegerField, (int,)),
    (fields.FloatField, (int, float)),
]


def reads_json(field: fields.Field) -> bool:
    """Whether the field is reading a JSON body (not a query string or a multipart form)."""
    data = getattr(field.root, "initial_data", None)
    return data is not None and not isinstance(data, QueryDict)


def _typed(to_internal_value, types: tuple[type, ...]):
    def typed_to_internal_value(self, data):
        # bool is an int in Python, never a number or a text in JSON
        wrong_type = not isinstance(data, types) or (isinstance(data, bool) and bool not in types)
        if wrong_type and reads_json(self):
            self.fail("invalid")
        return to_internal_value(self, data)

    typed_to_internal_value.json_typed = True
    return typed_to_internal_value


def _no_blank_id(run_validation):
    def run_validation_without_blank_id(self, data=fields.empty):
        # DRF reads "" as null for a related field, for HTML forms; in JSON "" is no id at all.
        if data == "" and reads_json(self):
            self.fail("incorrect_type", data_type="str")
        return run_validation(self, data)

    run_validation_without_blank_id.json_typed = True
    return run_validation_without_blank_id


def refuse_loosely_typed_json() -> None:
    """Make DRF's text, boolean, integer and number fields refuse a JSON value of another type, and
    its id fields a blank string."""
    for field_class, types in JSON_TYPES:
        if not getattr(field_class.to_internal_value, "json_typed", False):
            field_class.to_internal_value = _typed(field_class.to_internal_value, types)
    if not getattr(relations.PrimaryKeyRelatedField.run_validation, "json_typed", False):
        relations.PrimaryKeyRelatedField.run_validation = _no_blank_id(relations.PrimaryKeyRelatedField.run_validation)
