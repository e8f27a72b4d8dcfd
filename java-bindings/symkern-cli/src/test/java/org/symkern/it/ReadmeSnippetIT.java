package org.symkern.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's "Using it from Java" program, taken from README.md as it stands, compiles (javac -Xlint:all,-try -Werror; the scope idiom trips the "try" lint) and
 * runs on exactly the library class path README states ({@link LibraryClassPath}), on the repository's
 * data/mnist10k IDX files: the training loss falls from the first to the second epoch and the test accuracy is well
 * above chance.
 */
class ReadmeSnippetIT {
    @TempDir
    Path dir;

    static String snippet() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("symkern.root"), "README.md"));
        int section = readme.indexOf("## Using it from Java");
        assertTrue(section >= 0, "README.md has no \"## Using it from Java\" section");
        int next = readme.indexOf("\n## ", section + 1);
        Matcher m = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(readme.substring(section, next < 0 ? readme.length() : next));
        assertTrue(m.find(), "no ```java block in README's \"Using it from Java\"");
        return m.group(1);
    }

    @Test
    void readmeProgramCompilesAndTrainsOnTheLibraryClassPath() throws Exception {
        String source = snippet();
        Matcher cls = Pattern.compile("public class (\\w+)").matcher(source);
        assertTrue(cls.find(), "the README block declares no public class");
        List<Path> cp = LibraryClassPath.copyTo(dir);
        LibraryClassPath.compile(dir, cls.group(1), source, cp);
        Path data = Path.of(System.getProperty("symkern.root"), "data", "mnist10k");
        String out = LibraryClassPath.runMain(dir, cls.group(1), cp,
                data.resolve("mnist10k-images-idx3-ubyte.gz").toString(), data.resolve("mnist10k-labels-idx1-ubyte.gz").toString());
        Matcher l1 = Pattern.compile("epoch 1 train loss (\\d+\\.\\d+)").matcher(out);
        Matcher l2 = Pattern.compile("epoch 2 train loss (\\d+\\.\\d+)").matcher(out);
        Matcher acc = Pattern.compile("test accuracy (\\d+\\.\\d+)").matcher(out);
        assertTrue(l1.find() && l2.find() && acc.find(), out);
        assertTrue(Double.parseDouble(l2.group(1)) < Double.parseDouble(l1.group(1)), "loss did not fall:\n" + out);
        assertTrue(Double.parseDouble(acc.group(1)) > 0.8, "test accuracy:\n" + out);
    }
}
