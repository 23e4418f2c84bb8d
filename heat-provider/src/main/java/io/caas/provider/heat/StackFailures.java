package io.caas.provider.heat;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.model.heat.Resource;
import org.openstack4j.model.heat.Stack;

/**
 * Why a stack failed, in words an operator can act on: the failed resource deepest in the nested stacks, its type
 * and Heat's reason for it.
 */
final class StackFailures {
    private static final int NESTED_DEPTH = 5;

    private StackFailures() {
    }

    static String describe(OSClientV3 client, Stack stack) {
        String stackReason = Objects.requireNonNullElse(stack.getStackStatusReason(), "");
        List<? extends Resource> resources = client.heat().resources().list(stack.getId(), NESTED_DEPTH);
        return resources.stream()
                .filter(r -> Objects.requireNonNullElse(r.getResourceStatus(), "").endsWith("_FAILED"))
                .filter(r -> !pointsAtChild(r.getReason()))
                .min(Comparator.comparing(r -> Objects.requireNonNullElse(r.getReason(), "").length()))
                .map(r -> "Heat stack " + stack.getName() + " is " + stack.getStatus() + ": resource "
                        + r.getResourceName() + " (" + r.getType() + ") failed: " + r.getReason())
                .orElse("Heat stack " + stack.getName() + " is " + stack.getStatus() + ": " + stackReason);
    }

    /**
     * Heat's reason of a parent resource repeats its child's with the child's path in front ("resources.workers:
     * resources[0]: ..."), so the shortest failed reason is the deepest; resources Heat stopped because of another's
     * failure ("aborted", "cancelled") are not the cause.
     */
    private static boolean pointsAtChild(String reason) {
        String text = Objects.requireNonNullElse(reason, "");
        return text.contains("aborted") || text.contains("cancelled");
    }
}
