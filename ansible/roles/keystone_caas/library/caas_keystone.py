#!/usr/bin/python3
# -*- coding: utf-8 -*-
# Why a module of our own: Debian 12's openstack.cloud collection (1.10) refuses Debian's openstacksdk (0.101),
# and the `openstack` CLI would put the service password on a command line. This talks to Keystone through
# the same openstacksdk, in one process, idempotently.

DOCUMENTATION = r"""
module: caas_keystone
short_description: Keystone user, role assignment, container-infra service and endpoints for caas
description:
  - Creates the caas service user (or resets its password when it no longer authenticates), gives it a role
    on the service project, and registers the container-infra service with one endpoint per interface.
options:
  auth:
    description: Admin credentials for openstacksdk (auth_url, username, password, project_name, domain names).
    type: dict
    required: true
  region:
    description: Region of the endpoints.
    type: str
    required: true
  user:
    description: Name of the caas service user.
    type: str
    required: true
  password:
    description: Password of the caas service user.
    type: str
    required: true
  project:
    description: Project the service user gets its role on.
    type: str
    default: service
  role:
    description: Role given to the service user on the project.
    type: str
    default: admin
  service_name:
    description: Name of the catalog service.
    type: str
    default: magnum
  service_type:
    description: Type of the catalog service.
    type: str
    default: container-infra
  endpoints:
    description: URL per interface, e.g. public, internal, admin.
    type: dict
    required: true
author: caas
"""

from ansible.module_utils.basic import AnsibleModule

DEFAULT_DOMAIN = "default"


def password_works(openstack, auth, user, password, project):
    try:
        openstack.connect(auth_type="password", load_yaml_config=False, load_envvars=False, auth={
            "auth_url": auth["auth_url"], "username": user, "password": password, "project_name": project,
            "user_domain_id": DEFAULT_DOMAIN, "project_domain_id": DEFAULT_DOMAIN}).authorize()
        return True
    except openstack.exceptions.SDKException:
        return False


def ensure_user(conn, openstack, params, project):
    user = conn.get_user(params["user"], domain_id=DEFAULT_DOMAIN)
    if user is None:
        return conn.create_user(name=params["user"], password=params["password"], domain_id=DEFAULT_DOMAIN,
                                default_project=project.id), True
    if password_works(openstack, params["auth"], params["user"], params["password"], params["project"]):
        return user, False
    conn.update_user(user.id, password=params["password"])
    return user, True


def ensure_service(conn, params):
    for service in conn.search_services(filters={"type": params["service_type"]}):
        if service.name == params["service_name"]:
            return service, False
    return conn.create_service(name=params["service_name"], type=params["service_type"],
                               description="Containers as a Service (caas, Magnum v1 API)"), True


def ensure_endpoints(conn, params, service):
    changed = False
    for interface, url in sorted(params["endpoints"].items()):
        existing = conn.search_endpoints(filters={"service_id": service.id, "interface": interface,
                                                  "region_id": params["region"]})
        if not existing:
            conn.create_endpoint(service.id, url=url, interface=interface, region=params["region"])
            changed = True
        elif existing[0].url != url:
            conn.update_endpoint(existing[0].id, url=url)
            changed = True
    return changed


def main():
    module = AnsibleModule(argument_spec={
        "auth": {"type": "dict", "required": True, "no_log": True},
        "region": {"type": "str", "required": True},
        "user": {"type": "str", "required": True},
        "password": {"type": "str", "required": True, "no_log": True},
        "project": {"type": "str", "default": "service"},
        "role": {"type": "str", "default": "admin"},
        "service_name": {"type": "str", "default": "magnum"},
        "service_type": {"type": "str", "default": "container-infra"},
        "endpoints": {"type": "dict", "required": True},
    })
    try:
        import openstack
    except ImportError:
        module.fail_json(msg="openstacksdk is missing on the target: apt-get install python3-openstacksdk")
    params = module.params
    try:
        conn = openstack.connect(auth_type="password", auth=params["auth"], region_name=params["region"],
                                 load_yaml_config=False, load_envvars=False)
        project = conn.get_project(params["project"], domain_id=DEFAULT_DOMAIN)
        if project is None:
            module.fail_json(msg="Keystone has no project '%s' in the default domain: create it (keystone-manage "
                                 "bootstrap makes 'admin'; services usually share 'service')" % params["project"])
        user, user_changed = ensure_user(conn, openstack, params, project)
        role_changed = conn.grant_role(params["role"], user=user.id, project=project.id)
        service, service_changed = ensure_service(conn, params)
        endpoints_changed = ensure_endpoints(conn, params, service)
    except openstack.exceptions.SDKException as error:
        module.fail_json(msg="Keystone refused: %s (check keystone_caas_admin_auth and that Keystone answers)" % error)
    module.exit_json(changed=bool(user_changed or role_changed or service_changed or endpoints_changed),
                     service_id=service.id, user_id=user.id)


if __name__ == "__main__":
    main()
