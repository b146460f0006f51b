package org.sgdobservatory.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.sgdobservatory.examples.lecture.ClaimResult;
import org.sgdobservatory.examples.lecture.Effort;
import org.sgdobservatory.examples.lecture.Lecture;
import org.sgdobservatory.examples.lecture.LectureReport;
import org.sgdobservatory.report.model.ReportJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code observatory lecture}: the lecture's claims checked with sim-core, one PASS/FAIL block each on standard
 * output, then a summary of the claims as reproduced, corrected and beyond the lecture; {@code lecture.json} in
 * {@code --report DIR} if given; exit code 3 if a claim fails.
 */
@Command(name = "lecture", abbreviateSynopsis = true,
        description = {"Checks the lecture's claims with sim-core.",
                "SDE vs discrete SGD, the 1-D Gibbs density and its alpha, two temperatures, eta'/sigma^2, RMSProp,"
                        + " and the data order the lecture leaves out: a PASS/FAIL block per claim, then a summary"
                        + " (reproduced, corrected, beyond the lecture); with --report DIR also DIR/lecture.json."},
        footer = "Example: observatory lecture --report lecture-report")
final class LectureCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(names = "--quick", hidden = true, description = "Fewer chains and steps (tests).")
    boolean quick;

    @Mixin
    ReportDirectory report;

    @Mixin
    ExecutionOptions execution;

    @Override
    public Integer call() throws IOException {
        execution.validate();
        Optional<Path> target = report.given().isPresent()
                ? Optional.of(ReportDirectory.prepare(report.given().get()).resolve("lecture.json"))
                : Optional.empty();
        execution.applyThreads();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        Lecture lecture = Lecture.all();
        int[] number = {0};
        int total = lecture.ids().size();
        var bars = execution.progress(err);
        List<ClaimResult> results = lecture.run(quick ? Effort.QUICK : Effort.FULL,
                label -> bars.apply("[" + (number[0] + 1) + "/" + total + "] " + label),
                r -> {
                    out.print(LectureReport.text(++number[0], r));
                    out.flush();
                });
        double seconds = (System.nanoTime() - started) / 1e9;
        out.println();
        out.print(LectureReport.summary(results, seconds));
        out.flush();
        if (target.isPresent()) {
            ReportJson.writeFile(LectureReport.document(results, quick, seconds), target.get());
            err.println("wrote " + target.get());
        }
        return results.stream().allMatch(ClaimResult::passed) ? Observatory.OK : Observatory.CLAIM_FAILED;
    }
}
