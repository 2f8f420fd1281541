/* The loopback limit: a minimal C Runtime API client. It sends exactly the two
 * requests a runtime sends per invocation (GET next, POST response) over one
 * keep-alive connection with TCP_NODELAY, and parses only what it must.
 * Usage: pingpong (reads AWS_LAMBDA_RUNTIME_API like a bootstrap does). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static char buf[1 << 16];
static size_t have;

/* Reads one response; returns its body length and copies the request id. */
static long read_response(int fd, char* request_id, size_t id_cap) {
  for (;;) {
    char* end = memmem(buf, have, "\r\n\r\n", 4);
    if (end) {
      size_t head = (size_t)(end - buf) + 4;
      long len = 0;
      char* cl = memmem(buf, head, "Content-Length: ", 16);
      if (cl) len = strtol(cl + 16, NULL, 10);
      char* id = memmem(buf, head, "Lambda-Runtime-Aws-Request-Id: ", 31);
      if (id && request_id) {
        id += 31;
        size_t n = strcspn(id, "\r");
        if (n >= id_cap) n = id_cap - 1;
        memcpy(request_id, id, n);
        request_id[n] = 0;
      }
      while (have < head + (size_t)len) {
        ssize_t r = read(fd, buf + have, sizeof buf - have);
        if (r <= 0) return -1;
        have += (size_t)r;
      }
      memmove(buf, buf + head + len, have - head - (size_t)len);
      have -= head + (size_t)len;
      return len;
    }
    ssize_t r = read(fd, buf + have, sizeof buf - have);
    if (r <= 0) return -1;
    have += (size_t)r;
  }
}

int main(void) {
  const char* api = getenv("AWS_LAMBDA_RUNTIME_API");
  if (!api) return 2;
  char host[64];
  const char* colon = strrchr(api, ':');
  if (!colon || (size_t)(colon - api) >= sizeof host) return 2;
  memcpy(host, api, (size_t)(colon - api));
  host[colon - api] = 0;
  struct sockaddr_in addr = {0};
  addr.sin_family = AF_INET;
  addr.sin_port = htons((unsigned short)atoi(colon + 1));
  inet_pton(AF_INET, host, &addr.sin_addr);
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (connect(fd, (struct sockaddr*)&addr, sizeof addr) != 0) return 3;
  char req[512], id[128];
  for (;;) {
    int n = snprintf(req, sizeof req, "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: %s\r\n\r\n", api);
    if (write(fd, req, (size_t)n) != n) return 0;
    long body = read_response(fd, id, sizeof id);
    if (body < 0) return 0;
    /* Echo a fixed body of the same size class as the event. */
    n = snprintf(req, sizeof req,
                 "POST /2018-06-01/runtime/invocation/%s/response HTTP/1.1\r\nHost: %s\r\n"
                 "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}", id, api);
    if (write(fd, req, (size_t)n) != n) return 0;
    if (read_response(fd, NULL, 0) < 0) return 0;
  }
}
