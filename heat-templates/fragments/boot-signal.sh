#!/bin/bash
# Heat part of a caas node's user data: tells the node's OS::Heat::WaitCondition that the server booted, then
# caas's own bootstrap (user-data.sh.ftl + swarm-node.sh, rendered for this node) follows in the same file.
# A failed signal is only logged: the wait condition then times out and the stack says which node never reported.
# Heat replaces the placeholder with the handle's curl_cli (a curl command with its own token and URL).
signal_heat_booted() {
    @BOOT_SIGNAL@ --silent --show-error --max-time 20 --retry 5 \
        --data-binary '{"status": "SUCCESS", "reason": "server booted", "data": "booted"}' >/dev/null ||
        echo "caas-boot-signal: Heat did not take the boot signal" >&2
}
signal_heat_booted
