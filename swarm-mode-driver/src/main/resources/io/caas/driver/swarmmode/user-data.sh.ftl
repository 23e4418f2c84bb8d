#!/usr/bin/env bash
<#-- Output format "bash" (ShellOutputFormat): every ${...} below becomes one single-quoted word. -->
# caas user data for one swarm-mode node: its parameters, then swarm-node.sh. Generated; do not edit.
# shellcheck disable=SC2016 # a '$' or '`' inside these values is literal text, on purpose
{
    CAAS_URL=${caasUrl}
    CAAS_API_CA=${caasApiCa}
    CLUSTER_UUID=${clusterUuid}
    NODE_NAME=${nodeName}
    NODE_ROLE=${role}
    SWARM_ACTION=${swarmAction}
    NODE_TOKEN=${nodeToken}
    CLUSTER_ROOT_CA=${clusterRootCa}
    ENGINE_PORT=${enginePort}
    ENGINE_LABELS=(
<#list engineLabels as label>
        ${label}
</#list>
    )
}

<#include "swarm-node.sh" parse=false>
