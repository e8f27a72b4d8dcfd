package org.symkern.train;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symkern.data.DataFormatException;
import org.symkern.nn.InnerBatchNorm;
import org.symkern.nn.Linear;
import org.symkern.nn.Sequential;
import org.symkern.tensor.DType;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

class CheckpointTest {
    @TempDir
    Path dir;

    /** The bytes of a safetensors file assembled by hand: 8-byte LE length, the header padded with spaces, the data. */
    static byte[] file(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        int n = (h.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + n + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(n).put(h);
        for (int i = h.length; i < n; i++) b.put((byte) ' ');
        return b.put(data).array();
    }

    /** Little-endian bytes of floats followed by longs. */
    static byte[] data(float[] f, long[] l) {
        ByteBuffer b = ByteBuffer.allocate(4 * f.length + 8 * l.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : f) b.putFloat(v);
        for (long v : l) b.putLong(v);
        return b.array();
    }

    static final String HAND_HEADER = "{\"__metadata__\":{\"note\":\"hand made\"},"
            + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"b\":{\"dtype\":\"I64\",\"shape\":[2,1],\"data_offsets\":[8,24]}}";

    @Test
    void aHandBuiltSafetensorsLayoutLoadsAndIsExactlyWhatTheWriterProduces() {
        byte[] bytes = file(HAND_HEADER, data(new float[] {1.5f, -2f}, new long[] {7, -9}));
        Checkpoint.Contents c = Checkpoint.decode(Path.of("hand.safetensors"), bytes);
        assertEquals(List.of("a", "b"), List.copyOf(c.tensors().keySet()));
        assertArrayEquals(new float[] {1.5f, -2f}, c.get("a").floats());
        assertEquals(Shape.of(2, 1), c.get("b").shape());
        assertArrayEquals(new long[] {7, -9}, c.get("b").longs());
        assertEquals(Map.of("note", "hand made"), c.metadata());

        Map<String, Checkpoint.Entry> entries = new LinkedHashMap<>();
        entries.put("a", Checkpoint.Entry.ofFloats(new float[] {1.5f, -2f}, Shape.of(2)));
        entries.put("b", Checkpoint.Entry.ofLongs(new long[] {7, -9}, Shape.of(2, 1)));
        assertArrayEquals(bytes, Checkpoint.encode(entries, Map.of("note", "hand made")));
    }

    @Test
    void tensorsStoredOutOfOrderInTheDataSectionLoad() {
        String header = "{\"late\":{\"dtype\":\"I32\",\"shape\":[],\"data_offsets\":[8,12]},"
                + "\"early\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        ByteBuffer d = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putFloat(3f).putFloat(4f).putInt(-5);
        Checkpoint.Contents c = Checkpoint.decode(Path.of("x"), file(header, d.array()));
        assertArrayEquals(new int[] {-5}, c.get("late").ints());
        assertEquals(Shape.scalar(), c.get("late").shape());
        assertArrayEquals(new float[] {3f, 4f}, c.get("early").floats());
        assertTrue(c.metadata().isEmpty());
    }

    /** An independent minimal reader: length, JSON header (Gson tree), raw slices, and the layout rules of the format. */
    static Map<String, Object[]> readIndependently(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong();
        assertEquals(0, (8 + n) % 8, "header padded to a multiple of 8");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.substring(header.lastIndexOf('}') + 1).chars().allMatch(ch -> ch == ' '), "padding is spaces");
        JsonObject root = JsonParser.parseString(header).getAsJsonObject();
        Map<String, Object[]> out = new LinkedHashMap<>();
        long expectBegin = 0;
        for (Map.Entry<String, JsonElement> e : root.entrySet()) {
            if (e.getKey().equals("__metadata__")) continue;
            JsonObject o = e.getValue().getAsJsonObject();
            JsonArray off = o.getAsJsonArray("data_offsets");
            long begin = off.get(0).getAsLong(), end = off.get(1).getAsLong();
            assertEquals(expectBegin, begin, "tensors back to back");
            expectBegin = end;
            ByteBuffer slice = ByteBuffer.wrap(bytes, (int) (8 + n + begin), (int) (end - begin)).slice().order(ByteOrder.LITTLE_ENDIAN);
            Object values = switch (o.get("dtype").getAsString()) {
                case "F32" -> {
                    float[] f = new float[(int) (end - begin) / 4];
                    slice.asFloatBuffer().get(f);
                    yield f;
                }
                case "I32" -> {
                    int[] v = new int[(int) (end - begin) / 4];
                    slice.asIntBuffer().get(v);
                    yield v;
                }
                case "I64" -> {
                    long[] v = new long[(int) (end - begin) / 8];
                    slice.asLongBuffer().get(v);
                    yield v;
                }
                default -> throw new AssertionError(o);
            };
            List<Long> shape = new ArrayList<>();
            for (JsonElement d : o.getAsJsonArray("shape")) shape.add(d.getAsLong());
            out.put(e.getKey(), new Object[] {shape, values});
        }
        assertEquals(bytes.length - 8 - n, expectBegin, "the tensors cover the data section");
        out.put("__metadata__", new Object[] {root.getAsJsonObject("__metadata__")});
        return out;
    }

