package org.symkern.tensor;

import org.symkern.jni.SymkernNative;
import org.symkern.jni.SymkernNative.sk_buffer;

/** A native buffer shared by a tensor and its views; freed when the last tensor using it is closed. */
final class Storage {
    private final sk_buffer buffer;
    final Device device;
    final long nbytes;
    private int refs = 1;

    private Storage(sk_buffer buffer, Device device, long nbytes) {
        this.buffer = buffer;
        this.device = device;
        this.nbytes = nbytes;
    }

    /** A zero-filled buffer of nbytes on the device. */
    static Storage allocate(Device device, long nbytes) {
        sk_buffer b = new sk_buffer();
        Native.check(SymkernNative.sk_buffer_create(b, device.code(), nbytes));
        return new Storage(b, device, nbytes);
    }

    /** A buffer of nbytes on the device whose contents are unspecified (CPU: not zero-filled). */
    static Storage allocateUninitialized(Device device, long nbytes) {
        sk_buffer b = new sk_buffer();
        Native.check(SymkernNative.sk_buffer_create_uninit(b, device.code(), nbytes));
        return new Storage(b, device, nbytes);
    }

    sk_buffer buffer() {
        return buffer;
    }

    void retain() {
        if (refs <= 0) throw new IllegalStateException("storage already freed");
        refs++;
    }

    void release() {
        if (refs > 0 && --refs == 0) {
            SymkernNative.sk_buffer_destroy(buffer);
            buffer.setNull();
        }
    }
}
