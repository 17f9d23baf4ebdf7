/*
 * Broker-only baseline for the ingest benchmark (scripts/bench-ingest.sh).
 *
 * Stands where `firewatch run` stands, but does no work: subscribes with QoS 1 to
 * {prefix}/gateways/+/up and answers every GB/T 26875.3 frame at once with a 确认 (cmd 3: the
 * received header with source and destination swapped, empty ADU, new checksum) on
 * {prefix}/gateways/{id}/down, QoS 1. No decoding, no storage: what is left of a frame → 确认
 * round trip is the broker and the network path, which is the floor for the daemon.
 *
 *   cc -O2 Benchmarks/responder.c -lmosquitto -o responder
 *   responder HOST PORT PREFIX [--sync FILE]
 *
 * With --sync FILE it is the floor of *durable* acknowledgement instead: every frame is appended
 * to FILE with write(2), and the 确认s of what arrived are published only after one fdatasync(2)
 * of the file (a group commit: frames that arrive during a sync form the next group). Still no
 * decoding and no database: what it adds to the broker-only round trip is what the disk's sync
 * costs on this machine, which no persist-before-确认 daemon can avoid.
 *
 * Prints "ready" on stdout once the subscription is granted; SIGTERM/SIGINT stop it, and it prints
 * how many 确认 it sent.
 */
#include <mosquitto.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

static volatile sig_atomic_t stop_requested = 0;
static unsigned long replies = 0, ignored = 0;
static char up_filter[512];
static size_t prefix_len;

/* --sync: the file, and the 确认s waiting for its next fdatasync. */
static int sync_fd = -1;
struct pending_reply { char topic[512]; unsigned char frame[30]; };
static struct pending_reply *pending = NULL;
static size_t pending_count = 0, pending_capacity = 0;
static unsigned long syncs = 0;

static void on_signal(int sig) { (void)sig; stop_requested = 1; }

static void on_connect(struct mosquitto *mosq, void *obj, int rc) {
    (void)obj;
    if (rc != 0) {
        fprintf(stderr, "responder: connection refused (%d)\n", rc);
        stop_requested = 1;
        return;
    }
    int mid = 0;
    if (mosquitto_subscribe(mosq, &mid, up_filter, 1) != MOSQ_ERR_SUCCESS) {
        fprintf(stderr, "responder: subscribe failed\n");
        stop_requested = 1;
    }
}

static void on_subscribe(struct mosquitto *mosq, void *obj, int mid, int count, const int *granted) {
    (void)mosq; (void)obj; (void)mid;
    if (count < 1 || granted[0] != 1) {
        fprintf(stderr, "responder: subscription not granted with QoS 1\n");
        stop_requested = 1;
        return;
    }
    printf("ready\n");
    fflush(stdout);
}

static void on_message(struct mosquitto *mosq, void *obj, const struct mosquitto_message *m) {
    (void)obj;
    const unsigned char *in = m->payload;
    size_t topic_len = strlen(m->topic);
    /* {prefix}/gateways/{id}/up → {prefix}/gateways/{id}/down */
    if (m->payloadlen < 30 || in[0] != 0x40 || in[1] != 0x40 || topic_len < 3 || topic_len > 400 ||
        strcmp(m->topic + topic_len - 3, "/up") != 0 || in[26] == 3 || in[26] == 5 || in[26] == 6) {
        ignored++;
        return;
    }
    char topic[512];
    memcpy(topic, m->topic, topic_len - 2);
    memcpy(topic + topic_len - 2, "down", 5);

    unsigned char out[30];
    memcpy(out, in, 12);          /* markers, serial, version, time label: echoed */
    memcpy(out + 12, in + 18, 6); /* source ← the frame's destination */
    memcpy(out + 18, in + 12, 6); /* destination ← the frame's source */
    out[24] = 0;                  /* ADU length 0 */
    out[25] = 0;
    out[26] = 3;                  /* 确认 */
    unsigned sum = 0;
    for (int i = 2; i <= 26; i++) sum += out[i];
    out[27] = (unsigned char)sum;
    out[28] = 0x23;
    out[29] = 0x23;
    if (sync_fd >= 0) {
        if (write(sync_fd, m->payload, (size_t)m->payloadlen) != m->payloadlen) {
            perror("responder: write");
            stop_requested = 1;
            return;
        }
        if (pending_count == pending_capacity) {
            pending_capacity = pending_capacity ? pending_capacity * 2 : 1024;
            pending = realloc(pending, pending_capacity * sizeof *pending);
            if (!pending) abort();
        }
        memcpy(pending[pending_count].topic, topic, topic_len + 3);
        memcpy(pending[pending_count].frame, out, sizeof out);
        pending_count++;
        return;
    }
    int rc = mosquitto_publish(mosq, NULL, topic, (int)sizeof out, out, 1, false);
    if (rc != MOSQ_ERR_SUCCESS) {
        fprintf(stderr, "responder: publish failed: %s\n", mosquitto_strerror(rc));
        return;
    }
    replies++;
}

