package org.symkern.cli.salf;

import java.nio.file.Path;
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
