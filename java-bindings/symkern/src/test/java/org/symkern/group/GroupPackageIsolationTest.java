package org.symkern.group;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** docs/design.md, section Invariants, item 7: org.symkern.group is pure Java math and must not depend on tensors or native code. */
class GroupPackageIsolationTest {
    private static final Pattern FORBIDDEN = Pattern.compile(
            "\\borg\\.symkern\\.(tensor|jni|ops|autograd|nn|gnn|gspace)\\b|\\borg\\.bytedeco\\b");

    @Test
    void groupSourcesReferenceNoTensorNativeOpsOrAutogradPackage() throws Exception {
        Path dir = Path.of(System.getProperty("symkern.root", "../.."), "java-bindings", "symkern", "src", "main", "java", "org", "symkern", "group");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        assertTrue(files.size() >= 10, "found too few sources in " + dir + ": " + files);
        List<String> offences = new ArrayList<>();
        for (Path f : files) {
            String code = stripComments(Files.readString(f));
            Matcher m = FORBIDDEN.matcher(code);
            while (m.find()) offences.add(f.getFileName() + ": " + m.group());
        }
        assertEquals(List.of(), offences, "org.symkern.group must stay pure Java");
    }

    @Test
    void theScanDetectsAForbiddenImport() {
        String code = stripComments("package org.symkern.group;\n/* org.symkern.tensor in a comment is fine */\nimport org.symkern.tensor.Tensor;\n");
        Matcher m = FORBIDDEN.matcher(code);
        assertTrue(m.find());
        assertEquals("org.symkern.tensor", m.group());
        assertFalse(m.find(), "comments are ignored");
    }

    /** Removes block and line comments (string literals in this package never contain comment markers). */
    static String stripComments(String s) {
        return s.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", " ");
    }
}
