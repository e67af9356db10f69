"""The Piccolo apps of the library, in migration order. Hosts add them to APP_REGISTRY."""

from coalition.actors.piccolo_app import APP_CONFIG as ACTORS
from coalition.alliances.piccolo_app import APP_CONFIG as ALLIANCES
from coalition.places.piccolo_app import APP_CONFIG as PLACES
from coalition.tenancy.piccolo_app import APP_CONFIG as TENANCY

APP_CONFIGS = [TENANCY, PLACES, ACTORS, ALLIANCES]
APP_MODULES = [
    "coalition.tenancy.piccolo_app",
    "coalition.places.piccolo_app",
    "coalition.actors.piccolo_app",
    "coalition.alliances.piccolo_app",
]
