package org.symkern.cli.report;

import org.symkern.io.AtomicFiles;
import org.symkern.io.BoundedReads;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;

/**
 * JSON records of experiment results (Gson): pretty-printed, NaN and infinities written as such rather than
 * rejected (a diverged run is a result too), files replaced atomically.
 */
public final class Json {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .disableHtmlEscaping().create();

    private Json() {}

    /** The shared Gson instance. */
    public static Gson gson() {
        return GSON;
    }

    /** `value` (records, maps, lists, arrays, primitives) as pretty JSON text. */
    public static String toJson(Object value) {
        return GSON.toJson(value);
    }

    /** Writes `value` as JSON to `path` atomically. */
    public static void write(Path path, Object value) {
        AtomicFiles.writeString(path, toJson(value) + "\n");
    }

    /** Reads a JSON file as a tree; a missing or malformed file is an exception naming it. */
    public static JsonElement read(Path path) {
        try {                                                       // bounded read: missing / unreadable / too large name the reason
            return com.google.gson.JsonParser.parseString(new String(BoundedReads.readFile(path), StandardCharsets.UTF_8));
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(path + ": malformed JSON: " + e.getMessage(), e);
        }
    }
}
