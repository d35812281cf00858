"""Account endpoints take a few small fields: cap their bodies tightly."""
from core.parsers import SMALL_BODY_BYTES, BoundedFormParser, BoundedJSONParser, BoundedMultiPartParser


class SmallJSONParser(BoundedJSONParser):
    limit = SMALL_BODY_BYTES


class SmallFormParser(BoundedFormParser):
    limit = SMALL_BODY_BYTES


class SmallMultiPartParser(BoundedMultiPartParser):
    limit = SMALL_BODY_BYTES
