"""
The JSON fixture format, with references resolved as they are read.

Django defers a natural-key reference it cannot resolve yet, in case the row comes
later in the fixture; when it never comes, the load fails with a message such as
"Casting has no person" that does not say which key was wrong. Our fixtures list
rows in dependency order, so a reference that matches nothing is an error at once,
and the message names the key ("No person with natural key ['nobody']").
loaddata runs in one transaction: the database is left as it was.
"""

from django.core.serializers import base
from django.core.serializers.json import Deserializer as JSONDeserializer
from django.core.serializers.json import Serializer

__all__ = ["Deserializer", "Serializer"]


class Deserializer(JSONDeserializer):
    def _handle_fk_field_node(self, field, field_value):
        return base.deserialize_fk_value(field, field_value, self.using, False)

    def _handle_m2m_field_node(self, field, field_value):
        return base.deserialize_m2m_values(field, field_value, self.using, False)
