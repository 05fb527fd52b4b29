/*
 * What the C load tools of bench/ share: clocks, loopback UDP sockets that stamp each datagram's arrival
 * in the kernel (SO_TIMESTAMPNS), reading that stamp, and percentiles of a 1 us histogram.
 * Header-only (static functions): each tool is still built from one file with `gcc -O2 -Wall tool.c`.
 */
#ifndef RTPBENCH_H
#define RTPBENCH_H

#include <errno.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

static int64_t now_ns(clockid_t c) {
    struct timespec t;
    clock_gettime(c, &t);
    return (int64_t)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/*
 * A non-blocking UDP socket bound to 127.0.0.1:port with kernel receive timestamps and buffer_bytes of
 * buffers; force_receive_buffer asks for SO_RCVBUFFORCE (past rmem_max when allowed). Exits on a bind failure.
 */
static int open_timestamped_socket(int port, int buffer_bytes, int force_receive_buffer) {
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    int one = 1;
    if (!force_receive_buffer || setsockopt(s, SOL_SOCKET, SO_RCVBUFFORCE, &buffer_bytes, sizeof buffer_bytes) < 0)
        setsockopt(s, SOL_SOCKET, SO_RCVBUF, &buffer_bytes, sizeof buffer_bytes);
    setsockopt(s, SOL_SOCKET, SO_SNDBUF, &buffer_bytes, sizeof buffer_bytes);
    setsockopt(s, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(s, (struct sockaddr *)&a, sizeof a) < 0) {
        fprintf(stderr, "bind %d: %s\n", port, strerror(errno));
        exit(2);
    }
    return s;
}

/* The kernel's arrival time of a received datagram (CLOCK_REALTIME ns), or now when it carries none. */
static int64_t arrival_ns(struct msghdr *h) {
    for (struct cmsghdr *c = CMSG_FIRSTHDR(h); c; c = CMSG_NXTHDR(h, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_TIMESTAMPNS) {
            struct timespec t;
            memcpy(&t, CMSG_DATA(c), sizeof t);
            return (int64_t)t.tv_sec * 1000000000LL + t.tv_nsec;
        }
    }
    return now_ns(CLOCK_REALTIME);
}

/* The q-quantile of a histogram of `buckets` + 1 one-microsecond buckets holding `total` values. */
static double percentile(const uint64_t *h, int buckets, uint64_t total, double q) {
    uint64_t want = (uint64_t)(q * (double)total), seen = 0;
    for (int i = 0; i <= buckets; i++) {
        seen += h[i];
        if (seen > want) return i;
    }
    return buckets;
}

#endif
