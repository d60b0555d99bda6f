"""Indexes for the device list at 100,000 devices: default order, donor's tags, last change."""


def up(migrator, db):
    migrator.migrate(
        migrator.add_index("device", ("donor_asset_tag",)),
        migrator.add_index("device", ("status_changed_at",)),
        migrator.add_index("device", ("received_at", "id")),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_index("device", "device_donor_asset_tag"),
        migrator.drop_index("device", "device_status_changed_at"),
        migrator.drop_index("device", "device_received_at_id"),
    )
