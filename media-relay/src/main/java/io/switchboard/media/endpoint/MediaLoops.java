package io.switchboard.media.endpoint;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The media event loops: epoll when the native transport loads, NIO otherwise. A call's endpoints start on
 * one loop chosen from the call key, so everything a call touches runs on one thread; an endpoint bridged to
 * another call's (an agent's softphone) moves to that one's loop.
 */
public final class MediaLoops implements AutoCloseable {
    private final EventLoopGroup group;
    private final EventLoop[] loops;
    private final Class<? extends DatagramChannel> channelClass;
    private final boolean epoll;
    /** Per loop, built at start and never changed. */
    private final Map<EventLoop, LoopHousekeeping> housekeeping = new IdentityHashMap<>();

    private MediaLoops(EventLoopGroup group, Class<? extends DatagramChannel> channelClass, boolean epoll) {
        this.group = group;
        this.channelClass = channelClass;
        this.epoll = epoll;
        List<EventLoop> list = new ArrayList<>();
        for (EventExecutor e : group) {
            list.add((EventLoop) e);
        }
        this.loops = list.toArray(new EventLoop[0]);
        for (EventLoop loop : loops) {
            housekeeping.put(loop, new LoopHousekeeping(loop));
        }
    }

    /** Starts {@code threads} loops, preferring epoll unless {@code allowEpoll} is false. */
    public static MediaLoops start(int threads, boolean allowEpoll) {
        boolean useEpoll = allowEpoll && Epoll.isAvailable();
        IoHandlerFactory factory = useEpoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("media", true), factory);
        return new MediaLoops(group, useEpoll ? EpollDatagramChannel.class : NioDatagramChannel.class, useEpoll);
    }

    /**
     * The loop an endpoint created for a call key starts on; the same key always maps to the same loop. A
     * bridge may later move an endpoint onto its peer's loop (see RtpEndpoint.moveTo).
     */
    public EventLoop loopFor(String callKey) {
        return loops[indexFor(callKey, loops.length)];
    }

    /** Which of {@code loopCount} loops {@link #loopFor} picks for {@code callKey}. */
    public static int indexFor(String callKey, int loopCount) {
        return Math.floorMod(callKey.hashCode(), loopCount);
    }

    /** The housekeeping timer of {@code loop}, one of ours. */
    LoopHousekeeping housekeeping(EventLoop loop) {
        LoopHousekeeping h = housekeeping.get(loop);
        if (h == null) {
            throw new IllegalArgumentException("not a media loop: " + loop);
        }
        return h;
    }

    public Class<? extends DatagramChannel> channelClass() {
        return channelClass;
    }

    public boolean isEpoll() {
        return epoll;
    }

    public int size() {
        return loops.length;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
