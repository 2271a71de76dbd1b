package dev.loginkit.internal;

import com.sun.jna.Native;
import java.nio.ByteBuffer;

/**
 * JNA direct mapping of the byte-buffer entry point in src/direct.rs
 * (decision record 10). The buffers are direct NIO buffers, which JNA passes
 * by address: nothing is copied and none of the tracked native memory its
 * Structures need is allocated. Written in Java because direct mapping
 * registers static native methods.
 */
final class DirectMapping {
    static {
        Native.register(DirectMapping.class, "loginkit_jvm");
    }

    private DirectMapping() {}

    /** See src/direct.rs: returns the response length, or minus the length needed. */
    static native int loginkit_jvm_direct_call(ByteBuffer request, int requestLength, ByteBuffer response, int responseCapacity);
}
