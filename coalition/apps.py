"""The Piccolo apps of the library, in migration order. Hosts add them to APP_REGISTRY."""

from coalition.activities.piccolo_app import APP_CONFIG as ACTIVITIES
from coalition.actors.piccolo_app import APP_CONFIG as ACTORS
from coalition.alliances.piccolo_app import APP_CONFIG as ALLIANCES
from coalition.hours.piccolo_app import APP_CONFIG as HOURS
from coalition.matching.piccolo_app import APP_CONFIG as MATCHING
from coalition.needs.piccolo_app import APP_CONFIG as NEEDS
from coalition.places.piccolo_app import APP_CONFIG as PLACES
from coalition.shifts.piccolo_app import APP_CONFIG as SHIFTS
from coalition.tenancy.piccolo_app import APP_CONFIG as TENANCY

APP_CONFIGS = [TENANCY, PLACES, ACTORS, ALLIANCES, NEEDS, SHIFTS, ACTIVITIES, HOURS, MATCHING]
APP_MODULES = [
    "coalition.tenancy.piccolo_app",
    "coalition.places.piccolo_app",
    "coalition.actors.piccolo_app",
    "coalition.alliances.piccolo_app",
    "coalition.needs.piccolo_app",
    "coalition.shifts.piccolo_app",
    "coalition.activities.piccolo_app",
    "coalition.hours.piccolo_app",
    "coalition.matching.piccolo_app",
]

# Notifications, the outbox and import jobs; importing them also subscribes the outbox to
# the events it records (coalition.notifications.outbox).
from coalition.notifications.piccolo_app import APP_CONFIG as NOTIFICATIONS  # noqa: E402

APP_CONFIGS.append(NOTIFICATIONS)
APP_MODULES.append("coalition.notifications.piccolo_app")