    @Test
    void filesWrittenFromTensorsParseWithAnIndependentReaderAndRoundTrip() throws Exception {
        Path f = dir.resolve("sub/t.safetensors");
        try (Scope s = Scope.open()) {
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            tensors.put("w", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
            tensors.put("labels", Tensor.ofInts(new int[] {3, -1, 4}, 3));
            tensors.put("count", Tensor.ofLongs(new long[] {Long.MAX_VALUE}, Shape.scalar(), Device.CPU));
            tensors.put("empty", Tensor.zeros(0, 5));
            tensors.put("ünï", Tensor.of(new float[] {Float.NaN}, 1));
            Checkpoint.save(f, tensors, Map.of("k", "v \"quoted\" \n line"));
            Map<String, Object[]> read = readIndependently(Files.readAllBytes(f));
            assertEquals(List.of(2L, 3L), read.get("w")[0]);
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, (float[]) read.get("w")[1]);
            assertArrayEquals(new int[] {3, -1, 4}, (int[]) read.get("labels")[1]);
            assertEquals(List.of(), read.get("count")[0]);
            assertArrayEquals(new long[] {Long.MAX_VALUE}, (long[]) read.get("count")[1]);
            assertEquals(List.of(0L, 5L), read.get("empty")[0]);
            assertEquals("v \"quoted\" \n line", ((JsonObject) read.get("__metadata__")[0]).get("k").getAsString());

            Checkpoint.Contents c = Checkpoint.load(f);
            assertEquals(List.copyOf(tensors.keySet()), List.copyOf(c.tensors().keySet()));
            for (Map.Entry<String, Tensor> t : tensors.entrySet()) {
                Checkpoint.Entry e = c.get(t.getKey());
                assertTrue(e.sameAs(Checkpoint.Entry.of(t.getValue())), t.getKey());
                assertTrue(Checkpoint.Entry.of(e.toTensor(Device.CPU)).sameAs(e), t.getKey());
            }
            try (Stream<Path> files = Files.list(f.getParent())) {
                assertEquals(List.of(f), files.toList(), "no temporary file is left behind");
            }
        }
    }

    static DataFormatException corrupt(String name, byte[] bytes) throws Exception {
        return assertThrows(DataFormatException.class, () -> Checkpoint.decode(Path.of(name), bytes));
    }

