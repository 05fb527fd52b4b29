package io.switchboard.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reported a leaked buffer while it ran (the idea of Netty's own
 * LeakPresenceExtension). Registered for every test class of the module through the service loader.
 */
public final class NoLeaksExtension implements AfterAllCallback {
    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (!System.getProperty("io.netty.customResourceLeakDetector", "").equals(LeakRecorder.class.getName())) {
            fail("leak detection is not wired: set io.netty.customResourceLeakDetector to " + LeakRecorder.class.getName());
        }
        // leaked buffers are found when the GC has queued them and a later allocation polls the queue
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(20);
            ByteBuf pooled = PooledByteBufAllocator.DEFAULT.buffer(16);
            pooled.release();
            ByteBuf unpooled = UnpooledByteBufAllocator.DEFAULT.buffer(16);
            unpooled.release();
        }
        List<String> leaks = new ArrayList<>(LeakRecorder.LEAKS);
        LeakRecorder.LEAKS.clear();
        assertEquals(List.of(), leaks, context.getDisplayName() + " leaked buffers");
    }
}
