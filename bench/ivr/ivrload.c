/*
 * ivrload: the callers' media side of the IVR benchmark. SIPp signals the calls; every call's SDP names one
 * of K local UDP sockets, which this program owns. It hears the prompts the server plays, measures their
 * pacing, answers like a phone and presses a digit.
 *
 * Streams are told apart by the server's source port (each call has its own relay endpoint), so many calls
 * share one socket. The program wakes every millisecond, reads everything that arrived with recvmmsg and sends what is
 * due with sendmmsg, so it stays cheap on the cores it shares with the server; arrival times come from the
 * kernel (SO_TIMESTAMPNS), so its own scheduling delays do not count against the server.
 *
 * For each stream, from its first packet on:
 *   - caller audio (--caller-audio): a phone sends 20 ms of PCMU silence all along; without it, one
 *     silence packet a second keeps the server's media timeout away;
 *   - after --digit-after ms, the RFC 4733 event for --digit (start with the marker bit, continuation packets,
 *     three end packets) is sent in place of audio, from the socket the stream arrives at, to the address its
 *     packets come from (the server latches the address the SDP signalled).
 *
 * Measuring starts on SIGUSR1 and ends on SIGUSR2, which prints one line of key=value figures: streams seen,
 * streams measured, packets, inter-arrival deviation from 20 ms (p50/p99/p999 and max, absolute, early or
 * late), packets with the marker bit (a new prompt started) and their largest deviation, packets lost by
 * sequence number, digits sent, and this program's CPU over the window. SIGTERM exits.
 *
 * Usage: ivrload --base PORT --socks K [--caller-audio] [--digit 2] [--digit-after 7000] [--event-pt 101]
 *                [--trace-gaps US]   (print every deviation above US microseconds to stderr, for diagnosis)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../rtpbench.h"

#define MAX_SOCKS 256
#define MAX_STREAMS 65536 /* indexed by the server's source port */
#define BATCH 256
#define HIST_US 200000     /* deviation histogram: 1 us buckets up to 200 ms */
#define FRAME_NS 20000000LL
#define TICK_NS 1000000LL
#define PCMU_SILENCE 0xFF
#define EVENT_PACKETS 8    /* 5 with growing duration, then 3 end packets (RFC 4733 section 2.5.1.4) */

struct stream {
    int active;
    int64_t last_seen_ns;        /* last arrival (monotonic): a stream silent for 10 s has ended */
    int sock;                    /* index of the socket the stream arrives at */
    struct sockaddr_in from;     /* where the server sends it from: where we send to */
    int64_t first_ns;            /* first arrival (monotonic) */
    int64_t next_send_ns;        /* next 20 ms frame we send (monotonic) */
    int64_t digit_at_ns;
    int digit_state;             /* 0: not yet, 1..EVENT_PACKETS: event packet due, -1: done */
    uint16_t out_seq;
    uint32_t out_ts, event_ts, ssrc;
    /* measurement */
    int64_t last_arrival;        /* realtime ns of the previous packet, 0 before the window */
    int measured;
    uint16_t first_seq, max_seq;
    uint32_t cycles;             /* wraps of max_seq */
    uint64_t received;
};

static int64_t trace_gaps_us = -1; /* --trace-gaps: print each deviation above this to stderr */
static int ksocks = 4, base_port, caller_audio, digit = 2, digit_after_ms = 7000, event_pt = 101;
static int socks[MAX_SOCKS];
static struct stream streams[MAX_STREAMS];
static int active_ports[MAX_STREAMS], active_count; /* the streams we send to */
static int stream_count;
static uint64_t dev_hist[HIST_US + 1], dev_count, dev_max_us;
static uint64_t prompt_switches, switch_dev_max_us;
static uint64_t packets_measured, digits_sent, send_errors, rtcp_received;
static volatile sig_atomic_t start_flag, stop_flag, exit_flag;
static int measuring;
static struct rusage ru_start;
static int64_t measure_start_mono;

static void on_signal(int sig) {
    if (sig == SIGUSR1) start_flag = 1;
    else if (sig == SIGUSR2) stop_flag = 1;
    else exit_flag = 1;
}

