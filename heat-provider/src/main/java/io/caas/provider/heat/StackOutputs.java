package io.caas.provider.heat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openstack4j.model.heat.Stack;

/** A stack's outputs as key to value (Heat lists them as [{output_key, output_value}, ...]). */
final class StackOutputs {
    private StackOutputs() {
    }

    static Map<String, Object> of(Stack stack) {
        Map<String, Object> outputs = new LinkedHashMap<>();
        List<Map<String, Object>> listed = stack.getOutputs();
        if (listed != null) {
            listed.forEach(o -> outputs.put(String.valueOf(o.get("output_key")), o.get("output_value")));
        }
        return outputs;
    }
}
