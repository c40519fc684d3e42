"""Publisher settings kept in the library (one desk, one set), and the claims' rating labels.

Every change of settings is one transaction: the values are checked first
(annotator.domain.publishing.checked_value) and nothing is written if one is refused.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Connection, delete, func, select
from sqlalchemy.orm import Session

from annotator.domain.publishing import (
    PublisherKey,
    PublisherSettings,
    check_scale,
    checked_value,
)
from annotator.store.models import Claim, PublisherSetting
from annotator.store.service import Store


def publisher_settings(store: Store) -> PublisherSettings:
    with store.reading() as connection:
        return read_settings(connection)


def read_settings(connection: Connection | Session) -> PublisherSettings:
    rows = connection.execute(select(PublisherSetting.key, PublisherSetting.value))
    return PublisherSettings.from_values({key: value for key, value in rows})


def stored_keys(store: Store) -> frozenset[PublisherKey]:
    """The settings given a value (the others show their defaults)."""
    with store.reading() as connection:
        keys = connection.execute(select(PublisherSetting.key)).scalars()
        return frozenset(PublisherKey(k) for k in keys if k in set(PublisherKey))


def change_settings(store: Store, changes: Mapping[PublisherKey, str | None]
                    ) -> PublisherSettings:
    """Set (a value) or unset (None: back to the default) several settings at once.

    Each value is checked, then the settings as they will be (worst below best); a
    ValueError names the first refused one and nothing is written."""
    with store.transaction(write=True) as session:
        settings = read_settings(session)
        cleaned: dict[PublisherKey, str | None] = {}
        for key, value in changes.items():
            cleaned[key] = None if value is None else checked_value(key, value)
            shown = PublisherSettings().value(key) if value is None else cleaned[key]
            settings = settings.with_value(key, shown or "")
        check_scale(settings)
        for key, stored in cleaned.items():
            if stored:
                session.merge(PublisherSetting(key=key.value, value=stored))
            else:  # unset, or set to nothing: the default
                session.execute(delete(PublisherSetting).where(PublisherSetting.key == key))
        return settings


def rating_labels_in_use(store: Store) -> list[str]:
    """The finer rating labels given to claims so far, most used first (for a completer)."""
    with store.reading() as connection:
        count = func.count()
        rows = connection.execute(
            select(Claim.rating_label, count).where(Claim.rating_label != "")
            .group_by(Claim.rating_label).order_by(count.desc(), Claim.rating_label)
        )
        return [label for label, _n in rows]

