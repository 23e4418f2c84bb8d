package io.caas.provider.heat;

import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterTemplate;
import io.caas.core.spi.Catalogue;
import io.caas.core.spi.ClusterStacks;
import io.caas.core.spi.Host;
import io.caas.core.spi.HostSpec;
import io.caas.core.spi.HostState;
import io.caas.core.spi.Provider;
import io.caas.core.spi.ProviderException;
import io.caas.core.trust.KeystoneTrusts;
import io.caas.core.trust.SealedTrusts;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.openstack4j.api.Builders;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.model.common.ActionResponse;
import org.openstack4j.model.heat.Stack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code heat} provider: a cluster is one Heat stack of heat-templates/swarmcluster.yaml, named caas-&lt;uuid&gt;,
 * made and changed through the cluster's Keystone trust in the tenant's project (or, for a cluster without one, as
 * caas's service user in its own project: {@link TrustSessions}). Nodes are added in one create or PATCH update
 * ({@link ClusterStacks}), removed one PATCH each (after the driver drained them), and the stack is deleted with the
 * cluster, then its trust. What the
 * conductor asks between operations (hosts, their state, the balancer) is answered from the last stack seen, so
 * a convergence poll costs no Heat call; the {@link StackWatch} is the only poller.
 */
public final class HeatProvider implements Provider, ClusterStacks, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HeatProvider.class);
    private static final int DEFAULT_CREATE_TIMEOUT_MINUTES = 60;

    private final HeatSettings settings;
    private final TrustSessions sessions;
    private final StackWatch watch;
    private final StackTemplates templates;
    private final Catalogue catalogue;
    private final Map<String, Stack> lastSeen = new ConcurrentHashMap<>();

    HeatProvider(HeatSettings settings) {
        this(settings, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * {@code configured}: the [heat] catalogue_* lists, when set, answer instead of Glance, Nova and Neutron;
     * {@code trusts} and {@code keystone}: where the API sealed each cluster's trust, and how to use and delete it.
     */
    HeatProvider(HeatSettings settings, Optional<Catalogue> configured, Optional<SealedTrusts> trusts,
                 Optional<KeystoneTrusts> keystone) {
        this.settings = settings;
        HeatSession service = HeatSession.serviceUser(settings);
        this.sessions = new TrustSessions(service, settings.region(), trusts, keystone);
        this.watch = new StackWatch(settings.pollInterval());
        this.templates = StackTemplates.load(settings.environment());
        this.catalogue = configured.orElseGet(() -> new OpenStackCatalogue(service));
    }

    static String stackName(String clusterId) {
        return "caas-" + clusterId;
    }

    @Override
    public String name() {
        return "heat";
    }

    @Override
    public Catalogue catalogue() {
        return catalogue;
    }

    @Override
    public List<Host> addHosts(Cluster cluster, ClusterTemplate template, List<HostSpec> specs) throws ProviderException {
        Optional<Stack> existing = forChange(cluster.uuid);
        StackMembers members = existing.map(s -> StackMembers.of(s.getParameters())).orElseGet(StackMembers::none);
        try {
            specs.forEach(spec -> members.add(spec.name(), spec.role(), spec.userData()));
        } catch (IllegalArgumentException e) {
            throw new ProviderException(e.getMessage(), e);
        }
        Map<String, String> parameters = new LinkedHashMap<>(StackShape.parameters(cluster, template));
        parameters.putAll(members.parameters(StackShape.slug(cluster.name)));
        int timeout = Objects.requireNonNullElse(cluster.createTimeout, DEFAULT_CREATE_TIMEOUT_MINUTES);
        Stack done;
        if (existing.isEmpty()) {
            Instant requested = Instant.now();
            Stack created = client(cluster.uuid).heat().stacks().create(Builders.stack()
                    .name(stackName(cluster.uuid)).template(templates.template()).files(templates.files())
                    .environment(templates.environment().orElse(null)).parameters(parameters)
                    .timeoutMins((long) timeout).disableRollback(true).build());
            if (created == null || created.getId() == null) {
                throw new ProviderException("Heat refused to create stack " + stackName(cluster.uuid)
                        + "; see heat-api's log for the request");
            }
            LOG.info("event=heat_stack_create cluster={} stack={} nodes={}", cluster.uuid, created.getId(), specs.size());
            done = awaitEnd(cluster.uuid, created.getId(), "CREATE", null, requested);
            LOG.info("event=heat_stack_created cluster={} stack={} status={} ms={}", cluster.uuid, created.getId(),
                    done.getStatus(), Duration.between(requested, Instant.now()).toMillis());
        } else {
            done = update(cluster.uuid, existing.get(), parameters, timeout);
        }
        List<Host> hosts = hostsOf(done);
        List<Host> added = new ArrayList<>();
        for (HostSpec spec : specs) {
            added.add(hosts.stream().filter(h -> h.name().equals(spec.name())).findFirst().orElseThrow(() ->
                    new ProviderException("Stack " + done.getName() + " completed without server " + spec.name())));
        }
        return added;
    }

    @Override
    public Optional<String> stackId(String clusterId) throws ProviderException {
        return cached(clusterId).map(Stack::getId);
    }

    @Override
    public Host createHost(HostSpec spec) throws ProviderException {
        throw new ProviderException("The heat provider creates servers through its stack (ClusterStacks.addHosts),"
                + " not one by one; use a driver that supports stack providers");
    }

    @Override
    public void removeHost(String clusterId, Host host) throws ProviderException {
        Optional<Stack> existing = forChange(clusterId);
        if (existing.isEmpty()) {
            return;
        }
        StackMembers members = StackMembers.of(existing.get().getParameters());
        if (members.remove(host.name())) {
            update(clusterId, existing.get(), members.parameters("cluster"), null);
        }
    }

    @Override
    public HostState state(String clusterId, Host host) throws ProviderException {
        Optional<Stack> stack = cached(clusterId);
        if (stack.isEmpty()) {
            return HostState.GONE;
        }
        String status = Objects.requireNonNullElse(stack.get().getStatus(), "");
        if (status.endsWith("_FAILED")) {
            return HostState.FAILED;
        }
        if (status.endsWith("_IN_PROGRESS")) {
            return HostState.CREATING;
        }
        return hostsOf(stack.get()).stream().anyMatch(h -> h.name().equals(host.name())) ? HostState.RUNNING : HostState.GONE;
    }

    @Override
    public List<Host> hosts(String clusterId) throws ProviderException {
        Optional<Stack> stack = cached(clusterId);
        return stack.isEmpty() ? List.of() : hostsOf(stack.get());
    }

    /** The stack's own Octavia balancer (its members are part of the stack); backends are not caas's to set. */
    @Override
    public String ensureLoadBalancer(String clusterId, int port, List<String> backends) throws ProviderException {
        Stack stack = cached(clusterId).orElseThrow(() -> new ProviderException("Cluster " + clusterId
                + " has no Heat stack yet, so no load balancer"));
        Object address = StackOutputs.of(stack).get("api_address");
        if (address == null || address.toString().isBlank()) {
            throw new ProviderException("Stack " + stack.getName() + " has no api_address output");
        }
        return address + ":" + port;
    }

    @Override
    public String controlPlaneAddress(String clusterId) {
        return settings.controlPlaneAddress();
    }

    /**
     * Deletes the stack, then (once it is gone) the cluster's trust and trustee user. A cluster whose trust Keystone
     * no longer has cannot see its stack any more: the trust is only removed after the stack, so that is a delete a
     * conductor left after its Keystone calls (or the tenant revoked the trust); it finishes the clean-up.
     */
    @Override
    public void deleteCluster(String clusterId) throws ProviderException {
        Optional<Stack> existing;
        try {
            existing = forChange(clusterId);
        } catch (ProviderException refused) {
            if (!sessions.trustGone(clusterId)) {
                throw refused;
            }
            LOG.warn("event=heat_stack_unreachable cluster={} stack={} reason=\"the cluster's trust is gone in Keystone\""
                    + " action=\"if the stack is still in the tenant's project, a user of that project can delete it\"",
                    clusterId, stackName(clusterId));
            existing = Optional.empty();
        }
        if (existing.isPresent()) {
            deleteStack(clusterId, existing.get());
        }
        sessions.deleteTrust(clusterId);
    }

    private void deleteStack(String clusterId, Stack stack) throws ProviderException {
        Instant requested = Instant.now();
        ActionResponse response = client(clusterId).heat().stacks().delete(stack.getName(), stack.getId());
        if (!response.isSuccess() && response.getCode() != 404) {
            throw new ProviderException("Heat refused to delete stack " + stack.getName() + ": " + response.getFault());
        }
        Stack gone = awaitEnd(clusterId, stack.getId(), "DELETE", null, requested);
        lastSeen.remove(clusterId);
        LOG.info("event=heat_stack_deleted cluster={} stack={} ms={}", clusterId, stack.getId(),
                Duration.between(requested, Instant.now()).toMillis());
        if (gone != null && !"DELETE_COMPLETE".equals(gone.getStatus())) {
            throw new ProviderException(StackFailures.describe(client(clusterId), gone));
        }
    }

    /** Tells {@code listener} how long each stack operation took, as the watch saw it (for timing tests). */
    void onStackEnded(Consumer<StackTiming> listener) {
        watch.onEnded(listener);
    }

    /** Counters of the stack watch's Heat calls: list calls and per-stack GETs. */
    long[] watchCalls() {
        return new long[] {watch.listCalls(), watch.detailCalls()};
    }

    @Override
    public void close() {
        watch.close();
    }

    private Stack update(String clusterId, Stack stack, Map<String, String> parameters, Integer timeoutMinutes)
            throws ProviderException {
        Instant requested = Instant.now();
        try {
            StackPatch.send(client(clusterId), settings.region(), stack.getName(), stack.getId(), parameters, timeoutMinutes);
        } catch (IOException e) {
            throw new ProviderException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("Interrupted while updating stack " + stack.getName(), e);
        }
        Stack done = awaitEnd(clusterId, stack.getId(), "UPDATE", Objects.requireNonNullElse(stack.getUpdatedTime(), ""),
                requested);
        LOG.info("event=heat_stack_updated stack={} status={} ms={}", stack.getId(), done.getStatus(),
                Duration.between(requested, Instant.now()).toMillis());
        return done;
    }

    /** Waits through the watch; a *_FAILED stack becomes a ProviderException naming the failed resource. */
    private Stack awaitEnd(String clusterId, String id, String action, String updatedBefore, Instant requested)
            throws ProviderException {
        String name = stackName(clusterId);
        Stack done;
        try {
            done = watch.await(sessions.forCluster(clusterId), name, id, action, updatedBefore, requested).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("Interrupted while waiting for stack " + name, e);
        } catch (ExecutionException e) {
            throw new ProviderException("Waiting for stack " + name + " failed: " + e.getCause(), e.getCause());
        }
        if (done == null) {
            return null;
        }
        remember(done);
        if (done.getStatus().endsWith("_FAILED")) {
            throw new ProviderException(StackFailures.describe(client(clusterId), done));
        }
        return done;
    }

    /** A client acting as the cluster's identity (its trust, or caas's service user). */
    private OSClientV3 client(String clusterId) throws ProviderException {
        try {
            return sessions.forCluster(clusterId).client();
        } catch (HeatSession.SessionRefused e) {
            throw new ProviderException(e.getMessage(), e);
        }
    }

    private Optional<Stack> cached(String clusterId) throws ProviderException {
        Stack stack = lastSeen.get(clusterId);
        return stack != null ? Optional.of(stack) : find(clusterId);
    }

    /**
     * The cluster's stack as Heat has it now, to change it: by the id last seen and without outputs (one quick GET,
     * see {@link StackLookup}), else by name. Not remembered: what hosts() answers needs the outputs.
     */
    private Optional<Stack> forChange(String clusterId) throws ProviderException {
        Stack seen = lastSeen.get(clusterId);
        if (seen == null) {
            return find(clusterId);
        }
        try {
            Optional<Stack> now = StackLookup.withoutOutputs(client(clusterId), settings.region(), seen.getName(), seen.getId());
            // gone by that id: deleted, maybe made again under the same name by another conductor
            return now.isPresent() ? now : find(clusterId);
        } catch (IOException e) {
            throw new ProviderException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("Interrupted while reading stack " + seen.getName(), e);
        }
    }

    /** The cluster's stack as Heat has it now (one GET), or empty. */
    private Optional<Stack> find(String clusterId) throws ProviderException {
        Stack stack = client(clusterId).heat().stacks().getStackByName(stackName(clusterId));
        if (stack == null || stack.getId() == null || "DELETE_COMPLETE".equals(stack.getStatus())) {
            lastSeen.remove(clusterId);
            return Optional.empty();
        }
        remember(stack);
        return Optional.of(stack);
    }

    private void remember(Stack stack) {
        String name = Objects.requireNonNullElse(stack.getName(), "");
        if (name.startsWith("caas-")) {
            lastSeen.put(name.substring("caas-".length()), stack);
        }
    }

    /** Hosts from the outputs: index to private address and to server id, named as caas names its nodes. */
    private static List<Host> hostsOf(Stack stack) {
        Map<String, Object> outputs = StackOutputs.of(stack);
        StackMembers members = StackMembers.of(stack.getParameters());
        List<Host> hosts = new ArrayList<>();
        for (String role : List.of(StackMembers.MANAGER, StackMembers.WORKER)) {
            String group = StackMembers.MANAGER.equals(role) ? "manager" : "worker";
            Map<?, ?> addresses = outputs.get(group + "_private_addresses") instanceof Map<?, ?> m ? m : Map.of();
            Map<?, ?> refs = outputs.get(group + "_refs") instanceof Map<?, ?> m ? m : Map.of();
            for (Map.Entry<?, ?> entry : addresses.entrySet()) {
                int index = Integer.parseInt(entry.getKey().toString());
                Object ref = refs.get(entry.getKey());
                members.nameOf(role, index).ifPresent(name -> hosts.add(new Host(
                        ref == null ? name : ref.toString(), name, Objects.toString(entry.getValue(), null))));
            }
        }
        return hosts;
    }
}
