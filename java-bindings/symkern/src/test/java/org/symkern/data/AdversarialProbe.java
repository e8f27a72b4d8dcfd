package org.symkern.data;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.symkern.train.Checkpoint;

/**
 * Child process of {@link AdversarialInputsTest} (run with a small heap): loads each adversarial file of the folder
 * args[0] and prints one line per case: {@code case<TAB>outcome<TAB>message}, outcome being the class of what was
 * thrown (or "ok"). Errors such as OutOfMemoryError are caught and printed too, so the parent sees every case.
 */
public final class AdversarialProbe {
    private AdversarialProbe() {}

    public static void main(String[] args) {
        Path d = Path.of(args[0]);
        run("idx-images-raw", () -> Idx.read(d.resolve("idx/images-2.7M.idx")));
        run("idx-images-gz", () -> Idx.read(d.resolve("idx/images-2.7M.idx.gz")));
        run("idx-images-stream", () -> {
            try (InputStream in = Files.newInputStream(d.resolve("idx/images-2.7M.idx.gz"))) {
                Idx.read(in, "stream images-2.7M.idx.gz");
            }
        });
        run("idx-labels-2e9", () -> Idx.read(d.resolve("idx/labels-2e9.idx")));
        run("wfdb-dat-gz-bomb", () -> Wfdb.readSignals(d.resolve("bomb/100.hea")));
        run("wfdb-dat-gz-bomb-unspecified-length", () -> Wfdb.readSignals(d.resolve("bomb-nolen/100.hea")));
        run("tu-a-gz-bomb", () -> TuDataset.load(d.resolve("tu"), "PROTEINS"));
        run("wfdb-dev-zero", () -> Wfdb.readSignals(d.resolve("devzero/100.hea")));
        run("wfdb-parent-path", () -> Wfdb.readSignals(d.resolve("escape/a/b/100.hea")));
        run("wfdb-symlink-escape", () -> Wfdb.readSignals(d.resolve("symlink/100.hea")));
        run("mitbih-symlink-escape", () -> MitBih.load(d.resolve("symlink"), new int[] {100}, MitBih.Options.defaults()));
        run("safetensors-deep", () -> Checkpoint.load(d.resolve("st/deep.safetensors")));
        run("safetensors-shape-2^40", () -> Checkpoint.load(d.resolve("st/shape40.safetensors")));
        System.out.flush();
    }

    interface Case {
        void run() throws Exception;
    }

    static void run(String name, Case c) {
        String outcome, message;
        try {
            c.run();
            outcome = "ok";
            message = "";
        } catch (Throwable t) {
            outcome = t.getClass().getName();
            message = String.valueOf(t.getMessage()).replace('\n', ' ').replace('\t', ' ');
        }
        System.out.println(name + "\t" + outcome + "\t" + message);
    }
}
