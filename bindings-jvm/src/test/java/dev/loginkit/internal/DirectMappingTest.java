package dev.loginkit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loginkit.LoginKit;
import org.junit.jupiter.api.Test;

/** The direct path's crossing: JNI, with JNA's direct mapping only as a fallback. */
class DirectMappingTest {
    @Test
    void callsTakeTheJniBinding() {
        assertEquals(64, LoginKit.generateState().length());
        assertTrue(DirectMapping.usesJni(), "the library from the jar should bind by JNI; the JNA fallback costs ~100 ns per call");
    }
}
