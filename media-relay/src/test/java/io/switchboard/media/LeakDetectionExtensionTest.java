package io.switchboard.media;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shows that the leak check every test runs under really sees an unreleased buffer. */
class LeakDetectionExtensionTest {

    @Test
    void reportsAnUnreleasedBufferAndNotAReleasedOne() throws Exception {
        LeakDetectionExtension.drainLeaks();
        ByteBuf ok = PooledByteBufAllocator.DEFAULT.directBuffer(32);
        ok.writeInt(1);
        ok.release();
        assertTrue(LeakDetectionExtension.drainLeaks().isEmpty());

        leakOne();
        List<String> leaks = LeakDetectionExtension.drainLeaks();
        for (int i = 0; i < 20 && leaks.isEmpty(); i++) {
            leaks = LeakDetectionExtension.drainLeaks();
        }
        assertFalse(leaks.isEmpty(), "the detector must report the dropped buffer");
    }

    private static void leakOne() {
        ByteBuf lost = PooledByteBufAllocator.DEFAULT.directBuffer(32);
        lost.writeInt(42);
    }
}
