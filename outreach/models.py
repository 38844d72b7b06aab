"""The OT on Tour outreach campaign: built in the ambassador-network issue."""
