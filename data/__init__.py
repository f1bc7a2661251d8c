"""Bundled data: states.yaml (the Hanoi Convention) ships inside the wheel as ratify.data."""
