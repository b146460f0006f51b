package org.sgdobservatory.report.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The repository cites only itself, and every citation resolves (see {@code docs/README.md}): a newcomer goes from a
 * formula in {@code docs/} to its class and test, and from a report message or a comment to the section it cites,
 * without leaving the repository. Over every text file of the repository (build output, the command line's report
 * directory and version-control metadata excluded) it fails, listing {@code file:line}, for
 * <ul>
 *   <li>a reference to something outside the repository: the theory and DL4J notes the project was started from,
 *       their check scripts, the sibling directory they lived in, absolute paths of the machine, a style guide that
 *       is not in the repository, issue numbers, and numbered sections of {@code BENCHMARKS.md} (which has
 *       anchors);</li>
 *   <li>a citation {@code docs/<file>.md#<anchor>} or {@code BENCHMARKS.md#<anchor>} whose file or anchor does not
 *       exist, and a relative Markdown link of a {@code .md} file whose target or anchor does not exist. Anchors are
 *       GitHub's: the heading in lower case, punctuation other than {@code -} and {@code _} removed, spaces as
 *       {@code -}, a repeated heading numbered {@code -1, -2, ...}; or an explicit {@code <a id="...">};</li>
 *   <li>a fully qualified class of this project named in {@code docs/} that has no source file, and a
 *       {@code Class#member} there (also {@code `#member`} continuing the class last named in the same paragraph)
 *       whose source does not mention the member;</li>
 *   <li>a {@link FindingCode} without its section in {@code docs/findings.md}, and a verdict state or not-judged or
 *       not-predicted reason that {@code docs/verdicts.md} does not explain.</li>
 * </ul>
 * Enum constants such as {@code THEORY_FLOOR} or {@code NO_THEORY_FOR_DATA_ORDER} are not references: the patterns
 * need the file names' own punctuation. The patterns below are written so that this file does not match itself.
 */
class DocsCitationTest {

    /** Directory names never scanned: build output, the command line's reports, IDE and version-control data. */
    private static final Set<String> SKIPPED = Set.of("target", "observatory-report", "node_modules", ".git", ".idea");
    /** Files above this size are data, not text anyone cites from. */
    private static final long MAX_BYTES = 4L << 20;

    private static final Pattern EXTERNAL = Pattern.compile(String.join("|",
            "THEORY\\.md",
            "(?i:THEORY-NOTE[S])",
            "(?i:DL4J-FACT[S])",
            "(?i:theory-check[s])",
            "(?i:notes/envelop[e])",
            "\\.\\./shared",
            "/wor[k]/",
            "STYLE\\.md",
            "(?i:\\bissues? #?[0-9]+)",
            "BENCHMARKS\\.md,? sections? [0-9]"));
    /** {@code docs/<file>.md[#anchor]} or {@code BENCHMARKS.md[#anchor]}, optionally behind {@code ../}. */
    private static final Pattern CITATION = Pattern.compile(
            "(?<![\\w/.-])(?:\\.\\./)*(docs/[\\w-]+\\.md|BENCHMARKS\\.md)(?:#([\\w-]+))?");
    /** A Markdown link {@code ](target)} or {@code ](target#anchor)}. */
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]*)(?:#([^)\\s]*))?\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern EXPLICIT_ANCHOR = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"");
    /** A project class, fully qualified, optionally with {@code #member}. */
    private static final Pattern QUALIFIED = Pattern.compile(
            "org\\.sgdobservatory(?:\\.[a-z][a-z0-9_]*)+\\.[A-Z]\\w*(?:\\.[A-Z]\\w*)*(?:#(\\w+))?");
    /** {@code `#member`} continuing the last class, or {@code `Simple#member`}; not {@code [`#anchor`]}. */
    private static final Pattern SHORT = Pattern.compile("(?<!\\[)`(?:([A-Z]\\w*))?#([a-z]\\w*)`");

    private static Path root;
    private static final Map<Path, String> TEXT = new TreeMap<>();
    private static final Map<Path, Set<String>> ANCHORS = new HashMap<>();
    private static final Map<String, Path> CLASSES = new HashMap<>();
    private static final Map<String, List<String>> SIMPLE_NAMES = new HashMap<>();

    @BeforeAll
    static void readTheRepository() throws IOException {
        root = repositoryRoot();
        List<Path> tracked = trackedFiles();
        if (tracked.isEmpty()) {
            walk();
        }
        for (Path file : tracked) {
            boolean skipped = false;
            for (Path part : file) {
                skipped |= SKIPPED.contains(part.toString());
            }
            Path abs = root.resolve(file);
            if (!skipped && Files.isRegularFile(abs) && Files.size(abs) <= MAX_BYTES) {
                read(file, abs);
            }
        }
        for (Path p : TEXT.keySet()) {
            String s = p.toString().replace('\\', '/');
            int java = s.indexOf("/java/");
            if (s.endsWith(".java") && java >= 0 && s.contains("/src/")) {
                String name = s.substring(java + "/java/".length(), s.length() - ".java".length()).replace('/', '.');
                CLASSES.put(name, p);
                SIMPLE_NAMES.computeIfAbsent(name.substring(name.lastIndexOf('.') + 1), k -> new ArrayList<>())
                        .add(name);
            }
        }
        assertTrue(TEXT.containsKey(Path.of("docs", "README.md")), "docs/README.md is read from " + root);
        assertTrue(CLASSES.containsKey(DocsCitationTest.class.getName()), "the sources are read from " + root);
    }

    /** The files git tracks, relative to the root; empty when git is not available (then {@link #walk} reads). */
    private static List<Path> trackedFiles() {
        try {
            Process git = new ProcessBuilder("git", "-C", root.toString(), "ls-files", "-z")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = git.getInputStream().readAllBytes();
            if (!git.waitFor(60, TimeUnit.SECONDS) || git.exitValue() != 0) {
                return List.of();
            }
            List<Path> files = new ArrayList<>();
            for (String name : new String(out, StandardCharsets.UTF_8).split("\0")) {
                if (!name.isEmpty()) {
                    files.add(Path.of(name));
                }
            }
            return files;
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** Without git: every file under the root except the skipped directories. */
    private static void walk() throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(root) && SKIPPED.contains(dir.getFileName().toString())
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile() && attrs.size() <= MAX_BYTES
                        && !SKIPPED.contains(file.getFileName().toString())) {
                    read(root.relativize(file), file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void read(Path relative, Path file) throws IOException {
        String text = utf8(Files.readAllBytes(file));
        if (text != null) {
            TEXT.put(relative, text);
        }
    }

    @Test
    void nothingCitesAFileOutsideTheRepository() {
        List<String> problems = new ArrayList<>();
        TEXT.forEach((file, text) -> eachLine(text, (n, line) -> {
            Matcher m = EXTERNAL.matcher(line);
            while (m.find()) {
                problems.add(file + ":" + n + ": cites '" + m.group() + "' outside the repository: " + line.strip());
            }
        }));
        report(problems, "references outside the repository; cite docs/<file>.md#<anchor> instead");
    }

    @Test
    void everyDocsCitationNamesAnExistingFileAndAnchor() {
        List<String> problems = new ArrayList<>();
        int[] checked = {0};
        TEXT.forEach((file, text) -> eachLine(text, (n, line) -> {
            Matcher m = CITATION.matcher(line);
            while (m.find()) {
                checked[0]++;
                problems.addAll(resolve(file, n, m.group(), Path.of(m.group(1)), m.group(2)));
            }
            if (file.toString().endsWith(".md")) {
                Matcher l = LINK.matcher(line);
                while (l.find()) {
                    String target = l.group(1);
                    if (target.contains(":") || (target.isEmpty() && l.group(2) == null)) {
                        continue;
                    }
                    checked[0]++;
                    Path parent = file.getParent() == null ? Path.of("") : file.getParent();
                    Path resolved = target.isEmpty() ? file : parent.resolve(target).normalize();
                    problems.addAll(resolve(file, n, l.group(), resolved, l.group(2)));
                }
            }
        }));
        assertTrue(checked[0] > 100, "found only " + checked[0] + " citations: is the repository root right?");
        report(problems, "citations whose file or anchor does not exist");
    }

    @Test
    void classesAndMembersNamedInTheDocsExist() {
        List<String> problems = new ArrayList<>();
        TEXT.forEach((file, text) -> {
            if (!file.startsWith("docs") || !file.toString().endsWith(".md")) {
                return;
            }
            String[] last = {null};
            eachLine(text, (n, line) -> {
                if (line.isBlank() || line.startsWith("#")) {
                    last[0] = null;
                }
                Matcher q = QUALIFIED.matcher(line);
                Matcher s = SHORT.matcher(line);
                int at = 0;
                while (true) {
                    boolean hasQ = q.find(at);
                    int qs = hasQ ? q.start() : Integer.MAX_VALUE;
                    boolean hasS = s.find(at);
                    int ss = hasS ? s.start() : Integer.MAX_VALUE;
                    if (!hasQ && !hasS) {
                        break;
                    }
                    if (qs <= ss) {
                        String name = q.group().replaceAll("#.*", "");
                        String cls = outermostExisting(name);
                        if (cls == null) {
                            problems.add(file + ":" + n + ": no source file for class " + name);
                            last[0] = null;
                        } else {
                            last[0] = cls;
                            member(file, n, cls, q.group(1), problems);
                        }
                        at = q.end();
                    } else {
                        String cls = last[0];
                        if (s.group(1) != null) {
                            List<String> named = SIMPLE_NAMES.getOrDefault(s.group(1), List.of());
                            if (named.isEmpty()) {
                                problems.add(file + ":" + n + ": no source file for class " + s.group(1));
                            }
                            cls = named.size() == 1 ? named.get(0) : null;
                        }
                        if (cls != null) {
                            member(file, n, cls, s.group(2), problems);
                        }
                        at = s.end();
                    }
                }
            });
        });
        report(problems, "classes or members named in docs/ that do not exist");
    }

    @Test
    void everyCodeAndReasonOfTheReportIsExplained() {
        Set<String> findings = anchors(Path.of("docs", "findings.md"));
        List<String> problems = new ArrayList<>();
        for (FindingCode code : FindingCode.values()) {
            String anchor = code.reference().substring(code.reference().indexOf('#') + 1);
            if (!code.reference().startsWith("docs/findings.md#") || !findings.contains(anchor)) {
                problems.add("FindingCode." + code + ": no section " + code.reference());
            }
        }
        String verdicts = TEXT.get(Path.of("docs", "verdicts.md"));
        List<Enum<?>> words = new ArrayList<>(List.of(VerdictState.values()));
        words.addAll(List.of(NotJudgedReason.values()));
        words.addAll(List.of(NotPredictedReason.values()));
        for (Enum<?> e : words) {
            if (verdicts == null || !verdicts.contains("`" + e.name() + "`")) {
                problems.add(e.getDeclaringClass().getSimpleName() + "." + e + ": not explained in docs/verdicts.md");
            }
        }
        report(problems, "report codes without documentation");
    }

    /** Problems of one citation of {@code target} (relative to the repository root) with an optional anchor. */
    private static List<String> resolve(Path file, int line, String cited, Path target, String anchor) {
        if (!Files.exists(root.resolve(target))) {
            return List.of(file + ":" + line + ": '" + cited + "': no file " + target);
        }
        if (anchor == null || anchor.isEmpty() || !target.toString().endsWith(".md")) {
            return List.of();
        }
        Set<String> known = anchors(target);
        return known.contains(anchor) ? List.of()
                : List.of(file + ":" + line + ": '" + cited + "': no anchor #" + anchor + " in " + target);
    }

    /** GitHub's heading anchors of a Markdown file (outside fenced code), and its explicit anchors. */
    static Set<String> anchors(Path markdown) {
        return ANCHORS.computeIfAbsent(markdown, p -> {
            String text = TEXT.get(p);
            if (text == null) {
                try {
                    text = Files.readString(root.resolve(p));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            Set<String> out = new HashSet<>();
            Map<String, Integer> seen = new HashMap<>();
            boolean fenced = false;
            for (String line : text.split("\n", -1)) {
                if (line.startsWith("```")) {
                    fenced = !fenced;
                    continue;
                }
                Matcher a = EXPLICIT_ANCHOR.matcher(line);
                while (a.find()) {
                    out.add(a.group(1));
                }
                Matcher h = HEADING.matcher(line);
                if (!fenced && h.matches()) {
                    String slug = slug(h.group(1));
                    int k = seen.merge(slug, 1, Integer::sum) - 1;
                    out.add(k == 0 ? slug : slug + "-" + k);
                }
            }
            return out;
        });
    }

    /** GitHub's anchor of a heading: lower case, punctuation except {@code -} and {@code _} removed, spaces as dashes. */
    static String slug(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}_\\- ]", "").replace(' ', '-');
    }

    @Test
    void slugsAreGitHubs() {
        assertEquals("hutchinsons-diagonal-estimator", slug("Hutchinson's diagonal estimator"), "apostrophe");
        assertEquals("the-applied-update-in-iterationdone", slug("The applied update in iterationDone"), "case");
        assertEquals("sgd-on-a-1-d-quadratic", slug("SGD on a 1-D quadratic"), "digits and dashes");
        assertEquals("window_too_short", slug("WINDOW_TOO_SHORT"), "underscores stay");
        assertEquals("reportjson", slug("`report.json`"), "code and dots");
    }

    private static void member(Path file, int line, String cls, String member, List<String> problems) {
        if (member == null) {
            return;
        }
        String source = TEXT.get(CLASSES.get(cls));
        if (!Pattern.compile("\\b" + Pattern.quote(member) + "\\b").matcher(source).find()) {
            problems.add(file + ":" + line + ": " + cls + " has no member " + member);
        }
    }

    /** The class itself, or for a nested class ({@code Outer.Inner}) the enclosing class that has a source file. */
    private static String outermostExisting(String name) {
        String n = name;
        while (!CLASSES.containsKey(n)) {
            String outer = n.substring(0, n.lastIndexOf('.'));
            if (!Character.isUpperCase(outer.charAt(outer.lastIndexOf('.') + 1))) {
                return null;
            }
            n = outer;
        }
        return n;
    }

    /** A line-numbered visitor. */
    private interface LineVisitor {
        void visit(int number, String line);
    }

    private static void eachLine(String text, LineVisitor visitor) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            visitor.visit(i + 1, lines[i]);
        }
    }

    private static void report(List<String> problems, String what) {
        if (!problems.isEmpty()) {
            fail(problems.size() + " " + what + ":\n  " + String.join("\n  ", problems));
        }
    }

    /** The text of a file, or null when it is not UTF-8 (an image, an archive). */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The nearest directory at or above the working directory that holds {@code docs/README.md} and a pom. */
    private static Path repositoryRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("docs/README.md")) && Files.isRegularFile(d.resolve("pom.xml"))) {
                return d;
            }
        }
        throw new IllegalStateException("no directory with docs/README.md at or above " + dir);
    }
}
