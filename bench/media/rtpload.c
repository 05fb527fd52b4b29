/*
 * rtpload: a cheap RTP load generator and receiver for benchmarking the media relay on one machine.
 *
 * Bridge mode (default): for each call i, leg A sends G.711 packets every 20 ms to the relay port of the
 * caller endpoint and leg B to the agent endpoint; the relay bridges them, so what A sends arrives at B
 * and vice versa. All legs share K sockets per side (the relay latches to the signalled address, which
 * may be the same for many endpoints), so sending and receiving are batched with sendmmsg/recvmmsg and
 * the generator costs little of the shared CPU. Each payload carries its send time (CLOCK_REALTIME ns);
 * arrival times come from the kernel (SO_TIMESTAMPNS), giving the relay's added latency. A packet that
 * arrives more than LATE_US after it was sent is counted as late (late_pct): a phone would discard it.
 *
 * Listen mode (--listen): only receive (prompt players), and report the deviation of each stream's
 * inter-arrival time from 20 ms.
 *
 * Input: a ports file with one line per call: "<index> <relay port A> <relay port B>" (B unused in listen).
 * Output: one line of key=value figures.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../rtpbench.h"

#define MAX_CALLS 20000
#define MAX_SOCKS 64
#define BATCH 256
#define PKT 172
#define HIST_US 200000 /* latency histogram: 1 us buckets up to 200 ms */
/* A packet later than this is useless to a phone's jitter buffer: it counts as lost for 'clean'. */
#define LATE_US 50000
/* Calls are spread over `slots` phases within the 20 ms frame, as independent calls would be (--slots 1
 * sends every call in phase: a burst per frame, cheaper for the generator, harder on latency). */
static int slots = 20;

static int calls, ksocks = 16, a_base, b_base, seconds = 10, warmup = 3, listen_mode;
static int relay_a[MAX_CALLS], relay_b[MAX_CALLS];
static int port_call[65536], port_side[65536];
static int socks[2][MAX_SOCKS];
static uint64_t hist[HIST_US + 1];
static uint64_t sent_measured, recv_measured, recv_total, late_or_early, too_late;
static int64_t last_arrival[65536]; /* listen mode: per relay source port */
static uint64_t dev_hist[HIST_US + 1], dev_count;
static uint64_t send_eagain, ticks_late, rtcp_received;

static void flush_batch(int sock, struct mmsghdr *msgs, int n) {
    int off = 0;
    while (off < n) {
        int r = sendmmsg(sock, msgs + off, n - off, 0);
        if (r < 0) {
            if (errno == EAGAIN || errno == EINTR) {
                send_eagain++;
                continue;
            }
            perror("sendmmsg");
            return;
        }
        off += r;
    }
}

/* Sends the frame of every leg in phase slot (tick % slots), batched per socket. */
static void send_tick(uint32_t tick, int64_t measure_from, int64_t measure_to) {
    static struct mmsghdr msgs[BATCH];
    static struct iovec iov[BATCH];
    static struct sockaddr_in dst[BATCH];
    static unsigned char buf[BATCH][PKT];
    int slot = tick % slots;
    uint32_t frame = tick / slots;
    for (int side = 0; side < 2; side++) {
        for (int k = 0; k < ksocks; k++) {
            int n = 0;
            for (int i = k; i < calls; i += ksocks) {
                if (i % slots != slot) continue;
                unsigned char *p = buf[n];
                uint32_t ssrc = (uint32_t)(i * 2 + side + 1);
                uint16_t seq = (uint16_t)frame;
                uint32_t ts = frame * 160;
                p[0] = 0x80;
                p[1] = 0; /* PCMU */
                p[2] = seq >> 8; p[3] = seq;
                p[4] = ts >> 24; p[5] = ts >> 16; p[6] = ts >> 8; p[7] = ts;
                p[8] = ssrc >> 24; p[9] = ssrc >> 16; p[10] = ssrc >> 8; p[11] = ssrc;
                int64_t sent = now_ns(CLOCK_REALTIME);
                memcpy(p + 12, &sent, 8);
                memset(p + 20, 0xFF, PKT - 20);
                dst[n] = (struct sockaddr_in){.sin_family = AF_INET,
                                              .sin_port = htons(side == 0 ? relay_a[i] : relay_b[i])};
                dst[n].sin_addr.s_addr = htonl(INADDR_LOOPBACK);
                iov[n] = (struct iovec){p, PKT};
                msgs[n].msg_hdr = (struct msghdr){.msg_name = &dst[n], .msg_namelen = sizeof dst[n],
                                                  .msg_iov = &iov[n], .msg_iovlen = 1};
                if (sent >= measure_from && sent < measure_to) {
                    sent_measured++;
                }
                if (++n == BATCH) {
                    flush_batch(socks[side][k], msgs, n);
                    n = 0;
                }
            }
            if (n > 0) {
                flush_batch(socks[side][k], msgs, n);
            }
        }
    }
}

