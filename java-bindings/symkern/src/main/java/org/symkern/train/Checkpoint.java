package org.symkern.train;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import org.symkern.data.DataFormatException;
import org.symkern.nn.Module;
import org.symkern.io.AtomicFiles;
import org.symkern.io.BoundedReads;
import org.symkern.io.DatasetFolder;
import org.symkern.io.InputLimits;
import org.symkern.tensor.DType;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * Named tensors and string metadata in the safetensors format (https://github.com/huggingface/safetensors):
 * <pre>
 *   8 bytes   N, unsigned little-endian 64-bit: the length of the header
 *   N bytes   UTF-8 JSON object  {"__metadata__": {"key": "value", ...},
 *                                 "name": {"dtype": "F32" | "I32" | "I64", "shape": [d0, d1, ...], "data_offsets": [begin, end]}, ...}
 *             padded with spaces so that 8 + N is a multiple of 8
 *   rest      the data section: each tensor's elements, row-major, little-endian, at [begin, end) of the section
 * </pre>
 * Written tensors lie back to back in the order given, and files are replaced atomically ({@link AtomicFiles}). The
 * reader checks everything the format fixes and throws {@link DataFormatException} naming the file and the problem:
 * a truncated file, a header length beyond the file, a header that is not strict JSON (or does not start with '{',
 * or repeats a name), an unknown dtype, a shape
 * that is not a list of sizes, offsets out of range, overlapping, leaving gaps or not matching dtype x shape. The
 * module helpers add the missing-tensor and shape-mismatch checks against a {@link Module}'s parameters and buffers.
 */
public final class Checkpoint {
    private static final TypeAdapter<JsonElement> JSON_VALUES = new Gson().getAdapter(JsonElement.class);

    /** The largest header accepted (the limit of the reference implementation). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final String METADATA = "__metadata__";

    private Checkpoint() {}

    /** One stored tensor: element type, shape and its elements as little-endian bytes (a host copy). */
    public static final class Entry {
        private final DType dtype;
        private final Shape shape;
        private final byte[] data;

        private Entry(DType dtype, Shape shape, byte[] data) {
            this.dtype = Objects.requireNonNull(dtype, "dtype");
            this.shape = Objects.requireNonNull(shape, "shape");
            this.data = data;
            if (data.length != Math.multiplyExact(shape.numel(), (long) dtype.bytes()))
                throw new IllegalArgumentException("Checkpoint.Entry: " + data.length + " bytes for " + tag(dtype) + " " + shape);
        }

        /** A host copy of `t` (any device). */
        public static Entry of(Tensor t) {
            return switch (t.dtype()) {
                case FLOAT32 -> ofFloats(t.toFloatArray(), t.shape());
                case INT32 -> ofInts(t.toIntArray(), t.shape());
                case INT64 -> ofLongs(t.toLongArray(), t.shape());
            };
        }

        /** A float32 entry holding {@code values} with {@code shape}. */
        public static Entry ofFloats(float[] values, Shape shape) {
            ByteBuffer b = little(4L * values.length);
            b.asFloatBuffer().put(values);
            return new Entry(DType.FLOAT32, shape, b.array());
        }

        /** An int32 entry. */
        public static Entry ofInts(int[] values, Shape shape) {
            ByteBuffer b = little(4L * values.length);
            b.asIntBuffer().put(values);
            return new Entry(DType.INT32, shape, b.array());
        }

        /** An int64 entry. */
        public static Entry ofLongs(long[] values, Shape shape) {
            ByteBuffer b = little(8L * values.length);
            b.asLongBuffer().put(values);
            return new Entry(DType.INT64, shape, b.array());
        }

        /** The element type. */
        public DType dtype() {
            return dtype;
        }

        /** The shape. */
        public Shape shape() {
            return shape;
        }

        /** Number of bytes of the elements. */
        public int byteSize() {
            return data.length;
        }

        /** The elements of a float32 entry. */
        public float[] floats() {
            need(DType.FLOAT32);
            float[] out = new float[data.length / 4];
            view().asFloatBuffer().get(out);
            return out;
        }

        /** The elements of an int32 entry. */
        public int[] ints() {
            need(DType.INT32);
            int[] out = new int[data.length / 4];
            view().asIntBuffer().get(out);
            return out;
        }

        /** The elements of an int64 entry. */
        public long[] longs() {
            need(DType.INT64);
            long[] out = new long[data.length / 8];
            view().asLongBuffer().get(out);
            return out;
        }

        /** A new tensor on `device` (in the current scope) holding the elements. */
        public Tensor toTensor(Device device) {
            return switch (dtype) {
                case FLOAT32 -> Tensor.of(floats(), shape, device);
                case INT32 -> Tensor.ofInts(ints(), shape, device);
                case INT64 -> Tensor.ofLongs(longs(), shape, device);
            };
        }

        /** Overwrites `t` (same dtype and shape, any device) with the elements. */
        public void copyInto(Tensor t) {
            if (t.dtype() != dtype || !t.shape().equals(shape))
                throw new IllegalArgumentException("Checkpoint.Entry: cannot copy " + describe() + " into " + t.describe());
            if (dtype == DType.FLOAT32) {
                t.copyFrom(floats());
                return;
            }
            try (Scope s = Scope.open()) {
                t.copyFrom(toTensor(Device.CPU));
            }
        }

        /** "F32 [3, 2]". */
        public String describe() {
            return tag(dtype) + " " + shape;
        }

        /** true when dtype, shape and bytes are equal. */
        public boolean sameAs(Entry o) {
            return dtype == o.dtype && shape.equals(o.shape) && java.util.Arrays.equals(data, o.data);
        }

        private ByteBuffer view() {
            return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        }

        private void need(DType want) {
            if (dtype != want) throw new IllegalStateException("Checkpoint.Entry: " + describe() + " is not " + tag(want));
        }

        private static ByteBuffer little(long n) {
            return ByteBuffer.allocate(Math.toIntExact(n)).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    /** What a file holds: the tensors in file order and the metadata. */
    public record Contents(Path file, Map<String, Entry> tensors, Map<String, String> metadata) {
        /** Copies the maps. */
        public Contents {
            tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }

        /** The tensor `name`; a missing one is a {@link DataFormatException} naming the file. */
        public Entry get(String name) {
            Entry e = tensors.get(name);
            if (e == null) throw new DataFormatException(String.valueOf(file), "missing tensor '" + name + "'");
            return e;
        }

        /** The metadata value `key`; a missing one is a {@link DataFormatException} naming the file. */
        public String meta(String key) {
            String v = metadata.get(key);
            if (v == null) throw new DataFormatException(String.valueOf(file), "missing metadata '" + key + "'");
            return v;
        }

        /** The tensors whose names start with `prefix`, keyed by the rest of the name. */
        public Map<String, Entry> withPrefix(String prefix) {
            Map<String, Entry> out = new LinkedHashMap<>();
            for (Map.Entry<String, Entry> e : tensors.entrySet())
                if (e.getKey().startsWith(prefix)) out.put(e.getKey().substring(prefix.length()), e.getValue());
            return out;
        }
    }

    // ------------------------------------------------------------------ writing

    /** Writes `tensors` (host copies are taken; any device) and `metadata` to `file` atomically. */
    public static void save(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> t : tensors.entrySet()) entries.put(t.getKey(), Entry.of(t.getValue()));
        saveEntries(file, entries, metadata);
    }

    /** Writes host entries and `metadata` to `file` atomically. */
    public static void saveEntries(Path file, Map<String, Entry> entries, Map<String, String> metadata) {
        byte[] bytes = encode(entries, metadata);
        AtomicFiles.write(file, bytes);
    }

    /** The safetensors bytes of `entries` (in map order) and `metadata` (omitted when empty). */
    public static byte[] encode(Map<String, Entry> entries, Map<String, String> metadata) {
        JsonObject header = new JsonObject();
        if (!metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            for (Map.Entry<String, String> m : metadata.entrySet())
                meta.addProperty(Objects.requireNonNull(m.getKey(), "metadata key"),
                        Objects.requireNonNull(m.getValue(), () -> "metadata '" + m.getKey() + "' is null"));
            header.add(METADATA, meta);
        }
        long offset = 0;
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            String name = e.getKey();
            if (name == null || name.isEmpty() || name.equals(METADATA))
                throw new IllegalArgumentException("Checkpoint: bad tensor name '" + name + "'");
            Entry t = e.getValue();
            JsonObject o = new JsonObject();
            o.addProperty("dtype", tag(t.dtype));
            JsonArray shape = new JsonArray();
            for (long d : t.shape.dims()) shape.add(d);
            o.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offsets.add(offset + t.data.length);
            o.add("data_offsets", offsets);
            header.add(name, o);
            offset += t.data.length;
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int n = (json.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8L + n + offset)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(n);
        out.put(json);
        for (int i = json.length; i < n; i++) out.put((byte) ' ');
        for (Entry t : entries.values()) out.put(t.data);
        return out.array();
    }

    // ------------------------------------------------------------------ reading

    /** The deepest nesting of JSON arrays and objects accepted in a header (real headers nest 3 deep). */
    public static final int MAX_HEADER_DEPTH = 32;

    /**
     * Reads and validates `file` (at most {@link InputLimits#maxFileBytes()} bytes; a missing, unreadable or too large
     * file is a {@link DataFormatException} that says which).
     */
    public static Contents load(Path file) {
        return decode(file, BoundedReads.readFile(file));
    }

    /** Parses and validates safetensors `bytes`; errors name `file`. */
    public static Contents decode(Path file, byte[] bytes) {
        String src = String.valueOf(file);
        if (bytes.length < 8)
            throw new DataFormatException(src, "truncated: " + bytes.length + " bytes, fewer than the 8-byte header length");
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n < 0 || n > MAX_HEADER_BYTES)
            throw new DataFormatException(src, "header length " + Long.toUnsignedString(n) + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
        if (n > bytes.length - 8L)
            throw new DataFormatException(src, "header length " + n + " is beyond the end of the file (" + bytes.length + " bytes; truncated?)");
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 8, (int) n)).toString();
        } catch (CharacterCodingException e) {
            throw new DataFormatException(src, "header is not UTF-8", e);
        }
        checkDepth(src, text);
        JsonObject header = parseHeader(src, text);
        int dataStart = 8 + (int) n;
        long dataLen = bytes.length - (long) dataStart;

        Map<String, String> metadata = new LinkedHashMap<>();
        record Span(String name, DType dtype, Shape shape, long begin, long end) {}
        List<Span> spans = new ArrayList<>();
        for (Map.Entry<String, JsonElement> m : header.entrySet()) {
            String name = m.getKey();
            if (name.equals(METADATA)) {
                if (!m.getValue().isJsonObject()) throw new DataFormatException(src, "__metadata__ is not an object");
                for (Map.Entry<String, JsonElement> kv : m.getValue().getAsJsonObject().entrySet()) {
                    JsonElement v = kv.getValue();
                    if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString())
                        throw new DataFormatException(src, "metadata '" + brief(kv.getKey()) + "' is not a string: " + brief(v));
                    metadata.put(kv.getKey(), v.getAsString());
                }
                continue;
            }
            String where = "tensor '" + brief(name) + "'";
            if (!m.getValue().isJsonObject()) throw new DataFormatException(src, where + " is not an object: " + brief(m.getValue()));
            JsonObject o = m.getValue().getAsJsonObject();
            DType dtype = dtype(src, where, o.get("dtype"));
            long[] dims = longs(src, where, "shape", o.get("shape"), -1);
            long[] off = longs(src, where, "data_offsets", o.get("data_offsets"), 2);
            long need = dtype.bytes();
            for (long d : dims) {
                try {
                    need = Math.multiplyExact(need, d);
                } catch (ArithmeticException e) {
                    throw new DataFormatException(src, where + ", field shape: " + java.util.Arrays.toString(dims) + " x " + dtype.bytes()
                            + " bytes is more than 2^63 bytes");
                }
            }
            Shape shape = Shape.of(dims);
            if (off[0] > off[1]) throw new DataFormatException(src, where + ": data_offsets [" + off[0] + ", " + off[1] + ") are reversed");
            if (off[1] > dataLen)
                throw new DataFormatException(src, where + ": data_offsets [" + off[0] + ", " + off[1] + ") reach beyond the data section of "
                        + dataLen + " bytes (truncated?)");
            if (off[1] - off[0] != need)
                throw new DataFormatException(src, where + ": data_offsets [" + off[0] + ", " + off[1] + ") hold " + (off[1] - off[0])
                        + " bytes but " + tag(dtype) + " " + shape + " needs " + need);
            spans.add(new Span(name, dtype, shape, off[0], off[1]));
        }
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingLong(Span::begin).thenComparingLong(Span::end));
        long at = 0;
        Span prev = null;
        for (Span s : sorted) {
            if (s.begin < at)
                throw new DataFormatException(src, "tensors '" + prev.name + "' [" + prev.begin + ", " + prev.end + ") and '" + s.name + "' ["
                        + s.begin + ", " + s.end + ") overlap");
            if (s.begin > at)
                throw new DataFormatException(src, "bytes [" + at + ", " + s.begin + ") of the data section belong to no tensor");
            at = s.end;
            prev = s;
        }
        if (at != dataLen)
            throw new DataFormatException(src, "the data section has " + dataLen + " bytes but the tensors cover " + at);
        Map<String, Entry> tensors = new LinkedHashMap<>();
        for (Span s : spans)
            tensors.put(s.name, new Entry(s.dtype, s.shape, java.util.Arrays.copyOfRange(bytes, dataStart + (int) s.begin, dataStart + (int) s.end)));
        return new Contents(file, tensors, metadata);
    }

    /** Rejects headers nested deeper than {@link #MAX_HEADER_DEPTH} before they are parsed (strings are skipped). */
    private static void checkDepth(String src, String text) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                if (++depth > MAX_HEADER_DEPTH)
                    throw new DataFormatException(src, "bad JSON header: nested more than " + MAX_HEADER_DEPTH + " deep at byte " + (8 + text.substring(0, i).getBytes(StandardCharsets.UTF_8).length));
            } else if (c == ']' || c == '}') {
                depth--;
            }
        }
    }

    /** A JSON value or name for a message: control characters escaped, at most 80 characters. */
    private static String brief(Object v) {
        String s = DatasetFolder.printable(String.valueOf(v));
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    /** The header as a JSON object: it must start with '{', be strict JSON, have no duplicate names, and only spaces may follow it. */
    private static JsonObject parseHeader(String src, String text) {
        if (text.isEmpty() || text.charAt(0) != '{') throw new DataFormatException(src, "bad JSON header: it does not start with '{'");
        try (JsonReader r = new JsonReader(new StringReader(text))) {
            r.setStrictness(Strictness.STRICT);
            TypeAdapter<JsonElement> values = JSON_VALUES;
            JsonObject out = new JsonObject();
            r.beginObject();
            while (r.hasNext()) {
                String name = r.nextName();
                if (out.has(name)) throw new DataFormatException(src, "bad JSON header: the name '" + brief(name) + "' appears twice");
                out.add(name, values.read(r));
            }
            r.endObject();
            if (r.peek() != JsonToken.END_DOCUMENT) throw new DataFormatException(src, "bad JSON header: text after the object");
            return out;
        } catch (IOException | IllegalStateException | JsonParseException e) {
            throw new DataFormatException(src, "bad JSON header: " + brief(e.getMessage()), e);
        }
    }

    private static DType dtype(String src, String where, JsonElement e) {
        if (e == null) throw new DataFormatException(src, where + " has no dtype");
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString())
            throw new DataFormatException(src, where + ": dtype " + brief(e) + " is not a string");
        String s = e.getAsString();
        return switch (s) {
            case "F32" -> DType.FLOAT32;
            case "I32" -> DType.INT32;
            case "I64" -> DType.INT64;
            default -> throw new DataFormatException(src, where + ": unknown or unsupported dtype '" + brief(s) + "' (symkern reads F32, I32, I64)");
        };
    }

    /** A JSON array of non-negative integers (of length `length` unless it is -1). */
    private static long[] longs(String src, String where, String field, JsonElement e, int length) {
        if (e == null) throw new DataFormatException(src, where + " has no " + field);
        if (!e.isJsonArray() || (length >= 0 && e.getAsJsonArray().size() != length))
            throw new DataFormatException(src, where + ": " + field + " " + brief(e) + " is not " + (length >= 0 ? "a pair of offsets" : "a list of sizes"));
        JsonArray a = e.getAsJsonArray();
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement v = a.get(i);
            long x;
            try {
                if (!v.isJsonPrimitive() || !((JsonPrimitive) v).isNumber()) throw new NumberFormatException();
                x = v.getAsBigDecimal().longValueExact();
            } catch (ArithmeticException | NumberFormatException ex) {
                throw new DataFormatException(src, where + ": " + field + " " + brief(e) + " holds " + brief(v) + ", not an integer");
            }
            if (x < 0) throw new DataFormatException(src, where + ": " + field + " " + brief(e) + " holds the negative value " + x);
            out[i] = x;
        }
        return out;
    }

    static String tag(DType d) {
        return switch (d) {
            case FLOAT32 -> "F32";
            case INT32 -> "I32";
            case INT64 -> "I64";
        };
    }

    // ------------------------------------------------------------------ modules

    /** Host copies of the module's parameters and buffers, keyed by their dotted names. */
    public static Map<String, Entry> snapshot(Module module) {
        Map<String, Entry> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> t : state(module).entrySet()) out.put(t.getKey(), Entry.of(t.getValue()));
        return out;
    }

    /** The module's parameters and buffers in one map (parameters first). */
    public static Map<String, Tensor> state(Module module) {
        Map<String, Tensor> out = new LinkedHashMap<>(module.namedParameters());
        for (Map.Entry<String, Tensor> b : module.namedBuffers().entrySet()) {
            if (out.put(b.getKey(), b.getValue()) != null)
                throw new IllegalStateException(module.name() + ": '" + b.getKey() + "' is both a parameter and a buffer");
        }
        return out;
    }

    /** Saves the module's parameters and buffers under their names, with `metadata`. */
    public static void saveModule(Path file, Module module, Map<String, String> metadata) {
        saveEntries(file, snapshot(module), metadata);
    }

    /**
     * Saves the module's parameters and buffers under {@code prefix + name} (e.g. prefix "model." gives
     * "model.0.weight", the names of a PyTorch module held in an attribute {@code model}), with `metadata`.
     * {@link #loadModule(Path, Module, String)} with the same prefix strips it again.
     */
    public static void saveModule(Path file, Module module, String prefix, Map<String, String> metadata) {
        Objects.requireNonNull(prefix, "prefix");
        Map<String, Entry> out = new LinkedHashMap<>();
        for (Map.Entry<String, Entry> e : snapshot(module).entrySet()) out.put(prefix + e.getKey(), e.getValue());
        saveEntries(file, out, metadata);
    }

    /**
     * Loads the tensors {@code prefix + name} of `file` into the module (the prefix is stripped; tensors outside
     * it are ignored). Reads PyTorch state dicts saved as safetensors for the same architecture: the state names
     * are PyTorch's ("0.weight", "1.running_mean", "1.num_batches_tracked", ...).
     */
    public static Contents loadModule(Path file, Module module, String prefix) {
        Contents c = load(file);
        loadInto(module, c, prefix);
        return c;
    }

    /** Loads `file` (as written by {@link #saveModule}) into the module. */
    public static Contents loadModule(Path file, Module module) {
        Contents c = load(file);
        loadInto(module, c, "");
        return c;
    }

    /**
     * Overwrites every parameter and buffer of `module` with the tensor `prefix + name` of `contents`. Fails, before
     * changing anything, when one is missing, has another dtype or shape, or when the file has a tensor under the
     * prefix that the module lacks.
     */
    public static void loadInto(Module module, Contents contents, String prefix) {
        restore(module, contents.withPrefix(prefix), String.valueOf(contents.file()), prefix);
    }

    /**
     * Overwrites every parameter and buffer of `module` with `entries` (checked by {@link #check} first, after
     * {@link #upgradeLegacyNames}).
     */
    public static void restore(Module module, Map<String, Entry> entries, String source, String prefix) {
        entries = upgradeLegacyNames(module, entries);
        check(module, entries, source, prefix);
        for (Map.Entry<String, Tensor> t : state(module).entrySet()) entries.get(t.getKey()).copyInto(t.getValue());
    }

    /**
     * Maps the state names of files written before the normalization layers took PyTorch's names onto the current
     * ones: "&lt;path&gt;gamma" becomes "&lt;path&gt;weight" and "&lt;path&gt;beta" becomes "&lt;path&gt;bias" when the module
     * has the new name and not the old one (and the entries lack the new one), and a missing
     * "&lt;path&gt;num_batches_tracked" of a batch norm whose "&lt;path&gt;running_mean" is present reads as 0 (what PyTorch does
     * with such files). Every other entry is kept as it is; the result is a new map.
     */
    public static Map<String, Entry> upgradeLegacyNames(Module module, Map<String, Entry> entries) {
        Map<String, Tensor> state = state(module);
        Map<String, Entry> out = new LinkedHashMap<>();
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            String name = e.getKey(), renamed = legacy(name, "gamma", "weight");
            if (renamed == null) renamed = legacy(name, "beta", "bias");
            boolean upgrade = renamed != null && !state.containsKey(name) && state.containsKey(renamed) && !entries.containsKey(renamed);
            out.put(upgrade ? renamed : name, e.getValue());
        }
        for (Map.Entry<String, Tensor> t : state.entrySet()) {
            String name = t.getKey(), counter = "num_batches_tracked";
            if (!name.equals(counter) && !name.endsWith("." + counter)) continue;
            String path = name.substring(0, name.length() - counter.length());
            if (!out.containsKey(name) && out.containsKey(path + "running_mean") && t.getValue().dtype() == DType.INT64)
                out.put(name, Entry.ofLongs(new long[Math.toIntExact(t.getValue().numel())], t.getValue().shape()));
        }
        return out;
    }

    /** name with its last component `from` replaced by `to`, or null when the last component is not `from`. */
    private static String legacy(String name, String from, String to) {
        if (name.equals(from)) return to;
        if (name.endsWith("." + from)) return name.substring(0, name.length() - from.length()) + to;
        return null;
    }

    /**
     * Checks that `entries` hold exactly the module's parameters and buffers with their dtypes and shapes; a
     * {@link DataFormatException} names `source` and the first tensor that is missing, extra or of another shape
     * (`prefix` is prepended to the names in the message).
     */
    public static void check(Module module, Map<String, Entry> entries, String source, String prefix) {
        Map<String, Tensor> state = state(module);
        for (Map.Entry<String, Tensor> t : state.entrySet()) {
            Entry e = entries.get(t.getKey());
            if (e == null) throw new DataFormatException(source, "missing tensor '" + prefix + t.getKey() + "'");
            Tensor dst = t.getValue();
            if (e.dtype() != dst.dtype() || !e.shape().equals(dst.shape()))
                throw new DataFormatException(source, "tensor '" + prefix + t.getKey() + "' is " + e.describe() + " but the module's is "
                        + tag(dst.dtype()) + " " + dst.shape());
        }
        for (String name : entries.keySet())
            if (!state.containsKey(name))
                throw new DataFormatException(source, "tensor '" + prefix + name + "' is not a parameter or buffer of " + module.name());
    }
}
