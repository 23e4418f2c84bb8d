#!/usr/bin/env bash
# Shared by the project's scripts: install Debian packages where missing, start MariaDB and RabbitMQ
# where they do not answer. Works on a fresh Debian 12 machine as root, with or without systemd.

log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

require_root() {
  [ "$(id -u)" -eq 0 ] || die "$1 needs root (it installs packages and runs dockerd hosts): run it with sudo."
}

# ensure_packages PKG... : apt-get install only what is not installed yet
ensure_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing: ${missing[*]}"
  # no systemd here: package scripts must not try to start services; we start what we need ourselves
  local made_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    made_policy=1
  fi
  if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -n 1)" ]; then
    apt-get update -qq
  fi
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" \
    > /tmp/caas-apt.log 2>&1 || { tail -20 /tmp/caas-apt.log >&2; die "apt-get install ${missing[*]} failed"; }
  [ $made_policy -eq 1 ] && rm -f /usr/sbin/policy-rc.d
  return 0
}

ensure_mariadb() {
  ensure_packages mariadb-server mariadb-client
  if ! mysqladmin --protocol=tcp -h 127.0.0.1 -uroot ping >/dev/null 2>&1; then
    log "starting MariaDB"
    mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
    for _ in $(seq 1 60); do
      mysqladmin --protocol=tcp -h 127.0.0.1 -uroot ping >/dev/null 2>&1 && break
      sleep 1
    done
  fi
  mysqladmin --protocol=tcp -h 127.0.0.1 -uroot ping >/dev/null 2>&1 \
    || die "MariaDB does not answer on 127.0.0.1:3306 as root without a password; see /var/log/mysql/"
}

ensure_rabbitmq() {
  ensure_packages rabbitmq-server
  if ! rabbitmq-diagnostics -q ping >/dev/null 2>&1; then
    log "starting RabbitMQ"
    rabbitmq-server -detached >/dev/null 2>&1 || true
    rabbitmqctl -q await_startup >/dev/null 2>&1 || true
  fi
  rabbitmq-diagnostics -q ping >/dev/null 2>&1 || die "RabbitMQ does not answer on 127.0.0.1:5672; see /var/log/rabbitmq/"
}

ensure_build_tools() {
  ensure_packages openjdk-17-jdk-headless maven
}
