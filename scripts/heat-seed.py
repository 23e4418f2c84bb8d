#!/usr/bin/python3
"""Idempotent Keystone objects Heat needs as a caas test peer, in one process (each CLI call costs ~3 s).

Environment: KEYSTONE_URL, HEAT_URL, SERVICE_PASSWORD, DOMAIN_ADMIN_PASSWORD; ADMIN_PASSWORD (default admin_pass).
Run after keystone-seed.py (which makes the caas service user and the tenants).
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lib'))
from keystone_admin import KeystoneAdmin  # noqa: E402

keystone = KeystoneAdmin(os.environ['KEYSTONE_URL'])
admin, member = keystone.role('admin'), keystone.role('member')
service_project = keystone.project('service')
# keystonemiddleware in heat-api validates tokens as this user
keystone.grant(admin, keystone.user('heat', os.environ['SERVICE_PASSWORD'], default_project=service_project),
               project=service_project)

# Heat makes one user per OS::Heat::WaitConditionHandle in this domain, through its domain admin
stack_domain = keystone.domain('heat', 'Users and projects Heat creates for stacks')
keystone.grant(admin, keystone.user('heat_domain_admin', os.environ['DOMAIN_ADMIN_PASSWORD'], domain=stack_domain),
               domain=stack_domain)
keystone.role('heat_stack_user')

# Heat's default policy lets project members create stacks; caas acts as a member of each tenant through a
# trust, and in its own project for the tests that drive Heat directly
stack_owner = keystone.role('heat_stack_owner')
caas = keystone.existing_user('caas')
if caas is None:
    raise SystemExit('user caas is missing: run scripts/keystone-peer.sh seed first')
for role_ in (member, stack_owner):
    keystone.grant(role_, caas, project=service_project)

keystone.register('heat', 'orchestration', 'Orchestration (caas test peer)', os.environ['HEAT_URL'] + '/v1/%(tenant_id)s')
