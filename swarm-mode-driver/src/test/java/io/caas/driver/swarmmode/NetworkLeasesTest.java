package io.caas.driver.swarmmode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leases in a directory of the test's own, with other processes (real ones: sleep) as the other owners. */
class NetworkLeasesTest {
    private static final List<String> NAMES = List.of("ct00", "ct01", "ct02");

    @TempDir
    Path dir;

    @Test
    void twoLeasesInOneProcessGetDistinctNamesAndAReleasedNameIsFreeAgain() throws Exception {
        NetworkLeases leases = new NetworkLeases(dir);

        NetworkLeases.Lease first = leases.leaseAny(NAMES, name -> false);
        NetworkLeases.Lease second = leases.leaseAny(NAMES, name -> false);

        assertThat(first.name()).isEqualTo("ct00");
        assertThat(second.name()).isEqualTo("ct01");
        leases.release(first);
        assertThat(dir.resolve("ct00")).doesNotExist();
        assertThat(leases.leaseAny(NAMES, name -> false).name()).isEqualTo("ct00");
    }

    @Test
    void aNameALiveProcessHoldsIsSkippedAndRefusedNamingItsPid() throws Exception {
        Process other = new ProcessBuilder("sleep", "600").start();
        try {
            holdFor(other.pid(), "ct00");
            NetworkLeases leases = new NetworkLeases(dir);

            assertThat(leases.leaseAny(NAMES, name -> false).name()).isEqualTo("ct01");
            assertThatThrownBy(() -> leases.lease("ct00", name -> false)).hasMessageContaining("leased by live pid " + other.pid());
        } finally {
            other.destroyForcibly().waitFor();
        }
    }

    @Test
    void aDeadOwnersLeaseIsTakenOverNamingTheDeadOwner() throws Exception {
        Process other = new ProcessBuilder("sleep", "600").start();
        holdFor(other.pid(), "ct00");
        other.destroyForcibly().waitFor();
        NetworkLeases leases = new NetworkLeases(dir);

        NetworkLeases.Lease lease = leases.lease("ct00", name -> false);

        assertThat(lease.reclaimedFromPid()).isEqualTo(other.pid());
        assertThat(Files.readString(dir.resolve("ct00"))).startsWith(ProcessHandle.current().pid() + " ");
    }

    @Test
    void aPidReusedByAnotherProcessDoesNotKeepTheLease() throws Exception {
        long self = ProcessHandle.current().pid();
        Files.writeString(dir.resolve("ct00"), self + " " + (NetworkLeases.Owner.startTicks(self) - 1) + "\n");

        assertThat(new NetworkLeases(dir).lease("ct00", name -> false).reclaimedFromPid()).isEqualTo(self);
    }

    @Test
    void anUnleasedNameBusyOnTheMachineIsLeftAlone() throws Exception {
        Set<String> busy = Set.of("ct00", "ct01");

        assertThat(new NetworkLeases(dir).leaseAny(NAMES, busy::contains).name()).isEqualTo("ct02");
        assertThatThrownBy(() -> new NetworkLeases(dir).leaseAny(List.of("ct00"), busy::contains))
                .hasMessageContaining("leased or in use");
        assertThatThrownBy(() -> new NetworkLeases(dir).lease("ct01", busy::contains))
                .hasMessageContaining("exists on this machine without a lease");
    }

    @Test
    void releasingALeaseSomeoneTookOverKeepsTheirs() throws Exception {
        NetworkLeases leases = new NetworkLeases(dir);
        NetworkLeases.Lease mine = leases.lease("ct00", name -> false);
        Process successor = new ProcessBuilder("sleep", "600").start();
        try {
            holdFor(successor.pid(), "ct00");

            leases.release(mine);

            assertThat(Files.readString(dir.resolve("ct00"))).startsWith(successor.pid() + " ");
        } finally {
            successor.destroyForcibly().waitFor();
        }
    }

    private void holdFor(long pid, String name) throws Exception {
        Files.writeString(dir.resolve(name), pid + " " + NetworkLeases.Owner.startTicks(pid) + "\n");
    }
}
