"""JSON Schemas written from the platforms' published formats (docs: platform-formats notes), and
tests that the schemas themselves accept the specs' own examples and refuse what the specs forbid.

The platform tests validate every results.json bpcalc writes against these.
"""

from __future__ import annotations

import jsonschema
import pytest

FORMATS = ["text", "html", "simple_format", "md", "ansi"]
VISIBILITY = ["hidden", "after_due_date", "after_published", "visible"]

_GRADESCOPE_TEST = {
    "type": "object",
    "properties": {
        "score": {"type": "number"}, "max_score": {"type": "number"},
        "status": {"enum": ["passed", "failed"]}, "name": {"type": "string"},
        "name_format": {"enum": FORMATS}, "number": {"type": "string"}, "output": {"type": "string"},
        "output_format": {"enum": FORMATS}, "tags": {"type": "array", "items": {"type": "string"}},
        "visibility": {"enum": VISIBILITY}, "extra_data": {"type": "object"},
    },
    "additionalProperties": False,
}

GRADESCOPE_SCHEMA = {
    "type": "object",
    "properties": {
        "score": {"type": "number"}, "execution_time": {"type": "number"}, "output": {"type": "string"},
        "output_format": {"enum": FORMATS}, "test_output_format": {"enum": FORMATS},
        "test_name_format": {"enum": FORMATS}, "visibility": {"enum": VISIBILITY},
        "stdout_visibility": {"enum": VISIBILITY}, "extra_data": {"type": "object"},
        "tests": {"type": "array", "items": _GRADESCOPE_TEST},
        "leaderboard": {"type": "array", "items": {"type": "object", "properties": {
            "name": {"type": "string"}, "value": {"type": ["number", "string"]}, "order": {"enum": ["asc", "desc"]}},
            "required": ["name", "value"]}},
    },
    "additionalProperties": False,
    "anyOf": [{"required": ["score"]}, {"required": ["tests"]}],
}

# What the issue asks of every graded answer's test (beyond the spec's optional fields).
GRADESCOPE_ANSWER_TEST = {**_GRADESCOPE_TEST, "required": ["name", "number", "score", "max_score", "status", "tags",
                                                          "output", "output_format", "visibility"]}

_PL_IMAGE = {"type": "object", "properties": {"label": {"type": "string"}, "url": {"type": "string"}},
             "required": ["url"], "additionalProperties": False}

PRAIRIELEARN_SCHEMA = {
    "type": "object",
    "properties": {
        "gradable": {"type": "boolean"},
        "score": {"type": "number", "minimum": 0, "maximum": 1},
        "format_errors": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
        "message": {"type": "string"}, "output": {"type": "string"},
        "images": {"type": "array", "items": _PL_IMAGE},
        "tests": {"type": "array", "items": {
            "type": "object",
            "properties": {"name": {"type": "string"}, "description": {"type": "string"},
                           "points": {"type": "number"}, "max_points": {"type": "number"},
                           "message": {"type": "string"}, "output": {"type": "string"},
                           "images": {"type": "array", "items": _PL_IMAGE}},
            "required": ["name", "points", "max_points"],
            "additionalProperties": False}},
    },
    "required": ["score"],
    "additionalProperties": False,
    "if": {"properties": {"gradable": {"const": False}}, "required": ["gradable"]},
    "then": {"required": ["format_errors"]},
}


def valid(doc: object, schema: dict) -> bool:
    try:
        jsonschema.validate(doc, schema)
    except jsonschema.ValidationError:
        return False
    return True


def test_the_gradescope_schema_accepts_the_specs_example() -> None:
    example = {  # after the spec's own example, trimmed
        "score": 44.0, "execution_time": 136, "output": "Text relevant to the entire submission",
        "output_format": "simple_format", "test_output_format": "text", "test_name_format": "text",
        "visibility": "after_due_date", "stdout_visibility": "visible", "extra_data": {},
        "tests": [{"score": 2.0, "max_score": 2.0, "status": "passed", "name": "Your name here",
                   "name_format": "text", "number": "1.1", "output": "Giant multiline string",
                   "output_format": "text", "tags": ["tag1", "tag2"], "visibility": "visible", "extra_data": {}}],
        "leaderboard": [{"name": "Accuracy", "value": 0.926}, {"name": "Time", "value": 15.1, "order": "asc"}],
    }
    assert valid(example, GRADESCOPE_SCHEMA)


@pytest.mark.parametrize("broken", [
    {"score": 1, "tests": [{"status": "partial"}]},
    {"score": 1, "visibility": "sometimes"},
    {"score": 1, "output_format": "markdown"},
    {"score": 1, "tests": [{"number": 1.1}]},
    {"output": "no score and no tests"},
], ids=["status", "visibility", "format", "number", "no-score"])
def test_the_gradescope_schema_refuses_what_the_spec_does_not_allow(broken: dict) -> None:
    assert not valid(broken, GRADESCOPE_SCHEMA)


def test_the_prairielearn_schema_accepts_the_guides_examples() -> None:
    assert valid({"score": 0.25}, PRAIRIELEARN_SCHEMA)
    assert valid({"gradable": True, "score": 0.5, "message": "Tests completed", "output": "..",
                  "tests": [{"name": "Test 1", "description": "check x", "points": 1, "max_points": 2,
                             "message": "x is wrong", "output": "..."}]}, PRAIRIELEARN_SCHEMA)
    assert valid({"gradable": False, "score": 0, "format_errors": ["cannot parse"]}, PRAIRIELEARN_SCHEMA)


@pytest.mark.parametrize("broken", [
    {"score": 1.5}, {"score": -0.1}, {"message": "no score"}, {"gradable": False, "score": 0},
    {"score": 0.5, "tests": [{"name": "t", "points": 1}]},
], ids=["above-1", "below-0", "no-score", "ungradable-without-errors", "test-without-max"])
def test_the_prairielearn_schema_refuses_what_the_guide_does_not_allow(broken: dict) -> None:
    assert not valid(broken, PRAIRIELEARN_SCHEMA)
