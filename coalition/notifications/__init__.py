"""Notifications: the outbox, inboxes with unread counts, e-mail, reminders and digests.

Loading this package subscribes the outbox to the events people are told of
(:mod:`coalition.notifications.outbox`): from then on each such change writes its
outbox row in its own transaction. ``coalition.apps`` loads it with the other apps.

Modules: ``outbox`` (rows and their hand-over), ``recipients`` (who hears of what),
``messages`` (zh-Hans and English texts), ``delivery`` (inbox and e-mail, each once),
``mail`` (SMTP), ``reminders`` (24 h and 2 h before shifts), ``digest`` (coordinators'
daily summary), ``services`` (inbox and preferences).
"""

from coalition.notifications import outbox as _outbox

_outbox.install()
