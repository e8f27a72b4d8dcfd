package org.symkern.jni;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The binding class must stay 1:1 with symkern.h. */
class NativeDriftTest {
    @Test
    void everyHeaderFunctionHasANativeMethodAndViceVersa() throws Exception {
        Path header = Path.of(System.getProperty("symkern.root", ".."), "native", "include", "symkern.h");
        String text = Files.readString(header);
        Set<String> declared = new TreeSet<>();
        Matcher m = Pattern.compile("SK_API[^;(]*?\\b(sk_[a-z0-9_]+)\\s*\\(").matcher(text);
        while (m.find()) declared.add(m.group(1));
        assertTrue(declared.size() > 20, "parsed too few functions from " + header + ": " + declared);

        Set<String> bound = new TreeSet<>();
        for (Method method : SymkernNative.class.getDeclaredMethods()) {
            if (!Modifier.isNative(method.getModifiers())) continue;
            org.bytedeco.javacpp.annotation.Name n = method.getAnnotation(org.bytedeco.javacpp.annotation.Name.class);
            bound.add(n != null ? n.value()[0] : method.getName());
        }
        assertEquals(declared, bound);
    }

    @Test
    void noopReturnsItsArgument() {
        assertEquals(123, SymkernNative.sk_noop(123));
        assertTrue(SymkernNative.sk_version().startsWith("symkern "));
    }
}
