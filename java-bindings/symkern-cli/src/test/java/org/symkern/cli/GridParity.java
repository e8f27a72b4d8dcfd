package org.symkern.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import org.symkern.cli.report.Json;
import org.symkern.train.GridExecutor;

/** Helpers of the grid tests: a report's JSON without its wall-clock fields, and an executor that scrambles order and place. */
final class GridParity {
    private GridParity() {}

    /**
     * Fields that measure time or machine state, not the experiment: wall and per-epoch seconds, start time, the
     * machine's load, the per-run native memory peak (a process-wide counter, shared by concurrent tasks of one JVM).
     */
    static final Set<String> TIMING = Set.of("wallSeconds", "started", "trainSecondsPerEpoch", "inferenceMsPerBatch", "peakNativeBytes",
            "seconds", "stageSeconds", "machine");

    /** The JSON file re-printed without the {@link #TIMING} fields. */
    static String withoutTiming(Path json) {
        JsonElement e = Json.read(json);
        strip(e);
        return new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(e);
    }

    private static void strip(JsonElement e) {
        if (e instanceof JsonObject o) {
            for (String k : Set.copyOf(o.keySet())) if (TIMING.contains(k)) o.remove(k);
            for (Map.Entry<String, JsonElement> x : o.entrySet()) strip(x.getValue());
        } else if (e instanceof JsonArray a) {
            for (JsonElement x : a) strip(x);
        }
    }

    /**
     * Runs the cells in reverse order, each on a fresh thread (so no per-thread cache of an earlier cell is reused) and
     * each cell and result through Java serialization, as a distributed executor would; returns them in cell order.
     */
    static final GridExecutor SCRAMBLED = new GridExecutor() {
        @Override
        public <C extends Serializable, R extends Serializable> List<R> map(List<C> cells, CellFunction<C, R> one) {
            List<R> out = new ArrayList<>(Collections.nCopies(cells.size(), null));
            for (int i = cells.size() - 1; i >= 0; --i) {
                @SuppressWarnings("unchecked") C c = (C) copy(cells.get(i));
                List<Object> box = new ArrayList<>();
                Thread t = new Thread(() -> box.add(copy(one.apply(c))));
                t.setUncaughtExceptionHandler((th, ex) -> box.add(ex));
                t.start();
                try {
                    t.join();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                if (box.get(0) instanceof Throwable ex) throw new IllegalStateException("cell " + i + " failed: " + ex, ex);
                @SuppressWarnings("unchecked") R r = (R) box.get(0);
                out.set(i, r);
            }
            return out;
        }

        @Override
        public String describe() {
            return "scrambled (reverse order, one thread per cell, serialized)";
        }
    };

    static Object copy(Object o) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(b)) {
                out.writeObject(o);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(b.toByteArray()))) {
                return in.readObject();
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new UncheckedIOException(new IOException("cannot serialize " + o.getClass().getName() + ": " + e, e));
        }
    }
}
