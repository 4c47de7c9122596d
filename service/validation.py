"""Pydantic models as the one statement of a rule: parse with them, report their errors."""

from __future__ import annotations

import copy
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError, create_model

from service.errors import ValidationFailed

Model = TypeVar("Model", bound=BaseModel)
FIX = "Some fields need fixing."


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
