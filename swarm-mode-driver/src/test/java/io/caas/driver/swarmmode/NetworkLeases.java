package io.caas.driver.swarmmode;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Which test run owns which test network name on this machine: one lease file per name in a directory every run
 * shares, written and checked under an flock of that directory's lock file, so two runs (CI and a developer, or two
 * helpers) never take the same name. A lease names its owner by pid and process start time; a lease whose owner is
 * gone (killed run) may be taken over, and the taker is told so it can clear what the dead run left.
 */
final class NetworkLeases {
    /** tmpfs: leases vanish with a reboot, as the links and namespaces they stand for do. */
    static final Path MACHINE = Path.of("/run/caas-test-nets");
    private static final ReentrantLock IN_THIS_JVM = new ReentrantLock(); // FileLock is per process, not per thread
    private final Path dir;

    /** One leased name; {@code reclaimedFromPid} is the dead owner it was taken from, or 0 for a name nobody held. */
    record Lease(Path file, String name, long reclaimedFromPid) {
    }

    NetworkLeases(Path dir) {
        this.dir = dir;
    }

    /** The first of {@code names} not leased by a live process and not {@code busy} on the machine, leased now. */
    Lease leaseAny(List<String> names, Predicate<String> busy) throws IOException {
        return locked(() -> {
            for (String name : names) {
                Optional<Lease> lease = tryLease(name, busy);
                if (lease.isPresent()) {
                    return lease.get();
                }
            }
            throw new IllegalStateException("all " + names.size() + " test network names are leased or in use on this"
                    + " machine (see " + dir + "); wait for the other test runs or remove the leases of dead ones");
        });
    }

    /**
     * Leases exactly {@code name}, failing with the owner's pid while a live process holds it, or when the name is
     * {@code busy} on the machine without a lease (a run of code older than these leases, or another tool).
     */
    Lease lease(String name, Predicate<String> busy) throws IOException {
        return locked(() -> {
            Optional<Lease> lease = tryLease(name, busy);
            if (lease.isPresent()) {
                return lease.get();
            }
            Owner owner = owner(dir.resolve(name));
            throw new IllegalStateException(owner.equals(Owner.NOBODY)
                    ? "test network " + name + " exists on this machine without a lease (a test run of older code, or"
                            + " another tool): wait for it to end, or remove its links and namespaces if nothing uses them"
                    : "test network " + name + " is leased by live pid " + owner.pid() + " (another test run on this"
                            + " machine); wait for it or give this test a network of its own");
        });
    }

    void release(Lease lease) throws IOException {
        locked(() -> {
            // only our own lease: a run that outlived a reclaim must not drop its successor's
            if (owner(lease.file()).equals(Owner.current())) {
                Files.deleteIfExists(lease.file());
            }
            return null;
        });
    }

    private Optional<Lease> tryLease(String name, Predicate<String> busy) throws IOException {
        Path file = dir.resolve(name);
        Owner owner = owner(file);
        if (owner.isAlive()) {
            return Optional.empty();
        }
        boolean unheld = owner.equals(Owner.NOBODY);
        // an unleased name whose links exist belongs to someone outside these leases: leave it alone
        if (unheld && busy.test(name)) {
            return Optional.empty();
        }
        Files.writeString(file, Owner.current().line());
        return Optional.of(new Lease(file, name, unheld ? 0 : owner.pid()));
    }

    private static Owner owner(Path file) throws IOException {
        try {
            return Owner.parse(Files.readString(file));
        } catch (NoSuchFileException e) {
            return Owner.NOBODY;
        }
    }

    private interface Locked<T> {
        T run() throws IOException;
    }

    private <T> T locked(Locked<T> action) throws IOException {
        Files.createDirectories(dir);
        IN_THIS_JVM.lock();
        try (FileChannel channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
            return action.run();
        } finally {
            IN_THIS_JVM.unlock();
        }
    }

    /** A process by pid and start time (clock ticks since boot, /proc/PID/stat field 22), so a reused pid is not it. */
    record Owner(long pid, long startTicks) {
        static final Owner NOBODY = new Owner(0, 0);

        static Owner current() throws IOException {
            long pid = ProcessHandle.current().pid();
            return new Owner(pid, startTicks(pid));
        }

        static Owner parse(String line) {
            String[] fields = line.strip().split(" ");
            return new Owner(Long.parseLong(fields[0]), Long.parseLong(fields[1]));
        }

        String line() {
            return pid + " " + startTicks + "\n";
        }

        boolean isAlive() throws IOException {
            return pid != 0 && startTicks(pid) == startTicks;
        }

        /** -1 for a pid that does not exist. */
        static long startTicks(long pid) throws IOException {
            String stat;
            try {
                stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            } catch (NoSuchFileException e) {
                return -1;
            }
            // the command name (field 2) may hold spaces and parentheses: count fields after its closing one
            String[] afterName = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(afterName[19]);
        }
    }
}