/* Extended highest sequence number and loss as RFC 3550 appendix A.1 counts them, without probation. */
static void count_sequence(struct stream *st, uint16_t seq) {
    if (!st->measured) {
        st->measured = 1;
        st->first_seq = seq;
        st->max_seq = seq;
        st->cycles = 0;
        st->received = 1;
        return;
    }
    uint16_t delta = (uint16_t)(seq - st->max_seq);
    if (delta != 0 && delta < 3000) {
        if (seq < st->max_seq) st->cycles += 65536;
        st->max_seq = seq;
    }
    st->received++;
}

static void on_packet(int sock_index, const unsigned char *p, int len, struct sockaddr_in *src, int64_t arrival) {
    if (len < 12 || (p[0] & 0xC0) != 0x80) return; /* not RTP version 2 */
    if (p[1] >= 200 && p[1] <= 204) {
        rtcp_received++; /* the server's RTCP reports, muxed on the RTP port: not media */
        return;
    }
    int port = ntohs(src->sin_port);
    struct stream *st = &streams[port];
    int64_t mono = now_ns(CLOCK_MONOTONIC);
    if (!st->active) {
        memset(st, 0, sizeof *st);
        st->active = 1;
        st->sock = sock_index;
        st->from = *src;
        st->first_ns = mono;
        st->next_send_ns = mono;
        st->digit_at_ns = mono + (int64_t)digit_after_ms * 1000000LL;
        st->ssrc = 0x10000000u + (uint32_t)port;
        st->out_seq = (uint16_t)(port * 7);
        active_ports[active_count++] = port;
        stream_count++;
        if (trace_gaps_us >= 0)
            fprintf(stderr, "started stream=%d t_ms=%lld socket=%d\n", port, (long long)(arrival / 1000000 % 1000000),
                    base_port + sock_index);
    }
    st->last_seen_ns = mono;
    if (!measuring) return;
    uint16_t seq = (uint16_t)((p[2] << 8) | p[3]);
    count_sequence(st, seq);
    packets_measured++;
    if (st->last_arrival) {
        int64_t signed_dev = (arrival - st->last_arrival) - FRAME_NS;
        int64_t dev = signed_dev < 0 ? -signed_dev : signed_dev;
        uint64_t us = (uint64_t)(dev / 1000);
        if (us > dev_max_us) dev_max_us = us;
        if (p[1] & 0x80) {
            /* the marker bit: a new source (prompt, hold music) starts on this stream */
            prompt_switches++;
            if (us > switch_dev_max_us) switch_dev_max_us = us;
        }
        if (trace_gaps_us >= 0 && (int64_t)us > trace_gaps_us)
            fprintf(stderr, "gap stream=%d t_ms=%lld at_ms=%lld seq=%u pt=%d deviation_us=%lld\n", port,
                    (long long)(arrival / 1000000 % 1000000), (long long)((mono - st->first_ns) / 1000000), seq,
                    p[1] & 0x7F, (long long)(signed_dev / 1000));
        dev_hist[us > HIST_US ? HIST_US : us]++;
        dev_count++;
    }
    st->last_arrival = arrival;
}

static void drain_all(void) {
    static struct mmsghdr msgs[BATCH];
    static struct iovec iov[BATCH];
    static unsigned char buf[BATCH][512];
    static char ctrl[BATCH][64];
    static struct sockaddr_in src[BATCH];
    for (int k = 0; k < ksocks; k++) {
        for (;;) {
            for (int j = 0; j < BATCH; j++) {
                iov[j] = (struct iovec){buf[j], sizeof buf[j]};
                msgs[j].msg_hdr = (struct msghdr){.msg_name = &src[j], .msg_namelen = sizeof src[j],
                                                  .msg_iov = &iov[j], .msg_iovlen = 1,
                                                  .msg_control = ctrl[j], .msg_controllen = sizeof ctrl[j]};
            }
            int r = recvmmsg(socks[k], msgs, BATCH, MSG_DONTWAIT, NULL);
            if (r <= 0) break;
            for (int j = 0; j < r; j++) {
                on_packet(k, buf[j], (int)msgs[j].msg_len, &src[j], arrival_ns(&msgs[j].msg_hdr));
            }
            if (r < BATCH) break;
        }
    }
}

/* Outgoing packets, batched per socket with sendmmsg. */
static struct mmsghdr out_msgs[MAX_SOCKS][BATCH];
static struct iovec out_iov[MAX_SOCKS][BATCH];
static unsigned char out_buf[MAX_SOCKS][BATCH][12 + 160];
static int out_n[MAX_SOCKS];

