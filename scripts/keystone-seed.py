#!/usr/bin/python3
"""Idempotent Keystone objects for caas tests, in one process (each `openstack` CLI call costs ~3 s).

Usage: keystone-seed.py [CONTAINER_INFRA_URL]   (environment: KEYSTONE_URL, ADMIN_PASSWORD)
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lib'))
from keystone_admin import KeystoneAdmin  # noqa: E402

KEYSTONE_URL = os.environ.get('KEYSTONE_URL', 'http://127.0.0.1:5000')
ENDPOINT_URL = sys.argv[1] if len(sys.argv) > 1 else 'http://127.0.0.1:9511/v1'

keystone = KeystoneAdmin(KEYSTONE_URL)
admin, member, reader = keystone.role('admin'), keystone.role('member'), keystone.role('reader')
service_role = keystone.role('service')

# Magnum's install guide gives its service user `admin` on project `service`: Zed's Keystone policy
# needs admin (or service) to validate other users' tokens and to list revocation events.
# `service` is what keystonemiddleware's service_token_roles expects from newer releases on.
service_project = keystone.project('service', 'Service users')
caas = keystone.user('caas', 'caas_pass', default_project=service_project)
keystone.grant(admin, caas, project=service_project)
keystone.grant(service_role, caas, project=service_project)

admin_project = keystone.project('admin', 'Bootstrap admin project')
keystone.grant(admin, keystone.user('admin', os.environ.get('ADMIN_PASSWORD', 'admin_pass'),
                                    default_project=admin_project), project=admin_project)

for user_name, project_name in (('alice', 'tenant-a'), ('bob', 'tenant-b')):
    tenant = keystone.project(project_name, 'caas test tenant')
    keystone.grant(member, keystone.user(user_name, user_name + '_pass', default_project=tenant), project=tenant)

# Magnum's [trust] model: caas makes one trustee user per cluster in a domain of its own, as that domain's admin
# (these names and the password are what the tests put in [trust]; a test peer on loopback protects nothing)
trustee_domain = keystone.domain('caas_trustees', 'Trustee users caas makes, one per cluster')
keystone.grant(admin, keystone.user('caas_trustee_domain_admin', 'caas_trustee_domain_pass', domain=trustee_domain),
               domain=trustee_domain)

keystone.register('caas', 'container-infra', 'Container Infrastructure Management Service (caas)', ENDPOINT_URL)

for p in keystone.ks.projects.list(domain=keystone.default_domain):
    print('project', p.name, p.id)
