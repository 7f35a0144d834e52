/*
 * faultline's clock shim, preloaded (LD_PRELOAD) into the servers faultline starts when a run
 * asks for a clock fault (clock-skew, clock-jump). It sets the node's wall clock off true time by
 * an offset that a nemesis changes while the server runs, as a wrong clock or a step of it (a bad
 * NTP step, an operator's `date -s`) would.
 *
 * What it moves: CLOCK_REALTIME and CLOCK_REALTIME_COARSE (clock_gettime), gettimeofday, time and
 * timespec_get, the wall clock. Monotonic clocks (CLOCK_MONOTONIC, _RAW, _COARSE, CLOCK_BOOTTIME)
 * stay true, as they do when a real wall clock is stepped: Redis' TIME, its key expiry (mstime,
 * from gettimeofday) and PostgreSQL's now() follow the offset; Redis 7's timers (getMonotonicUs)
 * and PostgreSQL's timeouts do not.
 *
 * Why not libfaketime: Debian's libfaketime 0.9.10 cannot start inside Debian's redis-server,
 * whose jemalloc calls clock_gettime while libfaketime initialises ("Cannot recover from
 * unexpected recursive calls to clock_gettime()", libfaketime issue 130, no fix). This shim
 * allocates nothing and looks nothing up: the true time comes from the clock_gettime system call
 * itself, and the offset from a mapping of the control file.
 *
 * Controlled by one file, named by the environment variable FAULTLINE_CLOCK_FILE (the node's
 * folder holds it): 8 bytes, a signed 64-bit count of microseconds in the machine's byte order,
 * mapped shared at load and read at every call, so a change takes effect at the next call of
 * every process of the server (PostgreSQL's backends inherit the mapping). No file, or a file
 * shorter than 8 bytes when loaded, is no offset.
 *
 * Built by faultline itself (environments/local/PreloadLibraries) with gcc -shared -fPIC.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile const int64_t *offset_us;

__attribute__((constructor)) static void map_control_file(void) {
  const char *path = getenv("FAULTLINE_CLOCK_FILE");
  if (path == NULL || *path == '\0') return;
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return;
  struct stat st;
  if (fstat(fd, &st) == 0 && st.st_size >= (off_t) sizeof(int64_t)) {
    void *map = mmap(NULL, sizeof(int64_t), PROT_READ, MAP_SHARED, fd, 0);
    if (map != MAP_FAILED) offset_us = (volatile const int64_t *) map;
  }
  close(fd);
}

static int64_t offset(void) {
  return offset_us == NULL ? 0 : *offset_us; /* one aligned 8-byte load: never half a write */
}

static int true_clock(clockid_t clock, struct timespec *ts) {
  return (int) syscall(SYS_clock_gettime, clock, ts);
}

static void shift(struct timespec *ts, int64_t us) {
  int64_t ns = (int64_t) ts->tv_nsec + (us % 1000000) * 1000;
  ts->tv_sec += us / 1000000 + ns / 1000000000;
  ns %= 1000000000;
  if (ns < 0) {
    ns += 1000000000;
    ts->tv_sec -= 1;
  }
  ts->tv_nsec = ns;
}

static int wall_clock(clockid_t clock, struct timespec *ts) {
  int r = true_clock(clock, ts);
  if (r == 0) shift(ts, offset());
  return r;
}

int clock_gettime(clockid_t clock, struct timespec *ts) {
  if (clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_COARSE) return wall_clock(clock, ts);
  return true_clock(clock, ts);
}

/* glibc declares tv nonnull, yet callers may pass NULL for the zone alone. */
#pragma GCC diagnostic ignored "-Wnonnull-compare"
int gettimeofday(struct timeval *restrict tv, void *restrict tz) {
  struct timespec ts;
  if (wall_clock(CLOCK_REALTIME, &ts) != 0) return -1;
  if (tv != NULL) {
    tv->tv_sec = ts.tv_sec;
    tv->tv_usec = ts.tv_nsec / 1000;
  }
  if (tz != NULL) {
    struct timezone *zone = tz;
    zone->tz_minuteswest = 0;
    zone->tz_dsttime = 0;
  }
  return 0;
}

time_t time(time_t *t) {
  struct timespec ts;
  if (wall_clock(CLOCK_REALTIME, &ts) != 0) return (time_t) -1;
  if (t != NULL) *t = ts.tv_sec;
  return ts.tv_sec;
}

int timespec_get(struct timespec *ts, int base) {
  if (base != TIME_UTC || wall_clock(CLOCK_REALTIME, ts) != 0) return 0;
  return base;
}
