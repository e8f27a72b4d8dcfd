package org.symkern.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

import org.symkern.data.Idx;
import org.symkern.data.TuDataset;
import org.symkern.data.Wfdb;
import org.symkern.tensor.Shape;
import org.symkern.train.Checkpoint;

/**
 * The loaders under fuzz: for each, the valid files of a small dataset (the seeds), the one file that is mutated and
 * the call that reads it. Every other file of the dataset stays valid, so the mutation is what the loader sees.
 */
final class LoaderTargets {
    /** Reads the dataset in `dir` after the fuzzed file was written. */
    @FunctionalInterface
    interface Load {
        void load(Path dir) throws Exception;
    }

    /** One loader: the mutated file's name, the valid inputs for it, the valid other files, and the load call. */
    record Target(String name, String file, List<byte[]> seeds, Map<String, byte[]> others, Load load) {
        void prepare(Path dir) {
            try {
                Files.createDirectories(dir);
                for (Map.Entry<String, byte[]> e : others.entrySet()) Files.write(dir.resolve(e.getKey()), e.getValue());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private LoaderTargets() {}

    static List<Target> all() {
        List<Target> out = new ArrayList<>();
        out.add(idx());
        out.add(wfdb("wfdb-hea", "r.hea"));
        out.add(wfdb("wfdb-dat", "r.dat"));
        out.add(wfdb("wfdb-dat-gz", "r.dat.gz"));
        out.add(wfdb("wfdb-atr", "r.atr"));
        for (String suffix : List.of("A", "graph_indicator", "graph_labels", "node_labels", "node_attributes")) out.add(tu(suffix));
        out.add(safetensors());
        return out;
    }

    static Target named(String name) {
        for (Target t : all()) if (t.name().equals(name)) return t;
        throw new IllegalArgumentException("no fuzz target " + name);
    }

    // ------------------------------------------------------------------ IDX

    static Target idx() {
        List<byte[]> seeds = new ArrayList<>();
        byte[] images = idxFile(0x00000803, new int[] {3, 4, 4}), labels = idxFile(0x00000801, new int[] {5});
        seeds.add(images);
        seeds.add(labels);
        seeds.add(gzip(images));
        seeds.add(gzip(labels));
        return new Target("idx", "data.idx", seeds, Map.of(), dir -> Idx.read(dir.resolve("data.idx")));
    }

    static byte[] idxFile(int magic, int[] dims) {
        int n = 1;
        for (int d : dims) n *= d;
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + n);
        b.putInt(magic);
        for (int d : dims) b.putInt(d);
        for (int i = 0; i < n; i++) b.put((byte) (i * 37));
        return b.array();
    }

    // ------------------------------------------------------------------ WFDB

    static Target wfdb(String name, String fuzzed) {
        SplittableRandom r = new SplittableRandom(7);
        int samples = 40;
        int[][] sig = new int[2][samples];
        for (int[] s : sig) for (int i = 0; i < samples; i++) s[i] = r.nextInt(-2048, 2048);
        byte[] dat = Wfdb.encode212(sig);
        String hea = "r 2 360 " + samples + "\n"
                + "r.dat 212 200 11 1024 " + sig[0][0] + " " + Wfdb.checksum(sig[0]) + " 0 MLII\n"
                + "r.dat 212 200 11 1024 " + sig[1][0] + " " + Wfdb.checksum(sig[1]) + " 0 V1\n# a comment\n";
        String heaOffset = "r 1 360\nr.dat 212+3 200(5)/mV 11 1024\n";
        List<Wfdb.Annotation> ann = List.of(new Wfdb.Annotation(3, 1), new Wfdb.Annotation(10, 5, 0, 0, 0, "(AFIB"),
                new Wfdb.Annotation(2000, 28), new Wfdb.Annotation(2003, 1, 2, 1, 3, null));
        byte[] atr = Wfdb.encodeAnnotations(ann);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("r.hea", hea.getBytes(StandardCharsets.US_ASCII));
        files.put("r.dat", dat);
        files.put("r.atr", atr);
        List<byte[]> seeds = new ArrayList<>();
        Load load = dir -> Wfdb.readSignals(dir.resolve("r.hea"));
        switch (fuzzed) {
            case "r.hea" -> {
                seeds.add(files.get("r.hea"));
                seeds.add(heaOffset.getBytes(StandardCharsets.US_ASCII));
            }
            case "r.dat" -> seeds.add(dat);
            case "r.dat.gz" -> {
                seeds.add(gzip(dat));
                files.remove("r.dat");
            }
            default -> {
                seeds.add(atr);
                load = dir -> Wfdb.readAnnotations(dir.resolve("r.atr"));
            }
        }
        files.remove(fuzzed);
        return new Target(name, fuzzed, seeds, files, load);
    }

    // ------------------------------------------------------------------ TU

    static Target tu(String suffix) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("FZ_A.txt", ascii("1, 2\n2, 1\n2, 3\n3, 2\n4, 5\n5, 4\n"));
        files.put("FZ_graph_indicator.txt", ascii("1\n1\n1\n2\n2\n"));
        files.put("FZ_graph_labels.txt", ascii("1\n2\n"));
        files.put("FZ_node_labels.txt", ascii("0\n1\n2\n0\n1\n"));
        files.put("FZ_node_attributes.txt", ascii("0.5, 1\n1.5, -2\n3, 4e-3\n7, 8\n-1, 0\n"));
        String f = "FZ_" + suffix + ".txt";
        List<byte[]> seeds = List.of(files.remove(f));
        return new Target("tu-" + suffix, f, seeds, files, dir -> TuDataset.load(dir, "FZ"));
    }

    // ------------------------------------------------------------------ safetensors

    static Target safetensors() {
        List<byte[]> seeds = new ArrayList<>();
        Map<String, Checkpoint.Entry> e = new LinkedHashMap<>();
        e.put("layer.weight", Checkpoint.Entry.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, Shape.of(2, 3)));
        e.put("layer.bias", Checkpoint.Entry.ofFloats(new float[] {0.5f, -0.5f}, Shape.of(2)));
        e.put("steps", Checkpoint.Entry.ofLongs(new long[] {42}, Shape.of(1)));
        e.put("index", Checkpoint.Entry.ofInts(new int[] {3, 1}, Shape.of(2)));
        seeds.add(Checkpoint.encode(e, Map.of("format", "symkern", "epoch", "3")));
        seeds.add(Checkpoint.encode(Map.of("x", Checkpoint.Entry.ofFloats(new float[0], Shape.of(0, 4))), Map.of()));
        return new Target("safetensors", "m.safetensors", seeds, Map.of(), dir -> Checkpoint.load(dir.resolve("m.safetensors")));
    }

    // ------------------------------------------------------------------ helpers

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] gzip(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
