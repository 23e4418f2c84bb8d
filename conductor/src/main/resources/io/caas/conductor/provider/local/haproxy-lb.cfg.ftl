<#-- One cluster's TCP load balancer. Every value here is validated in Java (IPv4 literals, port numbers). -->
# Rendered by caas for cluster ${clusterId}; do not edit, caas rewrites it on every change.
global
    maxconn 4096

defaults
    mode tcp
    # a dead backend costs one short connect attempt, then the connection goes to another server
    timeout connect 2s
    timeout client 1h
    timeout server 1h
    retries 2
    option redispatch
    default-server inter 1s fall 2 rise 2
<#list listeners as listener>

listen port_${listener.port?c}
    bind ${bindAddress}:${listener.port?c}
    balance roundrobin
<#list listener.backends as backend>
    server backend_${backend?index} ${backend} check
</#list>
</#list>
