#!/usr/bin/python3
"""Idempotent Keystone objects Heat needs as a caas test peer, in one process (each CLI call costs ~3 s).

Environment: KEYSTONE_URL, HEAT_URL, SERVICE_PASSWORD, DOMAIN_ADMIN_PASSWORD; ADMIN_PASSWORD (default admin_pass).
Run after keystone-seed.py (which makes the caas service user and the tenants).
"""
import os

from keystoneauth1 import session
from keystoneauth1.identity import v3
from keystoneclient.v3 import client

KEYSTONE_URL = os.environ['KEYSTONE_URL']
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


def project(name):
    return first(ks.projects.list(name=name, domain=default_domain)) or ks.projects.create(name, default_domain)


def domain(name, description):
    return first(ks.domains.list(name=name)) or ks.domains.create(name, description=description)


def user(name, password, domain_, default_project=None):
    # an existing user keeps its password hash: changing it would revoke every token the user holds
    return (first(ks.users.list(name=name, domain=domain_))
            or ks.users.create(name, domain=domain_, password=password, default_project=default_project))


def endpoints(service_, url):
    existing = {e.interface: e for e in ks.endpoints.list(service=service_, region=REGION)}
    for interface in ('public', 'internal', 'admin'):
        if interface not in existing:
            ks.endpoints.create(service_, url, interface=interface, region=REGION)
        elif existing[interface].url != url:
            ks.endpoints.update(existing[interface], url=url)


admin, member = role('admin'), role('member')
service_project = project('service')
# keystonemiddleware in heat-api validates tokens as this user
ks.roles.grant(admin, user=user('heat', os.environ['SERVICE_PASSWORD'], default_domain, service_project),
               project=service_project)

# Heat makes one user per OS::Heat::WaitConditionHandle in this domain, through its domain admin
stack_domain = domain('heat', 'Users and projects Heat creates for stacks')
ks.roles.grant(admin, user=user('heat_domain_admin', os.environ['DOMAIN_ADMIN_PASSWORD'], stack_domain),
               domain=stack_domain)
role('heat_stack_user')

# Heat's default policy lets project members create stacks; caas acts as a member of each tenant through a
# trust, and in its own project for the tests that drive Heat directly
stack_owner = role('heat_stack_owner')
caas = first(ks.users.list(name='caas', domain=default_domain))
if caas is None:
    raise SystemExit('user caas is missing: run scripts/keystone-peer.sh seed first')
for role_ in (member, stack_owner):
    ks.roles.grant(role_, user=caas, project=service_project)

heat = (first(ks.services.list(name='heat', type='orchestration'))
        or ks.services.create('heat', type='orchestration', description='Orchestration (caas test peer)'))
endpoints(heat, os.environ['HEAT_URL'] + '/v1/%(tenant_id)s')
print('orchestration', os.environ['HEAT_URL'] + '/v1/%(tenant_id)s')
