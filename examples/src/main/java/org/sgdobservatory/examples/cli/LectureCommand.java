package org.sgdobservatory.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** placeholder */
@Command(name = "lecture")
final class LectureCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 0;
    }
}
