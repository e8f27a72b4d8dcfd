package org.symkern;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * libgomp's wait settings as the library reports them: a JVM started without OMP_WAIT_POLICY and GOMP_SPINCOUNT
 * gets the passive wait policy that the preloaded libsymkern_ompenv sets before libgomp loads; a user's setting of
 * either variable is kept untouched. Each case runs {@link #main} in a fresh JVM (the setting is fixed when
 * the library loads).
 */
class OmpWaitPolicyTest {
    /** Prints Symkern.ompWaitPolicy() (run in the child JVM). */
    public static void main(String[] args) {
        System.out.println("policy=" + Symkern.ompWaitPolicy());
    }

    static String childPolicy(Map<String, String> set) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-cp",
                System.getProperty("java.class.path")));
        String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (cache != null) cmd.add(1, "-Dorg.bytedeco.javacpp.cachedir=" + cache);
        cmd.add(OmpWaitPolicyTest.class.getName());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("OMP_WAIT_POLICY");
        pb.environment().remove("GOMP_SPINCOUNT");
        pb.environment().putAll(set);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out.lines().filter(l -> l.startsWith("policy=")).findFirst().orElseThrow(() -> new AssertionError(out))
                .substring("policy=".length());
    }

    @Test
    void withoutUserSettingsIdleThreadsSleep() throws Exception {
        assertEquals("OMP_WAIT_POLICY=passive (symkern's default)", childPolicy(Map.of()));
    }

    @Test
    void userSettingsAreKept() throws Exception {
        assertEquals("OMP_WAIT_POLICY=active", childPolicy(Map.of("OMP_WAIT_POLICY", "active")));
        assertEquals("GOMP_SPINCOUNT=123", childPolicy(Map.of("GOMP_SPINCOUNT", "123")));
    }
}