static void flush_sock(int k) {
    int off = 0;
    while (off < out_n[k]) {
        int r = sendmmsg(socks[k], out_msgs[k] + off, out_n[k] - off, 0);
        if (r < 0) {
            if (errno == EINTR) continue;
            send_errors += out_n[k] - off; /* e.g. EAGAIN: a full send buffer; the packets are lost */
            break;
        }
        off += r;
    }
    out_n[k] = 0;
}

static void queue_packet(struct stream *st, int pt, int marker, uint32_t ts, const unsigned char *payload, int len) {
    int k = st->sock;
    if (out_n[k] == BATCH) flush_sock(k);
    int n = out_n[k]++;
    unsigned char *p = out_buf[k][n];
    p[0] = 0x80;
    p[1] = (unsigned char)((marker ? 0x80 : 0) | pt);
    p[2] = st->out_seq >> 8; p[3] = st->out_seq;
    p[4] = ts >> 24; p[5] = ts >> 16; p[6] = ts >> 8; p[7] = ts;
    p[8] = st->ssrc >> 24; p[9] = st->ssrc >> 16; p[10] = st->ssrc >> 8; p[11] = st->ssrc;
    memcpy(p + 12, payload, len);
    st->out_seq++;
    out_iov[k][n] = (struct iovec){p, 12 + len};
    out_msgs[k][n].msg_hdr = (struct msghdr){.msg_name = &st->from, .msg_namelen = sizeof st->from,
                                             .msg_iov = &out_iov[k][n], .msg_iovlen = 1};
}

/* Sends every stream's frames that are due: audio (or a keepalive each second), or the digit's events. */
static void send_due(int64_t now) {
    static unsigned char silence[160];
    static int init;
    if (!init) {
        memset(silence, PCMU_SILENCE, sizeof silence);
        init = 1;
    }
    for (int a = 0; a < active_count; a++) {
        struct stream *st = &streams[active_ports[a]];
        if (now - st->last_seen_ns > 10000000000LL) {
            /* the call ended (the menu waits 5 s for input in silence, so not sooner): stop sending; a later
             * call on the same server port is a new stream */
            if (trace_gaps_us >= 0)
                fprintf(stderr, "ended stream=%d t_ms=%lld at_ms=%lld digit_state=%d\n", active_ports[a],
                        (long long)(now_ns(CLOCK_REALTIME) / 1000000 % 1000000),
                        (long long)((now - st->first_ns) / 1000000), st->digit_state);
            st->active = 0;
            active_ports[a--] = active_ports[--active_count];
            continue;
        }
        while (st->next_send_ns <= now) {
            int64_t frame = (st->next_send_ns - st->first_ns) / FRAME_NS;
            if (st->digit_state == 0 && st->next_send_ns >= st->digit_at_ns) {
                st->digit_state = 1;
                st->event_ts = st->out_ts;
            }
            if (st->digit_state > 0) {
                int i = st->digit_state;
                int end = i > 5;
                int duration = (i > 5 ? 5 : i) * 160;
                unsigned char ev[4] = {(unsigned char)digit, (unsigned char)((end ? 0x80 : 0) | 10),
                                       (unsigned char)(duration >> 8), (unsigned char)duration};
                queue_packet(st, event_pt, i == 1, st->event_ts, ev, 4);
                if (++st->digit_state > EVENT_PACKETS) {
                    st->digit_state = -1;
                    st->out_ts += 5 * 160;
                    digits_sent++;
                }
            } else if (caller_audio || frame % 50 == 0) {
                queue_packet(st, 0, 0, st->out_ts, silence, 160);
                st->out_ts += 160;
            } else {
                st->out_ts += 160;
            }
            st->next_send_ns += FRAME_NS;
        }
    }
    for (int k = 0; k < ksocks; k++) {
        if (out_n[k]) flush_sock(k);
    }
}

static void start_measuring(void) {
    memset(dev_hist, 0, sizeof dev_hist);
    dev_count = dev_max_us = packets_measured = prompt_switches = switch_dev_max_us = 0;
    for (int port = 0; port < MAX_STREAMS; port++) {
        streams[port].last_arrival = 0;
        streams[port].measured = 0;
    }
    getrusage(RUSAGE_SELF, &ru_start);
    measure_start_mono = now_ns(CLOCK_MONOTONIC);
    measuring = 1;
}

