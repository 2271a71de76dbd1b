package dev.loginkit.internal;

import com.sun.jna.Native;
import java.io.File;
import java.io.IOException;

/**
 * The entry point of the direct path in src/direct.rs (decision record 10):
 * a request buffer in, a response buffer out, both direct NIO buffers passed
 * as their native addresses, so nothing is copied and none of the tracked
 * native memory JNA's Structures need is allocated.
 *
 * <p>The call is a plain JNI native method, which the JVM makes directly in
 * a few nanoseconds (JNA's direct mapping costs about a hundred more). For
 * JNI and uniffi's JNA to share one copy of the library (and so one registry
 * of clients), both must load the same file: the library is taken out of
 * the jar once, here, loaded with {@code System.load}, and named to uniffi
 * by its {@code libraryOverride} property. Whatever loads first, the facade
 * calls {@link #LIBRARY} before its first native call. An application that
 * sets the property itself keeps its choice. Should {@code System.load}
 * refuse the file, the same C function is reached through JNA's direct
 * mapping instead. Written in Java because both bindings need static native
 * methods.
 */
final class DirectMapping {
    /** uniffi's Kotlin reads this property to find the library. */
    private static final String OVERRIDE = "uniffi.component.loginkit_ffi.libraryOverride";

    /** The library both bindings load: an absolute path, or a name for JNA to search. */
    static final String LIBRARY = library();

    private static final boolean JNI = bindJni();

    private DirectMapping() {}

    private static String library() {
        String chosen = System.getProperty(OVERRIDE);
        if (chosen != null) {
            return chosen;
        }
        try {
            String path = Native.extractFromResourcePath("loginkit_jvm", DirectMapping.class.getClassLoader()).getAbsolutePath();
            System.setProperty(OVERRIDE, path);
            return path;
        } catch (IOException | UnsatisfiedLinkError notInTheJar) {
            return "loginkit_jvm"; // JNA's own search (jna.library.path, the system's paths)
        }
    }

    private static boolean bindJni() {
        if (new File(LIBRARY).isAbsolute()) {
            try {
                System.load(LIBRARY);
                return true;
            } catch (UnsatisfiedLinkError | SecurityException failure) {
                // Fall through to JNA's direct mapping.
            }
        }
        Native.register(JnaMapping.class, LIBRARY);
        return false;
    }

    /** Whether calls take the JNI binding (the tests insist that they do). */
    static boolean usesJni() {
        return JNI;
    }

    /** See src/direct.rs: returns the response length, or minus the length needed. */
    static int call(long request, int requestLength, long response, int responseCapacity) {
        return JNI
                ? loginkit_jvm_direct_call(request, requestLength, response, responseCapacity)
                : JnaMapping.loginkit_jvm_direct_call(request, requestLength, response, responseCapacity);
    }

    /** The JNI binding: Java_dev_loginkit_internal_DirectMapping_loginkit_1jvm_1direct_1call. */
    private static native int loginkit_jvm_direct_call(long request, int requestLength, long response, int responseCapacity);

    /** The JNA direct mapping of the C symbol, when JNI binding is not possible. */
    private static final class JnaMapping {
        private JnaMapping() {}

        static native int loginkit_jvm_direct_call(long request, int requestLength, long response, int responseCapacity);
    }
}