/* Drains every socket until nothing is left. */
static void drain(int64_t measure_from, int64_t measure_to) {
    static struct mmsghdr msgs[BATCH];
    static struct iovec iov[BATCH];
    static unsigned char buf[BATCH][256];
    static char ctrl[BATCH][64];
    static struct sockaddr_in src[BATCH];
    for (int side = 0; side < 2; side++) {
        for (int k = 0; k < ksocks; k++) {
            for (;;) {
                for (int j = 0; j < BATCH; j++) {
                    iov[j] = (struct iovec){buf[j], sizeof buf[j]};
                    msgs[j].msg_hdr = (struct msghdr){.msg_name = &src[j], .msg_namelen = sizeof src[j],
                                                      .msg_iov = &iov[j], .msg_iovlen = 1,
                                                      .msg_control = ctrl[j], .msg_controllen = sizeof ctrl[j]};
                }
                int r = recvmmsg(socks[side][k], msgs, BATCH, MSG_DONTWAIT, NULL);
                if (r <= 0) break;
                for (int j = 0; j < r; j++) {
                    int64_t arrival = arrival_ns(&msgs[j].msg_hdr);
                    recv_total++;
                    if (msgs[j].msg_len >= 2 && buf[j][1] >= 200 && buf[j][1] <= 204) {
                        rtcp_received++; /* the relay's RTCP reports (RFC 5761 PT range): not media */
                        continue;
                    }
                    int port = ntohs(src[j].sin_port);
                    if (listen_mode) {
                        if (msgs[j].msg_len < 12 || arrival < measure_from || arrival >= measure_to) continue;
                        if (last_arrival[port]) {
                            int64_t dev = (arrival - last_arrival[port]) - 20000000LL;
                            if (dev < 0) dev = -dev;
                            int64_t us = dev / 1000;
                            dev_hist[us > HIST_US ? HIST_US : us]++;
                            dev_count++;
                        }
                        last_arrival[port] = arrival;
                        continue;
                    }
                    if (msgs[j].msg_len < 20) continue;
                    int64_t sent;
                    memcpy(&sent, buf[j] + 12, 8);
                    if (sent < measure_from || sent >= measure_to) {
                        late_or_early++;
                        continue;
                    }
                    recv_measured++;
                    int64_t us = (arrival - sent) / 1000;
                    if (us < 0) us = 0;
                    if (us > LATE_US) too_late++;
                    hist[us > HIST_US ? HIST_US : us]++;
                }
            }
        }
    }
}

