package io.caas.provider.heat;

import java.util.List;

/** The provider's time over Heat's own, per operation, as the tests and the benchmark print it. */
final class OverheadReport {
    private OverheadReport() {
    }

    static String describe(List<StackObserver.Span> spans, long listCalls, long stackGets, int operations) {
        StringBuilder text = new StringBuilder("heat provider overhead over Heat's own time (from caas's request to Heat's end,"
                + " watched every " + StackObserver.PERIOD.toMillis() + " ms from outside):");
        for (StackObserver.Span span : spans) {
            text.append(String.format("%n  %-16s total %6d ms, Heat %6d ms, overhead %5d ms (before the request %4d ms,"
                            + " watch lag %4d ms, reading the finished stack %4d ms, after %4d ms)", span.name(),
                    span.total().toMillis(), span.heat().toMillis(), span.overhead().toMillis(),
                    span.beforeRequest().toMillis(), span.watchLag().toMillis(), span.readingStack().toMillis(),
                    span.afterSeen().toMillis()));
        }
        text.append(String.format("%n  watch: %d list calls, %d stack GETs for %d awaited operations", listCalls,
                stackGets, operations));
        return text.toString();
    }
}
