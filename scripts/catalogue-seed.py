#!/usr/bin/python3
"""Idempotent Keystone objects and cloud content for the Glance, Neutron and Nova of scripts/catalogue-peer.sh.

Environment: KEYSTONE_URL, SERVICE_PASSWORD, GLANCE_URL, NEUTRON_URL, NOVA_URL; ADMIN_PASSWORD (default admin_pass).
Run after keystone-seed.py (which makes the admin account and the service project).
"""
import io
import os

from glanceclient import client as glance_client
from keystoneauth1 import session
from keystoneauth1.identity import v3
from keystoneclient.v3 import client
from neutronclient.v2_0 import client as neutron_client
from novaclient import client as nova_client

KEYSTONE_URL = os.environ['KEYSTONE_URL']
REGION = 'RegionOne'



def admin_session():
    return session.Session(auth=v3.Password(
        auth_url=KEYSTONE_URL + '/v3', username='admin', password=os.environ.get('ADMIN_PASSWORD', 'admin_pass'),
        project_name='admin', user_domain_id='default', project_domain_id='default'))


ks = client.Client(session=admin_session())
default_domain = ks.domains.get('default')


def first(found):
    return found[0] if found else None


def user(name, password, default_project):
    # an existing user keeps its password hash: changing it would revoke every token the user holds
    return (first(ks.users.list(name=name, domain=default_domain))
            or ks.users.create(name, domain=default_domain, password=password, default_project=default_project))


def endpoints(service_, url):
    existing = {e.interface: e for e in ks.endpoints.list(service=service_, region=REGION)}
    for interface in ('public', 'internal', 'admin'):
        if interface not in existing:
            ks.endpoints.create(service_, url, interface=interface, region=REGION)
        elif existing[interface].url != url:
            ks.endpoints.update(existing[interface], url=url)


def register(name, service_type, description, url):
    service_ = (first(ks.services.list(name=name, type=service_type))
                or ks.services.create(name, type=service_type, description=description))
    endpoints(service_, url)
    print(service_type, url)


admin_role = first(ks.roles.list(name='admin'))
service_project = first(ks.projects.list(name='service', domain=default_domain))
if admin_role is None or service_project is None:
    raise SystemExit('role admin or project service is missing: run scripts/keystone-peer.sh seed first')
for name in ('glance', 'neutron', 'nova'):
    ks.roles.grant(admin_role, user=user(name, os.environ['SERVICE_PASSWORD'], service_project),
                   project=service_project)

register('glance', 'image', 'Image service (caas test peer)', os.environ['GLANCE_URL'])
register('neutron', 'network', 'Networking (caas test peer)', os.environ['NEUTRON_URL'])
register('nova', 'compute', 'Compute (caas test peer)', os.environ['NOVA_URL'])


# a new token: the first one's catalog predates the endpoints registered above
cloud = admin_session()
glance = glance_client.Client('2', session=cloud, region_name=REGION)


def image(name, **properties):
    found = first([i for i in glance.images.list(filters={'name': name})])
    if found is None:
        found = glance.images.create(name=name, disk_format='raw', container_format='bare', visibility='public',
                                     **properties)
    if found['status'] == 'queued':
        # a few bytes are enough to make the image active in the file store
        glance.images.upload(found['id'], io.BytesIO(b'caas test image\n'), image_size=16)
    print('image', name, properties or 'without os_distro')


image('debian-12', os_distro='debian')
image('plain-image')

nova = nova_client.Client('2.1', session=cloud, region_name=REGION)
existing_flavors = {f.name for f in nova.flavors.list(is_public=None)}
for flavor_name, ram_mb, vcpus, disk_gb in (('m1.small', 2048, 1, 20), ('m1.large', 8192, 4, 80)):
    if flavor_name not in existing_flavors:
        nova.flavors.create(flavor_name, ram_mb, vcpus, disk_gb)
    print('flavor', flavor_name)

neutron = neutron_client.Client(session=cloud, region_name=REGION)
for network_name, external in (('public', True), ('private', False)):
    if not neutron.list_networks(name=network_name)['networks']:
        neutron.create_network({'network': {'name': network_name, 'router:external': external}})
    print('network', network_name, 'router:external' if external else 'internal')
