package io.tracking.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The packages of the query service do not import each other in a circle: each one can be read (and changed)
 * knowing only those below it. Reads the main sources as text, so that it needs no library and sees every
 * {@code import io.tracking.query.…} line, static or not; a class named by its full name without an import is not
 * seen (the house style imports).
 */
class PackageCycleTests {

    private static final String ROOT_PACKAGE = "io.tracking.query";
    private static final Path SOURCES = Path.of("src/main/java", ROOT_PACKAGE.split("\\."));
    private static final Pattern IMPORT =
            Pattern.compile("^import\\s+(?:static\\s+)?(" + Pattern.quote(ROOT_PACKAGE) + "(?:\\.\\w+)*)");

    @Test
    void shouldFindNoCycleBetweenThePackagesOfTheMainSources() throws IOException {
        Map<String, Set<String>> graph = importGraph(SOURCES);

        // a wrong working directory would read nothing and prove nothing
        assertThat(graph.keySet()).contains(ROOT_PACKAGE + ".location", ROOT_PACKAGE + ".live");
        assertThat(graph.values()).anySatisfy(targets -> assertThat(targets).isNotEmpty());
        List<String> cycle = cycle(graph);
        assertThat(cycle).as("packages importing each other in a circle: %s (import graph %s)",
                String.join(" -> ", cycle), graph).isEmpty();
    }

    @Test
    void shouldReportACycleThroughThePackagesThatFormIt() {
        Map<String, Set<String>> graph = new TreeMap<>(Map.of(
                "a", Set.of("b"),
                "b", Set.of("c"),
                "c", Set.of("d", "b"),
                "d", Set.of()));

        assertThat(cycle(graph)).containsExactly("b", "c", "b");
    }

    @Test
    void shouldFindNoCycleWhenEdgesOnlyConverge() {
        Map<String, Set<String>> graph = new TreeMap<>(Map.of(
                "a", Set.of("b", "c"),
                "b", Set.of("c"),
                "c", Set.of()));

        assertThat(cycle(graph)).isEmpty();
    }

    /**
     * Package to the other packages of the service that its files import. A package is a directory with Java
     * files; an imported name belongs to the longest such package it starts with (a nested class, or a static
     * member, comes after the class name).
     */
    private static Map<String, Set<String>> importGraph(Path sources) throws IOException {
        Map<Path, String> packages = new HashMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(path -> path.toString().endsWith(".java")).sorted().toList();
        }
        for (Path file : files) {
            Path directory = file.getParent();
            String relative = sources.relativize(directory).toString().replace(directory.getFileSystem()
                    .getSeparator(), ".");
            packages.put(directory, relative.isEmpty() ? ROOT_PACKAGE : ROOT_PACKAGE + "." + relative);
        }
        Set<String> known = new TreeSet<>(packages.values());
        Map<String, Set<String>> graph = new TreeMap<>();
        known.forEach(name -> graph.put(name, new TreeSet<>()));
        for (Path file : files) {
            String from = packages.get(file.getParent());
            for (String line : Files.readAllLines(file)) {
                Matcher matcher = IMPORT.matcher(line.strip());
                if (matcher.find()) {
                    String to = packageOf(matcher.group(1), known);
                    if (to != null && !to.equals(from)) {
                        graph.get(from).add(to);
                    }
                }
            }
        }
        return graph;
    }

    private static @Nullable String packageOf(String imported, Set<String> known) {
        String name = imported;
        while (name.contains(".")) {
            name = name.substring(0, name.lastIndexOf('.'));
            if (known.contains(name)) {
                return name;
            }
        }
        return null;
    }

    /** A path that ends where it starts ({@code [a, b, a]}), or an empty list when the graph has none. */
    private static List<String> cycle(Map<String, Set<String>> graph) {
        Map<String, Boolean> onPath = new LinkedHashMap<>();
        for (String start : graph.keySet()) {
            List<String> found = visit(start, graph, onPath, new ArrayList<>());
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    /**
     * Depth first; {@code state} holds {@code true} for the packages on the current path and {@code false} for
     * those fully explored (no cycle through them).
     */
    private static List<String> visit(String node, Map<String, Set<String>> graph, Map<String, Boolean> state,
            List<String> path) {
        Boolean known = state.get(node);
        if (Boolean.TRUE.equals(known)) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
            cycle.add(node);
            return cycle;
        }
        if (Boolean.FALSE.equals(known)) {
            return List.of();
        }
        state.put(node, true);
        path.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            List<String> cycle = visit(next, graph, state, path);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        path.remove(path.size() - 1);
        state.put(node, false);
        return List.of();
    }
}
