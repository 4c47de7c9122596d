"""Pydantic models as the one statement of a rule: parse with them, report their errors."""

from __future__ import annotations

import copy
import re
from typing import Annotated, Any, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    ValidationError,
    create_model,
    field_validator,
)

from service.errors import ValidationFailed

Model = TypeVar("Model", bound=BaseModel)
FIX = "Some fields need fixing."

# Text that says something: after the strip (pydantic's, which removes exactly these Unicode
# White_Space characters) one character must be left. Stated in the schema as "not only these
# characters": spelled out, not \s, as JSON Schema (ECMA), Python and pydantic each call
# different characters "space"; and as a "not", which generators handle far faster than a
# pattern that must match somewhere.
_SPACE = "\\t-\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
NOT_BLANK: dict[str, Any] = {"not": {"pattern": f"^[{_SPACE}]*$"}}


# No control characters in stored text but tab and line breaks (PostgreSQL refuses NUL).
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
NO_CONTROLS = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"


def _state_no_controls(schema: dict[str, Any]) -> None:
    """Put NO_CONTROLS on every string in ``schema`` that has no pattern of its own."""
    if schema.get("type") == "string" and "format" not in schema and "enum" not in schema:
        schema.setdefault("pattern", NO_CONTROLS)
    for key in ("anyOf", "oneOf", "allOf"):
        for branch in schema.get(key, []):
            _state_no_controls(branch)
    if isinstance(schema.get("items"), dict):
        _state_no_controls(schema["items"])
    for prop in schema.get("properties", {}).values():
        _state_no_controls(prop)


class Input(BaseModel):
    """What a user sends: unknown fields refused, text stripped and free of control characters.

    Every input model derives from it, so the rule is checked and documented in one place.
    """

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, json_schema_extra=_state_no_controls
    )

    @field_validator("*")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(t, str) and CONTROLS.search(t) for t in texts):
            raise ValueError("text may not hold control characters (such as NUL)")
        return value


def _integral(value: object) -> object:
    """JSON's 3.0 is the integer 3 (as JSON Schema counts it); "3" and true stay refused."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# A whole number in a JSON body, checked strictly otherwise. In an Annotated type with
# constraints, put INTEGRAL after them (Annotated[int, Field(ge=1), INTEGRAL]) or the JSON
# schema loses its minimum and maximum.
INTEGRAL = BeforeValidator(_integral)
Whole = Annotated[int, INTEGRAL]


def validation_details(exc: ValidationError) -> dict[str, str]:
    """Pydantic errors as {field: message} for forms and the API."""
    return {
        ".".join(str(p) for p in e["loc"]) or "body": e["msg"].removeprefix("Value error, ")
        for e in exc.errors()
    }


def parse(model: type[Model], data: Any, message: str = FIX) -> Model:
    """``data`` checked by ``model`` (Python values, as forms give), or ValidationFailed."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed(message, validation_details(exc)) from exc


def check_json(
    model: type[BaseModel], raw: bytes, message: str = "Some fields need fixing."
) -> None:
    """Check a JSON body against ``model`` with JSON's own types ("5" is not 5), or a 422."""
    try:
        model.model_validate_json(raw, strict=True)
    except ValidationError as exc:
        raise ValidationFailed(message, validation_details(exc)) from exc


_PARTIALS: dict[type[BaseModel], type[BaseModel]] = {}


def partial(model: type[BaseModel]) -> type[BaseModel]:
    """``model`` with every field optional but none nullable that was not: a PATCH body."""
    if model not in _PARTIALS:
        fields: dict[str, Any] = {}
        for name, info in model.model_fields.items():
            optional = copy.copy(info)
            optional.default, optional.default_factory = None, None
            fields[name] = (info.annotation, optional)
        _PARTIALS[model] = create_model(f"{model.__name__}Patch", __base__=model, **fields)
    return _PARTIALS[model]
