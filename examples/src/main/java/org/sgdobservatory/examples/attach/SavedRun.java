package org.sgdobservatory.examples.attach;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.util.ModelSerializer;
import org.sgdobservatory.examples.data.CsvTable;
import org.sgdobservatory.examples.data.LabelledData;

/**
 * What {@code run --save-model FILE} leaves for {@code attach}: the trained network saved with DL4J's
 * {@code ModelSerializer} (updater state included) in {@code FILE}, and the training table it was trained on, as
 * {@code attach} reads it ({@link CsvTable}: header {@code x1,...,xn,label} or {@code ...,target}), beside it as
 * {@link #dataFileFor FILE.csv}.
 *
 * @param model the model file
 * @param data the CSV file
 */
public record SavedRun(Path model, Path data) {

    /** {@code iris.zip -> iris.csv}; a name without {@code .zip} gets {@code .csv} appended. */
    public static Path dataFileFor(Path model) {
        String name = model.getFileName().toString();
        String stem = name.toLowerCase(java.util.Locale.ROOT).endsWith(".zip") ? name.substring(0, name.length() - 4)
                : name;
        return model.resolveSibling(stem + ".csv");
    }

    /**
     * Checks, before training, that both files can be written: creates the directory and refuses a directory or a
     * read-only file in their place.
     *
     * @throws IOException naming the file
     */
    public static void prepare(Path model) throws IOException {
        Path dir = model.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException | SecurityException e) {
            throw new IOException("cannot create the directory of --save-model '" + model + "' (" + e.getMessage()
                    + ")", e);
        }
        for (Path p : new Path[] {model, dataFileFor(model)}) {
            if (Files.isDirectory(p) || Files.exists(p) && !Files.isWritable(p) || !Files.isWritable(dir)) {
                throw new IOException("--save-model cannot write '" + p + "'; give a writable file path");
            }
        }
    }

    /**
     * Saves the network (updater state included) and its training table.
     *
     * @return where they went
     */
    public static SavedRun write(Model network, LabelledData train, Path model) throws IOException {
        ModelSerializer.writeModel(network, model.toFile(), true);
        Path data = CsvTable.write(train, dataFileFor(model));
        return new SavedRun(model.toAbsolutePath(), data.toAbsolutePath());
    }
}