int main(int argc, char **argv) {
    const char *ports_file = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--ports") && i + 1 < argc) ports_file = argv[++i];
        else if (!strcmp(argv[i], "--a-base") && i + 1 < argc) a_base = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--b-base") && i + 1 < argc) b_base = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--socks") && i + 1 < argc) ksocks = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--seconds") && i + 1 < argc) seconds = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--warmup") && i + 1 < argc) warmup = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--listen")) listen_mode = 1;
        else if (!strcmp(argv[i], "--slots") && i + 1 < argc) slots = atoi(argv[++i]);
        else { fprintf(stderr, "unknown argument %s\n", argv[i]); return 2; }
    }
    if (!ports_file || !a_base || (!b_base && !listen_mode) || ksocks < 1 || ksocks > MAX_SOCKS || slots < 1
        || slots > 20 || 20 % slots != 0) {
        fprintf(stderr, "usage: rtpload --ports FILE --a-base P --b-base P [--socks K] [--seconds S] [--warmup S]"
                        " [--slots 1|2|4|5|10|20] [--listen]\n");
        return 2;
    }
    FILE *f = fopen(ports_file, "r");
    if (!f) { perror(ports_file); return 2; }
    int idx, pa, pb;
    while (calls < MAX_CALLS && fscanf(f, "%d %d %d", &idx, &pa, &pb) == 3) {
        relay_a[calls] = pa;
        relay_b[calls] = pb;
        port_call[pa] = calls; port_side[pa] = 0;
        port_call[pb] = calls; port_side[pb] = 1;
        calls++;
    }
    fclose(f);
    for (int k = 0; k < ksocks; k++) {
        socks[0][k] = open_timestamped_socket(a_base + k, 4 * 1024 * 1024, 0);
        if (!listen_mode) socks[1][k] = open_timestamped_socket(b_base + k, 4 * 1024 * 1024, 0);
    }
    int sides = listen_mode ? 1 : 2;
    struct rusage ru0, ru1;
    getrusage(RUSAGE_SELF, &ru0);
    int64_t start_mono = now_ns(CLOCK_MONOTONIC);
    int64_t start_real = now_ns(CLOCK_REALTIME);
    int64_t measure_from = start_real + (int64_t)warmup * 1000000000LL;
    int64_t measure_to = measure_from + (int64_t)seconds * 1000000000LL;
    int64_t end_mono = start_mono + (int64_t)(warmup + seconds) * 1000000000LL + 300000000LL;
    struct pollfd pfd[2 * MAX_SOCKS];
    for (int s = 0; s < sides; s++)
        for (int k = 0; k < ksocks; k++) pfd[s * ksocks + k] = (struct pollfd){.fd = socks[s][k], .events = POLLIN};
    uint32_t tick = 0;
    int64_t next_tick = start_mono;
    int64_t stop_sending = start_mono + (int64_t)(warmup + seconds) * 1000000000LL;
    while (now_ns(CLOCK_MONOTONIC) < end_mono) {
        int64_t now = now_ns(CLOCK_MONOTONIC);
        if (!listen_mode && now >= next_tick && next_tick < stop_sending) {
            if (now - next_tick > 5000000LL) ticks_late++;
            send_tick(tick++, measure_from, measure_to);
            next_tick += 20000000LL / slots;
            drain(measure_from, measure_to); /* never fall behind on receiving while catching up */
            continue;
        }
        int64_t wait_ns = (listen_mode || next_tick >= stop_sending ? end_mono : next_tick) - now;
        if (wait_ns < 0) wait_ns = 0;
        if (wait_ns > 5000000LL) wait_ns = 5000000LL;
        struct timespec timeout = {.tv_sec = 0, .tv_nsec = wait_ns};
        if (ppoll(pfd, sides * ksocks, &timeout, NULL) > 0) drain(measure_from, measure_to);
    }
    drain(measure_from, measure_to);
    getrusage(RUSAGE_SELF, &ru1);
    double cpu = (ru1.ru_utime.tv_sec - ru0.ru_utime.tv_sec) + (ru1.ru_stime.tv_sec - ru0.ru_stime.tv_sec)
                 + ((ru1.ru_utime.tv_usec - ru0.ru_utime.tv_usec) + (ru1.ru_stime.tv_usec - ru0.ru_stime.tv_usec)) / 1e6;
    double wall = (now_ns(CLOCK_MONOTONIC) - start_mono) / 1e9;
    if (listen_mode) {
        printf("mode=listen streams=%d deviations=%llu dev_p50_us=%.0f dev_p99_us=%.0f dev_p999_us=%.0f "
               "packets_per_s=%.0f generator_cpu=%.2f rtcp_received=%llu\n",
               calls, (unsigned long long)dev_count, percentile(dev_hist, HIST_US, dev_count, 0.5),
               percentile(dev_hist, HIST_US, dev_count, 0.99), percentile(dev_hist, HIST_US, dev_count, 0.999),
               dev_count / (double)seconds, cpu / wall, (unsigned long long)rtcp_received);
        return 0;
    }
    double loss = sent_measured ? 1.0 - (double)recv_measured / (double)sent_measured : 1.0;
    double late = sent_measured ? (double)too_late / (double)sent_measured : 0.0;
    /* what the generator managed to send of its schedule: below 100% the machine could not offer the load */
    double offered = (double)sent_measured / ((double)calls * 2 * 50 * seconds);
    printf("mode=bridge slots=%d calls=%d sent=%llu offered_pct=%.2f received=%llu loss_pct=%.4f late_pct=%.4f "
           "relayed_pps=%.0f latency_p50_us=%.0f latency_p99_us=%.0f latency_p999_us=%.0f generator_cpu=%.2f "
           "send_eagain=%llu ticks_late=%llu\n",
           slots, calls, (unsigned long long)sent_measured, offered * 100, (unsigned long long)recv_measured,
           loss * 100, late * 100, recv_measured / (double)seconds, percentile(hist, HIST_US, recv_measured, 0.5),
           percentile(hist, HIST_US, recv_measured, 0.99), percentile(hist, HIST_US, recv_measured, 0.999), cpu / wall,
           (unsigned long long)send_eagain, (unsigned long long)ticks_late);
    return 0;
}
