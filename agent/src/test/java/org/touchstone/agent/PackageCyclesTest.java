package org.touchstone.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * No package cycles in the agent: the JDK's own {@code jdeps} lists which package of the compiled classes uses
 * which, and any strongly connected set of more than one package fails the test, naming it. (The cycle issue 16
 * named, {assessment, calibration, config, inspection}, is broken: none is tolerated.)
 */
class PackageCyclesTest {

    private static final String ROOT = "org.touchstone.agent";
    private static final Set<String> KNOWN = Set.of();

    @Test
    void agentPackages_formNoCycle() {
        Map<String, Set<String>> uses = uses(Path.of("target/classes"));
        assertTrue(uses.containsKey(ROOT + ".journal"), "jdeps read the classes: " + uses.keySet());
        List<Set<String>> cycles = cycles(uses);
        List<Set<String>> unexpected = cycles.stream().filter(c -> KNOWN.isEmpty() || !KNOWN.containsAll(c)).toList();
        assertEquals(List.of(), unexpected, "package cycles (each set uses itself through the others)");
    }

    @Test
    void theCheckFindsACycle() {
        Map<String, Set<String>> uses = new TreeMap<>();
        uses.put("a", Set.of("b"));
        uses.put("b", Set.of("c"));
        uses.put("c", Set.of("a"));
        uses.put("d", Set.of("a"));
        assertEquals(List.of(Set.of("a", "b", "c")), cycles(uses));
    }

    /** Package to the agent packages it uses, from {@code jdeps -verbose:package}. */
    static Map<String, Set<String>> uses(Path classes) {
        assertTrue(Files.isDirectory(classes), classes + " (run from the agent module after compiling)");
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("no jdeps in this JDK"));
        StringWriter out = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:package", "-filter:none",
                "-e", Pattern.quote(ROOT) + ".*", classes.toString());
        assertEquals(0, rc, out.toString());
        Map<String, Set<String>> uses = new TreeMap<>();
        Matcher m = Pattern.compile("^\\s+(" + Pattern.quote(ROOT) + "[\\w.]*)\\s+->\\s+(" + Pattern.quote(ROOT)
                + "[\\w.]*)", Pattern.MULTILINE).matcher(out.toString());
        while (m.find()) {
            uses.computeIfAbsent(m.group(1), k -> new TreeSet<>());
            if (!m.group(1).equals(m.group(2))) {
                uses.get(m.group(1)).add(m.group(2));
            }
        }
        return uses;
    }

    /** Strongly connected components of more than one package (Tarjan). */
    static List<Set<String>> cycles(Map<String, Set<String>> uses) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new java.util.HashSet<>();
        List<Set<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String p : uses.keySet()) {
            if (!index.containsKey(p)) {
                connect(p, uses, index, low, stack, onStack, out, counter);
            }
        }
        return out;
    }

    private static void connect(String p, Map<String, Set<String>> uses, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                                List<Set<String>> out, int[] counter) {
        index.put(p, counter[0]);
        low.put(p, counter[0]++);
        stack.push(p);
        onStack.add(p);
        for (String q : uses.getOrDefault(p, Set.of())) {
            if (!index.containsKey(q)) {
                connect(q, uses, index, low, stack, onStack, out, counter);
                low.put(p, Math.min(low.get(p), low.get(q)));
            } else if (onStack.contains(q)) {
                low.put(p, Math.min(low.get(p), index.get(q)));
            }
        }
        if (low.get(p).equals(index.get(p))) {
            Set<String> component = new TreeSet<>();
            String q;
            do {
                q = stack.pop();
                onStack.remove(q);
                component.add(q);
            } while (!q.equals(p));
            if (component.size() > 1) {
                out.add(component);
            }
        }
    }
}
