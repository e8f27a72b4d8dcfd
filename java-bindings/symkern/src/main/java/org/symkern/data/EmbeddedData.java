package org.symkern.data;

import java.io.InputStream;

/**
 * The small demo datasets ({@link Mnist#embedded()}, {@link RotatedMnist#embedded(long)}, {@link MitBih#embedded},
 * {@link TuDataset#proteins()}) are class-path resources under {@code org/symkern/data/embedded/} that ship in the
 * {@code symkern-cli} jar, not in the library jar. Without that jar on the class path the loaders fail with
 * {@link #missing(String)}'s message.
 */
final class EmbeddedData {
    private EmbeddedData() {}

    /** The resource as a stream; a {@link DataFormatException} naming it and where it ships when it is absent. */
    static InputStream open(String resource) {
        InputStream in = EmbeddedData.class.getResourceAsStream(resource);
        if (in == null) throw missing(resource);
        return in;
    }

    /** The exception for an absent embedded resource. */
    static DataFormatException missing(String resource) {
        return new DataFormatException(resource, "embedded demo data is not on the class path: it ships in the symkern-cli jar "
                + "(org.symkern:symkern-cli); add that jar, or load your own files (e.g. Mnist.load, MitBih.load, TuDataset.load)");
    }
}
