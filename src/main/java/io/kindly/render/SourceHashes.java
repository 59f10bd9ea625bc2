package io.kindly.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version of a message's templates: SHA-256 over the source of every file used, including the files they import
 * or include (a shared layout, say), so that a ledger entry points at the exact wording that produced it.
 *
 * <p>Hashes are cached and re-read at most once per update delay, the same rhythm in which FreeMarker picks up edited
 * templates, so a hash and the rendering it describes come from the same version of the files. Each time a file is
 * read it also passes the {@link SourceGuard}: a version the guard refuses is never recorded as having been sent.
 */
final class SourceHashes {
    private static final Pattern DEPENDENCY = Pattern.compile("<#(?:import|include)\\s+[\"']([^\"']+)[\"']");

    /** A hash, or why the files must not be used (then {@code hash} is null). */
    private record Cached(String hash, String refused, long checkedAt, AtomicBoolean refreshing) {
        Cached(String hash, String refused, long checkedAt) {
            this(hash, refused, checkedAt, new AtomicBoolean());
        }
    }

    private final Path dir;
    private final long refreshMillis;
    private final SourceGuard guard;
    private final Map<List<String>, Cached> cache = new ConcurrentHashMap<>();

    SourceHashes(Path dir, long refreshMillis, SourceGuard guard) {
        this.dir = dir;
        this.refreshMillis = refreshMillis;
        this.guard = guard;
    }

    String of(List<String> files) throws TemplateProblem {
        long now = System.currentTimeMillis();
        Cached cached = cache.get(files);
        if (cached == null) {
            cached = cache.computeIfAbsent(List.copyOf(files), key -> compute(key, now));
        } else if (now - cached.checkedAt() >= refreshMillis && cached.refreshing().compareAndSet(false, true)) {
            // one thread looks at the files again; the others go on with what was checked a moment ago. Without
            // this every worker thread whose message arrived after the refresh time read, linted and hashed the same
            // files at once (3.7% of the CPU in the profile of issue 9)
            Cached stale = cached;
            try {
                cached = compute(files, now);
            } catch (RuntimeException e) {
                stale.refreshing().set(false); // the next message tries again
                throw e;
            }
            cache.put(List.copyOf(files), cached);
        }
        if (cached.refused() != null) {
            throw new TemplateProblem(cached.refused());
        }
        return cached.hash();
    }

    private Cached compute(List<String> files, long now) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String name : withDependencies(files)) {
                byte[] source = Files.readAllBytes(dir.resolve(name));
                List<String> refusals = guard.refusals(name, new String(source, StandardCharsets.UTF_8));
                if (!refusals.isEmpty()) {
                    return new Cached(null, "templates/" + name + " is refused by kindly lint: " + refusals.get(0)
                            + (refusals.size() > 1 ? " (and " + (refusals.size() - 1) + " more)" : ""), now);
                }
                sha.update(name.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(source);
                sha.update((byte) 0);
            }
            return new Cached(HexFormat.of().formatHex(sha.digest()), null, now);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a template to hash it", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The files and, transitively, what they import or include; names are relative to the template folder. */
    private Set<String> withDependencies(List<String> files) throws IOException {
        Set<String> all = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(files);
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!all.add(name) || !Files.isRegularFile(dir.resolve(name))) {
                continue;
            }
            String source = Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
            Matcher m = DEPENDENCY.matcher(source);
            while (m.find()) {
                String dep = m.group(1);
                String resolved = dep.startsWith("/") ? dep.substring(1)
                        : Path.of(name).resolveSibling(dep).normalize().toString().replace('\\', '/');
                todo.add(resolved);
            }
        }
        all.removeIf(n -> !Files.isRegularFile(dir.resolve(n)));
        return all;
    }
}
