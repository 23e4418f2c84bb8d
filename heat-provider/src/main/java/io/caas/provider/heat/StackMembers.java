package io.caas.provider.heat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Which nodes a cluster's stack holds, as its parameters say: per role, ResourceGroup index to that node's rendered
 * user data. caas's node names end in the index ("prod-default-worker-3" is index 3 of the worker group), so the
 * indices below the highest that hold no node go to the group's removal list: Heat then names the members exactly
 * as caas does (ResourceGroup skips listed names and never reuses them while listed).
 */
final class StackMembers {
    static final String MANAGER = "manager";
    static final String WORKER = "worker";
    private static final Pattern NAME = Pattern.compile("([a-z0-9][a-z0-9-]*-)([0-9]{1,6})");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, TreeMap<Integer, String>> userData = new LinkedHashMap<>();
    private final Map<String, String> prefixes = new LinkedHashMap<>();

    private StackMembers() {
        userData.put(MANAGER, new TreeMap<>());
        userData.put(WORKER, new TreeMap<>());
    }

    static StackMembers none() {
        return new StackMembers();
    }

    /** The members of a stack from its parameters as Heat shows them (json parameters as JSON text). */
    static StackMembers of(Map<String, String> parameters) {
        StackMembers members = new StackMembers();
        for (String role : new String[] {MANAGER, WORKER}) {
            String text = parameters.getOrDefault(userDataParameter(role), "{}");
            try {
                Map<String, String> byIndex = JSON.readerForMapOf(String.class).readValue(text.isBlank() ? "{}" : text);
                byIndex.forEach((index, script) -> members.userData.get(role).put(Integer.parseInt(index), script));
            } catch (JsonProcessingException | NumberFormatException e) {
                throw new IllegalStateException("Stack parameter " + userDataParameter(role) + " is not caas's index map", e);
            }
            Optional.ofNullable(parameters.get(prefixParameter(role))).filter(p -> !p.isBlank())
                    .ifPresent(prefix -> members.prefixes.put(role, prefix));
        }
        return members;
    }

    void add(String name, String role, String script) {
        Matcher matcher = parse(name);
        String held = prefixes.get(requireRole(role));
        if (held != null && !held.equals(matcher.group(1)) && !userData.get(role).isEmpty()) {
            throw new IllegalArgumentException("Node " + name + " is of another " + role + " nodegroup than "
                    + held + "*; a heat stack holds the default master and worker nodegroups only");
        }
        prefixes.put(role, matcher.group(1));
        userData.get(role).put(Integer.parseInt(matcher.group(2)), script);
    }

    /** Drops a node; true when the stack held it. */
    boolean remove(String name) {
        Matcher matcher = parse(name);
        for (String role : userData.keySet()) {
            if (matcher.group(1).equals(prefixes.get(role))) {
                return userData.get(role).remove(Integer.parseInt(matcher.group(2))) != null;
            }
        }
        return false;
    }

    Optional<String> nameOf(String role, int index) {
        return Optional.ofNullable(prefixes.get(role)).filter(p -> userData.get(role).containsKey(index))
                .map(prefix -> prefix + index);
    }

    /** The parameters that say who the members are; {@code clusterSlug} names the groups caas has no node of yet. */
    Map<String, String> parameters(String clusterSlug) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String role : userData.keySet()) {
            TreeMap<Integer, String> byIndex = userData.get(role);
            parameters.put(countParameter(role), Integer.toString(byIndex.size()));
            parameters.put(userDataParameter(role), json(byIndex));
            parameters.put(removalParameter(role), byIndex.isEmpty() ? "" : IntStream.range(0, byIndex.lastKey())
                    .filter(i -> !byIndex.containsKey(i)).mapToObj(Integer::toString).collect(Collectors.joining(",")));
            parameters.put(prefixParameter(role), prefixes.getOrDefault(role, clusterSlug + "-" + role + "-"));
        }
        return parameters;
    }

    private static String json(TreeMap<Integer, String> byIndex) {
        Map<String, String> keyed = new LinkedHashMap<>();
        byIndex.forEach((index, script) -> keyed.put(Integer.toString(index), script));
        try {
            return JSON.writeValueAsString(keyed);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the user data map", e);
        }
    }

    private static Matcher parse(String name) {
        Matcher matcher = NAME.matcher(name);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Node name '" + name + "' does not end in a ResourceGroup index");
        }
        return matcher;
    }

    private static String requireRole(String role) {
        if (!MANAGER.equals(role) && !WORKER.equals(role)) {
            throw new IllegalArgumentException("A stack node is a manager or a worker, not '" + role + "'");
        }
        return role;
    }

    static String countParameter(String role) {
        return MANAGER.equals(role) ? "number_of_masters" : "number_of_nodes";
    }

    static String userDataParameter(String role) {
        return MANAGER.equals(role) ? "master_user_data" : "node_user_data";
    }

    static String removalParameter(String role) {
        return MANAGER.equals(role) ? "master_removal_indices" : "node_removal_indices";
    }

    static String prefixParameter(String role) {
        return MANAGER.equals(role) ? "manager_name_prefix" : "worker_name_prefix";
    }
}
