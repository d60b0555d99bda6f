"""Devices: asset tags, the list and its search, editing the record, scanning, the device page."""
