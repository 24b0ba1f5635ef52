// What a system call and a loopback socket round trip cost on this machine: Envoy makes about twenty of each kind
// per proxied request, so these two figures explain most of plain Envoy's CPU per request here.
//   gcc -O2 bench/machine/syscall_cost.c -o /tmp/syscall_cost && /tmp/syscall_cost
#include <stdio.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double elapsed_ns(struct timespec a, struct timespec b) {
  return (b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec);
}

int main(void) {
  struct timespec a, b;
  const int calls = 1000000;
  clock_gettime(CLOCK_MONOTONIC, &a);
  for (int i = 0; i < calls; i++) syscall(SYS_getppid);
  clock_gettime(CLOCK_MONOTONIC, &b);
  printf("getppid: %.0f ns per call\n", elapsed_ns(a, b) / calls);

  int pair[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, pair) != 0) return 1;
  char byte = 'x';
  const int trips = 200000;
  clock_gettime(CLOCK_MONOTONIC, &a);
  for (int i = 0; i < trips; i++) {
    if (write(pair[0], &byte, 1) != 1 || read(pair[1], &byte, 1) != 1) return 1;
  }
  clock_gettime(CLOCK_MONOTONIC, &b);
  printf("socketpair write + read of 1 byte: %.0f ns\n", elapsed_ns(a, b) / trips);
  return 0;
}
