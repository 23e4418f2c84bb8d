#!/usr/bin/python3
"""Checks HOT files with Heat's own template code (Debian python3-heat), offline: parse, then validate.

Usage: validate-hot.py FILE...   Prints "ok FILE" or "invalid FILE: reason" per file; exit status 1 if any is invalid.
Template(...).validate() checks the template's structure (sections, parameters, conditions, outputs, functions'
syntax); resource types and properties need a running Heat (POST /validate), which the Java test calls too.
"""
import sys

from heat.common import template_format
from heat.engine import template

failed = False
for path in sys.argv[1:]:
    try:
        with open(path) as f:
            parsed = template_format.parse(f.read())
        template.Template(parsed).validate()
        print('ok', path)
    except Exception as e:  # every failure of Heat's code is a finding about the file
        failed = True
        print('invalid %s: %s: %s' % (path, type(e).__name__, e))
sys.exit(1 if failed else 0)
