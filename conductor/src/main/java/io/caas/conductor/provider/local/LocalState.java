package io.caas.conductor.provider.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.caas.core.spi.ProviderException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The provider's memory on disk, so a restarted conductor finds every cluster and host again:
 * <pre>
 *   STATE/clusters/SHORTID/cluster.json
 *   STATE/clusters/SHORTID/hosts/SEQUENCE/host.json   (and the host's own files: etc-docker, logs, engine data)
 *   STATE/clusters/SHORTID/lb/                        (haproxy.cfg, haproxy.pid, listeners.json)
 * </pre>
 * Allocations (subnets, host addresses) hold a file lock, so two conductors on one machine never share one.
 */
final class LocalState {
    static final int FIRST_HOST_OCTET = 11;
    static final int LAST_HOST_OCTET = 254;
    private static final int SUBNET_COUNT = 512;

    private final Path root;
    private final ObjectMapper json = new ObjectMapper();

    LocalState(Path root) throws ProviderException {
        this.root = root;
        try {
            Files.createDirectories(root.resolve("clusters"));
        } catch (IOException e) {
            throw new ProviderException("Cannot create the local provider state directory " + root + ": "
                    + e.getMessage() + "; set [providers] local_state_dir to a writable directory", e);
        }
    }

    Path clusterDir(ClusterRecord cluster) {
        return root.resolve("clusters").resolve(cluster.shortId());
    }

    Path hostDir(ClusterRecord cluster, HostRecord host) {
        return clusterDir(cluster).resolve("hosts").resolve(Long.toString(host.sequence()));
    }

    Path loadBalancerDir(ClusterRecord cluster) {
        return clusterDir(cluster).resolve("lb");
    }

    Optional<ClusterRecord> findCluster(String clusterId) throws ProviderException {
        Path file = root.resolve("clusters").resolve(LocalNames.shortId(clusterId)).resolve("cluster.json");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        ClusterRecord cluster = read(file, ClusterRecord.class);
        if (!cluster.clusterId().equals(clusterId)) {
            throw new ProviderException("Cluster " + clusterId + " and cluster " + cluster.clusterId()
                    + " share the short id " + cluster.shortId() + "; delete one of them first");
        }
        return Optional.of(cluster);
    }

    /** The cluster's record, allocating it a free /24 (not in {@code subnetsInUse}) the first time. */
    ClusterRecord ensureCluster(String clusterId, Set<String> subnetsInUse) throws ProviderException {
        return locked(() -> {
            Optional<ClusterRecord> existing = findCluster(clusterId);
            if (existing.isPresent()) {
                return existing.get();
            }
            Set<String> taken = new HashSet<>(subnetsInUse);
            for (ClusterRecord other : clusters()) {
                taken.add(other.subnet());
            }
            for (int index = 0; index < SUBNET_COUNT; index++) {
                String subnet = "198." + (18 + index / 256) + "." + (index % 256);
                if (!taken.contains(subnet)) {
                    ClusterRecord cluster = new ClusterRecord(clusterId, LocalNames.shortId(clusterId), subnet, 1);
                    write(clusterDir(cluster).resolve("cluster.json"), cluster);
                    return cluster;
                }
            }
            throw new ProviderException("All " + SUBNET_COUNT + " local cluster networks in 198.18.0.0/15 are in use;"
                    + " delete a cluster first");
        });
    }

    /** Records a new host: the next sequence number and the lowest free address octet. */
    HostRecord allocateHost(ClusterRecord cluster, String name, String role, String image, String flavor)
            throws ProviderException {
        return locked(() -> {
            ClusterRecord current = findCluster(cluster.clusterId()).orElseThrow(() ->
                    new ProviderException("Cluster " + cluster.clusterId() + " vanished while adding host " + name));
            Set<Integer> usedOctets = new HashSet<>();
            for (HostRecord host : hosts(current)) {
                if (host.name().equals(name)) {
                    throw new ProviderException("Cluster " + cluster.clusterId() + " already has a host named " + name
                            + "; remove it first or pick another name");
                }
                usedOctets.add(host.octet());
            }
            int octet = FIRST_HOST_OCTET;
            while (usedOctets.contains(octet)) {
                octet++;
            }
            if (octet > LAST_HOST_OCTET) {
                throw new ProviderException("Cluster " + cluster.clusterId() + " already has "
                        + (LAST_HOST_OCTET - FIRST_HOST_OCTET + 1) + " local hosts, the most one /24 holds");
            }
            long sequence = current.nextHostSequence();
            HostRecord host = new HostRecord(LocalNames.hostId(current.shortId(), sequence), name, role, image, flavor,
                    sequence, octet, current.subnet() + "." + octet,
                    LocalNames.netns(current.shortId(), octet), LocalNames.veth(current.shortId(), octet), null);
            write(clusterDir(current).resolve("cluster.json"), current.withNextHostSequence(sequence + 1));
            write(hostDir(current, host).resolve("host.json"), host);
            return host;
        });
    }

    void saveHost(ClusterRecord cluster, HostRecord host) throws ProviderException {
        write(hostDir(cluster, host).resolve("host.json"), host);
    }

    List<ClusterRecord> clusters() throws ProviderException {
        List<ClusterRecord> clusters = new ArrayList<>();
        for (Path dir : children(root.resolve("clusters"))) {
            Path file = dir.resolve("cluster.json");
            if (Files.exists(file)) {
                clusters.add(read(file, ClusterRecord.class));
            }
        }
        return clusters;
    }

    List<HostRecord> hosts(ClusterRecord cluster) throws ProviderException {
        List<HostRecord> hosts = new ArrayList<>();
        for (Path dir : children(clusterDir(cluster).resolve("hosts"))) {
            Path file = dir.resolve("host.json");
            if (Files.exists(file)) {
                hosts.add(read(file, HostRecord.class));
            }
        }
        hosts.sort(Comparator.comparingLong(HostRecord::sequence));
        return hosts;
    }

    Optional<HostRecord> findHost(ClusterRecord cluster, String hostId) throws ProviderException {
        if (!LocalNames.isHostId(hostId)) {
            return Optional.empty();
        }
        for (HostRecord host : hosts(cluster)) {
            if (host.id().equals(hostId)) {
                return Optional.of(host);
            }
        }
        return Optional.empty();
    }

    <T> T read(Path file, Class<T> type) throws ProviderException {
        try {
            return json.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new ProviderException("Cannot read local provider state " + file + ": " + e.getMessage()
                    + "; fix or remove the file", e);
        }
    }

    /** Writes through a temporary file and a rename, so a crash never leaves half a record. */
    void write(Path file, Object value) throws ProviderException {
        try {
            Files.createDirectories(file.getParent());
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            json.writerWithDefaultPrettyPrinter().writeValue(partial.toFile(), value);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new ProviderException("Cannot write local provider state " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> children(Path dir) throws ProviderException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new ProviderException("Cannot list local provider state " + dir + ": " + e.getMessage(), e);
        }
    }

    private interface Allocation<T> {
        T run() throws ProviderException;
    }

    private synchronized <T> T locked(Allocation<T> allocation) throws ProviderException {
        try (FileChannel channel = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            return allocation.run();
        } catch (IOException e) {
            throw new ProviderException("Cannot lock the local provider state in " + root + ": " + e.getMessage(), e);
        }
    }
}
