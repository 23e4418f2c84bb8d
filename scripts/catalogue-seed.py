#!/usr/bin/python3
"""Idempotent Keystone objects and cloud content for the Glance, Neutron and Nova of scripts/catalogue-peer.sh.

Environment: KEYSTONE_URL, SERVICE_PASSWORD, GLANCE_URL, NEUTRON_URL, NOVA_URL; ADMIN_PASSWORD (default admin_pass).
Run after keystone-seed.py (which makes the admin account and the service project).
"""
import io
import os
import sys

from glanceclient import client as glance_client
from neutronclient.v2_0 import client as neutron_client
from novaclient import client as nova_client

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lib'))
from keystone_admin import REGION, KeystoneAdmin, admin_session, first  # noqa: E402

KEYSTONE_URL = os.environ['KEYSTONE_URL']
keystone = KeystoneAdmin(KEYSTONE_URL)

admin_role = first(keystone.ks.roles.list(name='admin'))
service_project = first(keystone.ks.projects.list(name='service', domain=keystone.default_domain))
if admin_role is None or service_project is None:
    raise SystemExit('role admin or project service is missing: run scripts/keystone-peer.sh seed first')
for name in ('glance', 'neutron', 'nova'):
    keystone.grant(admin_role, keystone.user(name, os.environ['SERVICE_PASSWORD'], default_project=service_project),
                   project=service_project)

keystone.register('glance', 'image', 'Image service (caas test peer)', os.environ['GLANCE_URL'])
keystone.register('neutron', 'network', 'Networking (caas test peer)', os.environ['NEUTRON_URL'])
keystone.register('nova', 'compute', 'Compute (caas test peer)', os.environ['NOVA_URL'])


# a new token: the first one's catalog predates the endpoints registered above
cloud = admin_session(KEYSTONE_URL)
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