int main(int argc, char **argv) {
    if (argc == 6 && strcmp(argv[4], "--sync") == 0) {
        sync_fd = open(argv[5], O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (sync_fd < 0) {
            perror("responder: open");
            return 1;
        }
    } else if (argc != 4) {
        fprintf(stderr, "usage: %s HOST PORT PREFIX [--sync FILE]\n", argv[0]);
        return 2;
    }
    const char *host = argv[1];
    int port = atoi(argv[2]);
    prefix_len = strlen(argv[3]);
    if (prefix_len > 400) return 2;
    snprintf(up_filter, sizeof up_filter, "%s/gateways/+/up", argv[3]);

    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    mosquitto_lib_init();
    char client_id[64];
    snprintf(client_id, sizeof client_id, "bench-responder-%d", (int)getpid());
    struct mosquitto *mosq = mosquitto_new(client_id, true, NULL);
    if (!mosq) return 1;
    mosquitto_int_option(mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
    mosquitto_int_option(mosq, MOSQ_OPT_TCP_NODELAY, 1);
    /* 0 = no client-side cap on unacknowledged QoS 1 publishes (libmosquitto's default is 20). */
    mosquitto_max_inflight_messages_set(mosq, 0);
    mosquitto_connect_callback_set(mosq, on_connect);
    mosquitto_subscribe_callback_set(mosq, on_subscribe);
    mosquitto_message_callback_set(mosq, on_message);
    if (mosquitto_connect(mosq, host, port, 30) != MOSQ_ERR_SUCCESS) {
        fprintf(stderr, "responder: cannot connect to %s:%d\n", host, port);
        return 1;
    }
    while (!stop_requested) {
        int rc = mosquitto_loop(mosq, pending_count ? 0 : 100, 1);
        if (rc != MOSQ_ERR_SUCCESS && !stop_requested) {
            fprintf(stderr, "responder: loop: %s; reconnecting\n", mosquitto_strerror(rc));
            mosquitto_reconnect(mosq);
        }
        if (pending_count) {
            /* The group's frames are on disk before any of its 确认s leaves. */
            if (fdatasync(sync_fd) != 0) {
                perror("responder: fdatasync");
                return 1;
            }
            syncs++;
            for (size_t i = 0; i < pending_count; i++) {
                if (mosquitto_publish(mosq, NULL, pending[i].topic, 30, pending[i].frame, 1, false) == MOSQ_ERR_SUCCESS) replies++;
            }
            pending_count = 0;
        }
    }
    mosquitto_disconnect(mosq);
    mosquitto_loop(mosq, 100, 1);
    mosquitto_destroy(mosq);
    mosquitto_lib_cleanup();
    printf("replies %lu ignored %lu syncs %lu\n", replies, ignored, syncs);
    return 0;
}