static void report(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double wall = (now_ns(CLOCK_MONOTONIC) - measure_start_mono) / 1e9;
    double cpu = (ru.ru_utime.tv_sec - ru_start.ru_utime.tv_sec) + (ru.ru_stime.tv_sec - ru_start.ru_stime.tv_sec)
                 + ((ru.ru_utime.tv_usec - ru_start.ru_utime.tv_usec)
                    + (ru.ru_stime.tv_usec - ru_start.ru_stime.tv_usec)) / 1e6;
    uint64_t expected = 0, received = 0;
    int measured_streams = 0;
    for (int port = 0; port < MAX_STREAMS; port++) {
        struct stream *st = &streams[port];
        if (!st->measured) continue;
        measured_streams++;
        uint64_t ext_max = st->cycles + st->max_seq;
        expected += ext_max - st->first_seq + 1;
        received += st->received;
    }
    long long lost = (long long)expected - (long long)received;
    printf("streams_seen=%d streams_measured=%d packets=%llu dev_p50_us=%.0f dev_p99_us=%.0f dev_p999_us=%.0f "
           "dev_max_us=%llu prompt_switches=%llu switch_dev_max_us=%llu lost=%lld digits_sent=%llu "
           "send_errors=%llu rtcp_received=%llu window_s=%.1f load_cpu=%.2f\n",
           stream_count, measured_streams, (unsigned long long)packets_measured, percentile(dev_hist, HIST_US, dev_count, 0.5), percentile(dev_hist, HIST_US, dev_count, 0.99),
           percentile(dev_hist, HIST_US, dev_count, 0.999), (unsigned long long)dev_max_us, (unsigned long long)prompt_switches,
           (unsigned long long)switch_dev_max_us, lost, (unsigned long long)digits_sent,
           (unsigned long long)send_errors, (unsigned long long)rtcp_received, wall, wall > 0 ? cpu / wall : 0);
    fflush(stdout);
}

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--base") && i + 1 < argc) base_port = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--socks") && i + 1 < argc) ksocks = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--caller-audio")) caller_audio = 1;
        else if (!strcmp(argv[i], "--digit") && i + 1 < argc) digit = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--digit-after") && i + 1 < argc) digit_after_ms = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--event-pt") && i + 1 < argc) event_pt = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--trace-gaps") && i + 1 < argc) trace_gaps_us = atoll(argv[++i]);
        else { fprintf(stderr, "unknown argument %s\n", argv[i]); return 2; }
    }
    if (!base_port || ksocks < 1 || ksocks > MAX_SOCKS || digit < 0 || digit > 15 || event_pt < 96
        || event_pt > 127) {
        fprintf(stderr, "usage: ivrload --base PORT --socks K [--caller-audio] [--digit 0-15] [--digit-after MS]"
                        " [--event-pt 96-127]\n");
        return 2;
    }
    /* room for a second of traffic, as ivrload runs behind the server and may be scheduled late */
    for (int k = 0; k < ksocks; k++) socks[k] = open_timestamped_socket(base_port + k, 16 * 1024 * 1024, 1);
    struct sigaction sa = {.sa_handler = on_signal};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGUSR2, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    printf("ready\n");
    fflush(stdout);
    /* A fixed 1 ms tick: read everything that arrived (its kernel timestamps are exact whenever we read) and
     * send what is due. Batching a tick's packets per socket keeps this process cheap: it shares the cores
     * with the server it measures. */
    int64_t tick = now_ns(CLOCK_MONOTONIC);
    while (!exit_flag) {
        tick += TICK_NS;
        struct timespec at = {.tv_sec = tick / 1000000000LL, .tv_nsec = tick % 1000000000LL};
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, NULL) == EINTR && !exit_flag) {
        }
        int64_t now = now_ns(CLOCK_MONOTONIC);
        if (now - tick > 100 * TICK_NS) tick = now; /* suspended or starved: do not run a backlog of ticks */
        drain_all();
        send_due(now);
        if (start_flag) {
            start_flag = 0;
            start_measuring();
        }
        if (stop_flag) {
            stop_flag = 0;
            drain_all();
            report();
            measuring = 0;
        }
    }
    return 0;
}