    static void assertProblem(String name, String problem, byte[] bytes) throws Exception {
        DataFormatException e = corrupt(name, bytes);
        assertTrue(e.getMessage().startsWith(name + ": ") && e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void malformedFilesAreErrorsNamingTheFileAndTheProblem() throws Exception {
        byte[] good = file(HAND_HEADER, data(new float[] {1.5f, -2f}, new long[] {7, -9}));
        assertProblem("short.st", "truncated: 5 bytes", new byte[5]);
        assertProblem("long.st", "header length 9999 is beyond the end of the file",
                ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(9999).array());
        assertProblem("huge.st", "exceeds the limit", ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1).array());
        assertProblem("cut.st", "reach beyond the data section of 20 bytes", java.util.Arrays.copyOf(good, good.length - 4));
        assertProblem("json.st", "bad JSON header", file("{\"a\":{\"dtype\":\"F32\",", new byte[0]));
        assertProblem("lenient.st", "bad JSON header", file("{a:{dtype:F32,shape:[1],data_offsets:[0,4]}}", new byte[4]));
        assertProblem("array.st", "does not start with '{'", file("[1, 2]", new byte[0]));
        assertProblem("space.st", "does not start with '{'", file(" {}", new byte[0]));
        assertProblem("twice.st", "the name 'a' appears twice", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}", new byte[0]));
        assertProblem("after.st", "bad JSON header", file("{} {}", new byte[0]));
        assertProblem("dtype.st", "unknown or unsupported dtype 'F16'", file(HAND_HEADER.replace("F32", "F16"), data(new float[2], new long[2])));
        assertProblem("offsets.st", "data_offsets [8, 30) reach beyond", file(HAND_HEADER.replace("[8,24]", "[8,30]"), data(new float[2], new long[2])));
        assertProblem("mismatch.st", "hold 8 bytes but F32 [3] needs 12",
                file(HAND_HEADER.replace("\"shape\":[2],", "\"shape\":[3],"), data(new float[2], new long[2])));
        assertProblem("overlap.st", "overlap", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12]));
        assertProblem("gap.st", "bytes [0, 4) of the data section belong to no tensor",
                file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]));
        assertProblem("tail.st", "the data section has 12 bytes but the tensors cover 8",
                file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[12]));
        assertProblem("shape.st", "shape [2,-1] holds the negative value -1",
                file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2,-1],\"data_offsets\":[0,0]}}", new byte[0]));
        assertProblem("frac.st", "holds 1.5, not an integer", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", new byte[4]));
        assertProblem("nooff.st", "tensor 'a' has no data_offsets", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", new byte[4]));
        assertProblem("meta.st", "metadata 'n' is not a string", file("{\"__metadata__\":{\"n\":3}}", new byte[0]));
        assertProblem("utf.st", "header is not UTF-8", badUtf8());
    }

    /** A file whose header holds the byte 0xFF, which is never valid UTF-8. */
    static byte[] badUtf8() {
        byte[] b = file("{\"x\":{}}", new byte[0]);
        b[10] = (byte) 0xFF;
        return b;
    }

    @Test
    void aMissingFileAndAMissingTensorAreNamed() throws Exception {
        Path missing = dir.resolve("none.safetensors");
        Exception e = assertThrows(DataFormatException.class, () -> Checkpoint.load(missing));
        assertEquals(missing + ": cannot read: file not found", e.getMessage());
        Checkpoint.Contents c = Checkpoint.decode(Path.of("hand.st"), file(HAND_HEADER, data(new float[2], new long[2])));
        e = assertThrows(DataFormatException.class, () -> c.get("zz"));
        assertEquals("hand.st: missing tensor 'zz'", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> c.get("a").longs());
        assertTrue(e.getMessage().contains("F32 [2] is not I64"), e.getMessage());
    }

    @Test
    void aModuleRoundTripsItsParametersAndBuffersAndMismatchesAreNamed() {
        Path f = dir.resolve("m.safetensors");
        try (Scope s = Scope.open();
             Sequential a = new Sequential(new Linear(3, 4, Device.CPU, 1), new InnerBatchNorm(4, 1, Device.CPU));
             Sequential b = new Sequential(new Linear(3, 4, Device.CPU, 2), new InnerBatchNorm(4, 1, Device.CPU));
             Sequential wrong = new Sequential(new Linear(3, 5, Device.CPU, 2), new InnerBatchNorm(5, 1, Device.CPU));
             Sequential fewer = new Sequential(new Linear(3, 4, Device.CPU, 2))) {
            a.forward(Tensor.of(new float[] {1, 2, 3, -1, 0, 5}, 2, 3));    // moves the running statistics
            Checkpoint.saveModule(f, a, Map.of());
            Checkpoint.Contents c = Checkpoint.loadModule(f, b);
            assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked"), List.copyOf(c.tensors().keySet()));
            Map<String, Checkpoint.Entry> sa = Checkpoint.snapshot(a), sb = Checkpoint.snapshot(b);
            for (String k : sa.keySet()) assertTrue(sa.get(k).sameAs(sb.get(k)), k);

            DataFormatException e = assertThrows(DataFormatException.class, () -> Checkpoint.loadModule(f, wrong));
            assertEquals(f + ": tensor '0.weight' is F32 [4, 3] but the module's is F32 [5, 3]", e.getMessage());
            e = assertThrows(DataFormatException.class, () -> Checkpoint.loadModule(f, fewer));
            assertTrue(e.getMessage().contains("tensor '1.weight' is not a parameter or buffer"), e.getMessage());
            Checkpoint.saveModule(f, fewer, Map.of());
            e = assertThrows(DataFormatException.class, () -> Checkpoint.loadModule(f, a));
            assertEquals(f + ": missing tensor '1.weight'", e.getMessage());
            assertTrue(Checkpoint.snapshot(a).get("0.weight").sameAs(sa.get("0.weight")), "a failed load changes nothing");
        }
    }

    @Test
    void entriesCheckTheirSizeAndCopyIntoTensorsOfTheirShape() {
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.Entry.ofFloats(new float[3], Shape.of(2, 2)));
        try (Scope s = Scope.open()) {
            Tensor t = Tensor.zeros(Shape.of(2), DType.INT64, Device.CPU);
            Checkpoint.Entry.ofLongs(new long[] {5, 6}, Shape.of(2)).copyInto(t);
            assertArrayEquals(new long[] {5, 6}, t.toLongArray());
            Exception e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.Entry.ofLongs(new long[] {5, 6}, Shape.of(2, 1)).copyInto(t));
            assertTrue(e.getMessage().contains("I64 [2, 1]"), e.getMessage());
        }
    }
}
