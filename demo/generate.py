#!/usr/bin/env python3
"""Placeholder: the demo programme generator (issue 2) replaces this."""
print("DROP SCHEMA IF EXISTS programme CASCADE; CREATE SCHEMA programme;")
