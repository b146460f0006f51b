package org.sgdobservatory.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.sgdobservatory.examples.json.Json;
import org.sgdobservatory.examples.lecture.ClaimResult;
import org.sgdobservatory.examples.lecture.Effort;
import org.sgdobservatory.examples.lecture.Lecture;
import org.sgdobservatory.examples.lecture.LectureReport;
import org.sgdobservatory.sim.simulation.SimulationProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code observatory lecture}: the lecture's claims reproduced, one PASS/FAIL line each on standard
 * output, {@code lecture.json} in {@code --report DIR} if given; exit code 3 if a claim fails.
 */
@Command(name = "lecture", mixinStandardHelpOptions = true,
        description = {"Reproduces the lecture's claims with sim-core and checks each: SDE vs discrete SGD, the 1-D"
                + " Gibbs density, two temperatures, eta'/sigma^2, RMSProp, and the data order.",
                "Prints a PASS/FAIL block per claim; writes DIR/lecture.json with --report."})
final class LectureCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--report", paramLabel = "DIR", description = "Also write DIR/lecture.json.")
    Path report;

    @Option(names = "--quick", hidden = true, description = "Fewer chains and steps (tests).")
    boolean quick;

    @Option(names = "--quiet", description = "No progress bars on standard error.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        Path target = report == null ? null : prepare(report);
        NativeThreads.limit();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        Lecture lecture = Lecture.all();
        int[] number = {0};
        int total = lecture.ids().size();
        List<ClaimResult> results = lecture.run(quick ? Effort.QUICK : Effort.FULL,
                label -> quiet ? SimulationProgress.NONE
                        : new ProgressBar(err, "[" + (number[0] + 1) + "/" + total + "] " + label),
                r -> {
                    out.print(LectureReport.text(++number[0], r));
                    out.flush();
                });
        double seconds = (System.nanoTime() - started) / 1e9;
        out.println(LectureReport.summary(results, seconds));
        out.flush();
        if (target != null) {
            Files.writeString(target, Json.write(LectureReport.json(results, quick, seconds)) + "\n",
                    StandardCharsets.UTF_8);
            err.println("wrote " + target);
        }
        return results.stream().allMatch(ClaimResult::passed) ? Observatory.OK : Observatory.CLAIM_FAILED;
    }

    /** Creates the directory and checks it is writable before any simulation runs. */
    private static Path prepare(Path dir) throws IOException {
        try {
            Files.createDirectories(dir);
        } catch (IOException | SecurityException e) {
            throw new IOException("cannot create report directory '" + dir + "' (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new IOException("report directory '" + dir + "' is not a writable directory");
        }
        return dir.resolve("lecture.json");
    }
}
