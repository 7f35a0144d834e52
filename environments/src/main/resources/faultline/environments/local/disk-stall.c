/*
 * faultline's disk-stall shim, preloaded (LD_PRELOAD) into the servers faultline starts when a
 * run asks for the disk-stall fault. It delays the calls that wait for the disk (fsync,
 * fdatasync, syncfs, sync_file_range, msync) while a stall is on, as a slow or saturated disk
 * would, and then makes the real call: nothing is lost or reordered, only late.
 *
 * Controlled by one file, named by the environment variable FAULTLINE_DISK_STALL_FILE (the
 * node's folder holds it): a decimal number of milliseconds, the delay of each call; 0, an empty
 * file or no file is no stall. The file is read at every call, so a nemesis starts and stops the
 * stall while the server runs; a call that is waiting notices a stop within 50 ms and goes on.
 *
 * Built by faultline itself (environments/local/PreloadLibraries) with gcc -shared -fPIC.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define SLICE_MS 50
#define MAX_DELAY_MS 600000L

static const char *control_file(void) {
  static const char *path;
  static int looked;
  if (!looked) {
    path = getenv("FAULTLINE_DISK_STALL_FILE");
    looked = 1;
  }
  return path;
}

/* The delay the control file asks for now, in ms; 0 when there is none. */
static long stall_ms(void) {
  const char *path = control_file();
  if (path == NULL || *path == '\0') return 0;
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return 0;
  char text[32];
  ssize_t n = read(fd, text, sizeof text - 1);
  close(fd);
  if (n <= 0) return 0;
  text[n] = '\0';
  char *end;
  long ms = strtol(text, &end, 10);
  if (end == text || ms <= 0) return 0;
  return ms > MAX_DELAY_MS ? MAX_DELAY_MS : ms;
}

/* Waits out the stall, if one is on; keeps errno as the caller left it. */
static void stall(void) {
  int saved = errno;
  long ms = stall_ms();
  long waited = 0;
  while (ms > 0 && waited < ms) {
    long slice = ms - waited < SLICE_MS ? ms - waited : SLICE_MS;
    struct timespec pause = {slice / 1000, (slice % 1000) * 1000000L};
    while (nanosleep(&pause, &pause) != 0 && errno == EINTR) {
    }
    waited += slice;
    ms = stall_ms(); /* a stop, or a new delay, takes effect at once */
  }
  errno = saved;
}

/* The libc function this one stands in for (looked up once; a race looks it up twice, harmlessly). */
#define REAL(name) \
  static __typeof__(name) *real_##name; \
  if (real_##name == NULL) real_##name = (__typeof__(name) *) dlsym(RTLD_NEXT, #name)

int fsync(int fd) {
  REAL(fsync);
  stall();
  return real_fsync(fd);
}

int fdatasync(int fd) {
  REAL(fdatasync);
  stall();
  return real_fdatasync(fd);
}

int syncfs(int fd) {
  REAL(syncfs);
  stall();
  return real_syncfs(fd);
}

int sync_file_range(int fd, off64_t offset, off64_t nbytes, unsigned int flags) {
  REAL(sync_file_range);
  /* Only a range write that waits for the disk is a wait; starting write-back is not. */
  if (flags & SYNC_FILE_RANGE_WAIT_AFTER) stall();
  return real_sync_file_range(fd, offset, nbytes, flags);
}

int msync(void *addr, size_t length, int flags) {
  REAL(msync);
  if (flags & MS_SYNC) stall();
  return real_msync(addr, length, flags);
}
