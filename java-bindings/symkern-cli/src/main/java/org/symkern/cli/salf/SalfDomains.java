package org.symkern.cli.salf;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.symkern.nn.GSpace;
import org.symkern.tensor.Device;

/** The SALF experiment domains by key. */
public final class SalfDomains {
    private SalfDomains() {}

    /** The image group named on the command line: p4, p4m or c8 (case-insensitive). */
    public static GSpace imageGroup(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "p4" -> GSpace.P4;
            case "p4m" -> GSpace.P4M;
            case "c8" -> GSpace.C8;
            default -> throw new IllegalArgumentException("unknown --group '" + name + "' (expected p4, p4m or c8)");
        };
    }

    /**
     * Where the SALF domains' data comes from, as a serializable value: the MIT-BIH folder (null: the embedded records),
     * the image group's name and the device. A grid cell carries it and re-creates the domains from it on the JVM that
     * trains the cell ({@link #domains}), instead of shipping loaded data.
     *
     * @param mitdb  the MIT-BIH folder with all records as a path string, or null for the embedded records
     * @param group  the image group: p4, p4m or c8
     * @param device cpu, cuda or cuda:N
     */
    public record Source(String mitdb, String group, String device) implements java.io.Serializable {
        private static final ThreadLocal<Map<Source, Map<String, SalfDomain>>> CACHE = ThreadLocal.withInitial(HashMap::new);

        public Source {
            imageGroup(group);
            Device.parse(device);
        }

        /**
         * The domains of this source, made once per thread: a domain caches the data it loaded (read only after loading)
         * and is not thread-safe, so each thread that trains cells keeps its own.
         */
        public Map<String, SalfDomain> domains() {
            return CACHE.get().computeIfAbsent(this, s -> all(Device.parse(s.device), s.mitdb == null ? null : Path.of(s.mitdb), imageGroup(s.group)));
        }
    }

    /**
     * "rotmnist", "rotmnist-tr" (the TR% protocol), "mitbih" (intra-patient binary), "mitbih-inter" (DS1 -> DS2, AAMI
     * classes) and "proteins"; data is loaded lazily, when a domain is first used.
     *
     * @param mitdb all MIT-BIH records, or null for the embedded records
     */
    public static Map<String, SalfDomain> all(Device device, Path mitdb, GSpace imageGroup) {
        Map<String, SalfDomain> m = new LinkedHashMap<>();
        m.put("rotmnist", new ImageDomain(false, imageGroup, device));
        m.put("rotmnist-tr", new ImageDomain(true, imageGroup, device));
        m.put("mitbih", new EcgDomain(false, mitdb, device));
        m.put("mitbih-inter", new EcgDomain(true, mitdb, device));
        m.put("proteins", new GraphDomain(device));
        return m;
    }
}
