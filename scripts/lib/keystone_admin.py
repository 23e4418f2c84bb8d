"""The test Keystone as its bootstrap admin, for the peers' seed scripts: every call finds an object or creates it,
and never changes one that exists (a user keeps its password hash: changing it would revoke every token it holds).
"""
import os

from keystoneauth1 import session
from keystoneauth1.identity import v3
from keystoneclient.v3 import client

REGION = 'RegionOne'


def first(found):
    return found[0] if found else None


def admin_session(keystone_url):
    """A new session, so a new token: its catalog lists the endpoints registered so far."""
    return session.Session(auth=v3.Password(
        auth_url=keystone_url + '/v3', username='admin', password=os.environ.get('ADMIN_PASSWORD', 'admin_pass'),
        project_name='admin', user_domain_id='default', project_domain_id='default'))


class KeystoneAdmin:
    def __init__(self, keystone_url):
        self.ks = client.Client(session=admin_session(keystone_url))
        self.default_domain = self.ks.domains.get('default')

    def role(self, name):
        return first(self.ks.roles.list(name=name)) or self.ks.roles.create(name)

    def domain(self, name, description):
        return first(self.ks.domains.list(name=name)) or self.ks.domains.create(name, description=description)

    def project(self, name, description=None):
        return (first(self.ks.projects.list(name=name, domain=self.default_domain))
                or self.ks.projects.create(name, self.default_domain, description=description))

    def user(self, name, password, domain=None, default_project=None):
        domain = domain or self.default_domain
        return (first(self.ks.users.list(name=name, domain=domain))
                or self.ks.users.create(name, domain=domain, password=password, default_project=default_project))

    def existing_user(self, name):
        return first(self.ks.users.list(name=name, domain=self.default_domain))

    def grant(self, role, user, project=None, domain=None):
        self.ks.roles.grant(role, user=user, project=project, domain=domain)  # a PUT: granting twice is harmless

    def register(self, name, service_type, description, url):
        """The service and its public, internal and admin endpoints at url in RegionOne."""
        service = (first(self.ks.services.list(name=name, type=service_type))
                   or self.ks.services.create(name, type=service_type, description=description))
        existing = {e.interface: e for e in self.ks.endpoints.list(service=service, region=REGION)}
        for interface in ('public', 'internal', 'admin'):
            if interface not in existing:
                self.ks.endpoints.create(service, url, interface=interface, region=REGION)
            elif existing[interface].url != url:
                self.ks.endpoints.update(existing[interface], url=url)
        print(service_type, url)
