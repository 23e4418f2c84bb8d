import io.caas.conductor.ProviderRegistry;
import io.caas.core.config.CaasConfig;

import java.nio.file.Path;

/**
 * benchmarks/failover.sh's last resort: tears down clusters the local provider built for it (hosts, bridge,
 * state directory) when the API could not delete them. Run with caas.jar on the class path:
 * {@code java -cp caas.jar DeleteLocalClusters.java CONFIG UUID...}
 */
public class DeleteLocalClusters {
    public static void main(String[] args) throws Exception {
        var local = ProviderRegistry.fromConfig(CaasConfig.load(Path.of(args[0]))).named("local").orElseThrow();
        for (int i = 1; i < args.length; i++) {
            local.deleteCluster(args[i]);
            System.out.println("deleted local cluster " + args[i]);
        }
    }
}
