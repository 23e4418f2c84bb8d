#!/usr/bin/python3
"""Idempotent Keystone objects for caas tests, in one process (each `openstack` CLI call costs ~3 s).

Usage: keystone-seed.py [CONTAINER_INFRA_URL]   (environment: KEYSTONE_URL, ADMIN_PASSWORD)
"""
import os
import sys

from keystoneauth1 import session
from keystoneauth1.identity import v3
from keystoneclient.v3 import client

KEYSTONE_URL = os.environ.get('KEYSTONE_URL', 'http://127.0.0.1:5000')
ENDPOINT_URL = sys.argv[1] if len(sys.argv) > 1 else 'http://127.0.0.1:9511/v1'
REGION = 'RegionOne'

auth = v3.Password(auth_url=KEYSTONE_URL + '/v3', username='admin',
                   password=os.environ.get('ADMIN_PASSWORD', 'admin_pass'),
                   project_name='admin', user_domain_id='default', project_domain_id='default')
ks = client.Client(session=session.Session(auth=auth))
default_domain = ks.domains.get('default')


def first(found):
    return found[0] if found else None


def role(name):
    return first(ks.roles.list(name=name)) or ks.roles.create(name)


def project(name, description):
    return (first(ks.projects.list(name=name, domain=default_domain))
            or ks.projects.create(name, default_domain, description=description))


def user(name, password, default_project):
    # an existing user keeps its password hash: changing it would revoke every token the user holds
    return (first(ks.users.list(name=name, domain=default_domain))
            or ks.users.create(name, domain=default_domain, password=password,
                               default_project=default_project))


def grant(role_, user_, project_):
    ks.roles.grant(role_, user=user_, project=project_)  # a PUT: granting twice is harmless


def service(name, service_type, description):
    return (first(ks.services.list(name=name, type=service_type))
            or ks.services.create(name, type=service_type, description=description))


def endpoints(service_, url):
    existing = {e.interface: e for e in ks.endpoints.list(service=service_, region=REGION)}
    for interface in ('public', 'internal', 'admin'):
        if interface not in existing:
            ks.endpoints.create(service_, url, interface=interface, region=REGION)
        elif existing[interface].url != url:
            ks.endpoints.update(existing[interface], url=url)


admin, member, reader = role('admin'), role('member'), role('reader')
service_role = role('service')

# Magnum's install guide gives its service user `admin` on project `service`: Zed's Keystone policy
# needs admin (or service) to validate other users' tokens and to list revocation events.
# `service` is what keystonemiddleware's service_token_roles expects from newer releases on.
service_project = project('service', 'Service users')
caas = user('caas', 'caas_pass', service_project)
grant(admin, caas, service_project)
grant(service_role, caas, service_project)

admin_project = project('admin', 'Bootstrap admin project')
grant(admin, user('admin', os.environ.get('ADMIN_PASSWORD', 'admin_pass'), admin_project), admin_project)

for user_name, project_name in (('alice', 'tenant-a'), ('bob', 'tenant-b')):
    tenant = project(project_name, 'caas test tenant')
    grant(member, user(user_name, user_name + '_pass', tenant), tenant)

# Magnum's [trust] model: caas makes one trustee user per cluster in a domain of its own, as that domain's admin
# (these names and the password are what the tests put in [trust]; a test peer on loopback protects nothing)
trustee_domain = (first(ks.domains.list(name='caas_trustees'))
                  or ks.domains.create('caas_trustees', description='Trustee users caas makes, one per cluster'))
trustee_domain_admin = (first(ks.users.list(name='caas_trustee_domain_admin', domain=trustee_domain))
                        or ks.users.create('caas_trustee_domain_admin', domain=trustee_domain,
                                           password='caas_trustee_domain_pass'))
ks.roles.grant(admin, user=trustee_domain_admin, domain=trustee_domain)

endpoints(service('caas', 'container-infra', 'Container Infrastructure Management Service (caas)'),
          ENDPOINT_URL)

for p in ks.projects.list(domain=default_domain):
    print('project', p.name, p.id)
print('container-infra', ENDPOINT_URL)
