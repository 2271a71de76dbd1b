package dev.loginkit.internal;

import com.sun.jna.Native;

/**
 * JNA direct mapping of the byte-buffer entry point in src/direct.rs
 * (decision record 10). The buffers are direct NIO buffers, passed as their
 * native addresses: with primitive arguments only, JNA's direct dispatch
 * makes no call back into the JVM (a ByteBuffer argument costs an
 * IsInstanceOf and a Java call per buffer), copies nothing and allocates
 * none of the tracked native memory its Structures need. Written in Java
 * because direct mapping registers static native methods.
 */
final class DirectMapping {
    static {
        Native.register(DirectMapping.class, "loginkit_jvm");
    }

    private DirectMapping() {}

    /** See src/direct.rs: returns the response length, or minus the length needed. */
    static native int loginkit_jvm_direct_call(long request, int requestLength, long response, int responseCapacity);
}
