"""verify's replay reads an event's "set" without parsing the whole payload (issue #19); it must give exactly
what the full parse gives, including on payloads crafted to mislead a text search."""

import json

import pytest

from evidence_store.db.ledger_scan import set_of

CASES = [
    '{"from":1354,"set":{"location_id":1476},"to_code":"VT010014768"}',
    '{"a":"x\\"set\\":{\\"state\\":\\"lost\\"}","set":{"state":"in_storage"}}',  # a quoted "set": in a text
    '{"a":{"set":{"state":"lost"}},"set":{"state":"in_storage"}}',  # a nested key "set" before the top-level one
    '{"set":{"state":"lost"},"set":{"state":"in_storage"}}',  # duplicate key: the last one counts
    '{"a":"\\\\","set":{"x":1}}',  # an escaped backslash before the key
    '{"a":["{"],"set":{"holder":"}"}}',
    '{"b":{"c":1},"set":{"state":"lost"}}',
    '{"set":null}',
    '{"set":[1,2]}',
    '{"z":1}',
    '{"set":{}}',
]


@pytest.mark.parametrize("data", CASES)
def test_set_of_equals_the_full_parse(data):
    assert set_of(data) == json.loads(data).get("set")
