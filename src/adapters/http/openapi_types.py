"""How the OpenAPI document describes types whose JSON form Litestar guesses wrong.

Amounts are ``Decimal`` in the application and leave as JSON numbers (see
rendering.py), so the document must say ``number``, not ``string``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from litestar._openapi.schema_generation import SchemaCreator
from litestar.openapi.spec import OpenAPIType, Schema
from litestar.plugins import OpenAPISchemaPlugin
from litestar.typing import FieldDefinition


class DecimalAsNumber(OpenAPISchemaPlugin):
    @staticmethod
    def is_plugin_supported_type(value: Any) -> bool:
        return value is Decimal

    def to_openapi_schema(
        self, field_definition: FieldDefinition, schema_creator: SchemaCreator
    ) -> Schema:
        return Schema(type=OpenAPIType.NUMBER)
